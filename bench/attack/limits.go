package main

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"
)

// limits replays the amplifications of issue 27 (faults 2, 7, 8, 9, 10;
// workbooks.go for 2 and 10):
// each input a client controls costs the service a bounded answer, memory
// and time.
func (a *attack) limits() {
	a.revocationBodies()
	a.metricsScrapes()
	a.lookupsFromManyAddresses()
	a.lookupsThroughProxy()
	a.hostileWorkbooks()
}

// revocationBodies (27-7): sixteen revocations of 60 MB at once, announced
// or chunked, each refused (413) without the service reading them: its
// memory grows by far less than what they sent.
func (a *attack) revocationBodies() {
	const each, clients = 60 << 20, 16
	body := bytes.Repeat([]byte("x"), each)
	copy(body, `{"motif": "`)
	before := a.residentMemory()
	var wg sync.WaitGroup
	for i := range clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var r io.Reader = bytes.NewReader(body)
			name := "annoncé"
			if i%2 == 1 {
				r, name = io.MultiReader(r), "découpé (chunked)" // no length: sent chunked
			}
			status, err := a.send("27-07 corps de révocation", "POST", "/api/v1/registre/documents/INCONNU/revocation", "application/json", r)
			if err == nil && status != 413 {
				a.fail("27-7 révocation de 60 Mo (%s) : statut %d, attendu 413", name, status)
			}
		}()
	}
	wg.Wait()
	after := a.residentMemory()
	if before > 0 && after > before+128<<20 {
		a.fail("27-7 seize révocations de 60 Mo : la mémoire du service passe de %d à %d Mo", before>>20, after>>20)
	}
	fmt.Printf("27-7 seize révocations de 60 Mo : mémoire du service %d Mo avant, %d Mo après\n", before>>20, after>>20)
}

// metricsScrapes (27-8): /metrics is open to anyone; a scrape costs the
// service the same whatever the size of its registre (the late-holders
// gauge is counted when the registre changes, not per scrape).
func (a *attack) metricsScrapes() {
	const scrapes = 40
	cpu0 := a.metric("process_cpu_seconds_total")
	start := time.Now()
	for range scrapes {
		a.do(req{group: "27-08 /metrics", method: "GET", path: "/metrics", noToken: true})
	}
	wall := time.Since(start)
	cpu := a.metric("process_cpu_seconds_total") - cpu0
	per := time.Duration(cpu / scrapes * float64(time.Second))
	fmt.Printf("27-8 %d lectures de /metrics : %s de CPU du service par lecture (%s chacune), %s titulaires à déclarer\n",
		scrapes, per.Round(100*time.Microsecond), (wall / scrapes).Round(100*time.Microsecond), strconv.FormatFloat(a.metric("certidoc_registre_titulaires_a_declarer"), 'f', -1, 64))
	if per > 20*time.Millisecond {
		a.fail("27-8 une lecture de /metrics coûte %s de CPU au service", per)
	}
}

// lookupsFromManyAddresses (27-9): one host trying codes from 1,000
// loopback source addresses at once gets no more than the ceiling of
// lookups a second for all clients (--verifier-plafond), not 1,000
// buckets' worth.
func (a *attack) lookupsFromManyAddresses() {
	const sources, workers = 1000, 16
	jobs := make(chan int)
	var wg sync.WaitGroup
	var mu sync.Mutex
	statuses := map[int]int{}
	start := time.Now()
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range jobs {
				ip := net.IPv4(127, 1, byte(i>>8), byte(i))
				st := a.lookupFrom(ip, "27-09 1 000 adresses", "")
				mu.Lock()
				statuses[st]++
				mu.Unlock()
			}
		}()
	}
	for i := range sources {
		jobs <- i
	}
	close(jobs)
	wg.Wait()
	d := time.Since(start)
	answered := statuses[404] + statuses[200]
	fmt.Printf("27-9 %d vérifications depuis %d adresses en %s : %d abouties (%.0f par seconde), %d refusées (503)\n",
		sources, sources, d.Round(time.Millisecond), answered, float64(answered)/d.Seconds(), statuses[503])
	if allowed := a.ceiling*(1+d.Seconds()) + 10; float64(answered) > allowed {
		a.fail("27-9 %d vérifications abouties depuis %d adresses en %s : plus que le plafond de %g par seconde", answered, sources, d.Round(time.Millisecond), a.ceiling)
	}
	time.Sleep(time.Duration(float64(time.Second) * (1 + 100/a.ceiling))) // the ceiling's bucket fills again
}

// lookupsThroughProxy (27-9): behind the trusted proxy 127.0.0.2 (attack.sh
// starts the service with --proxy-de-confiance 127.0.0.2), each client of
// X-Forwarded-For has its own limit, whatever it forges on the left of the
// header; from an address that is not a proxy, the header is ignored.
func (a *attack) lookupsThroughProxy() {
	proxy, direct := net.IPv4(127, 0, 0, 2), net.IPv4(127, 0, 0, 3)
	limited := func(ip net.IP, xff func(i int) string) bool {
		for i := range 40 {
			if a.lookupFrom(ip, "27-09 X-Forwarded-For", xff(i)) == 429 {
				return true
			}
		}
		return false
	}
	if !limited(proxy, func(i int) string { return fmt.Sprintf("198.51.100.%d, 192.0.2.77", i+1) }) {
		a.fail("27-9 un client derrière le proxy de confiance qui change la gauche de X-Forwarded-For n’est jamais limité")
	}
	if st := a.lookupFrom(proxy, "27-09 X-Forwarded-For", "192.0.2.78"); st != 404 {
		a.fail("27-9 un autre client derrière le même proxy : statut %d, attendu 404 (chaque client a sa limite)", st)
	}
	if !limited(direct, func(i int) string { return fmt.Sprintf("198.51.100.%d", i+1) }) {
		a.fail("27-9 un client qui envoie lui-même X-Forwarded-For (sans proxy) n’est jamais limité")
	}
}

// lookupFrom looks a code that does not exist up from the source address
// ip, with X-Forwarded-For when xff is set; it returns the status (0 when
// none).
func (a *attack) lookupFrom(ip net.IP, group, xff string) int {
	d := &net.Dialer{LocalAddr: &net.TCPAddr{IP: ip}, Timeout: time.Second}
	c := &http.Client{Timeout: hang, Transport: &http.Transport{DialContext: d.DialContext, DisableKeepAlives: true}}
	hr, err := http.NewRequest("GET", a.base+"/verifier/AAAAA-AAAAA", nil)
	if err != nil {
		return 0
	}
	if xff != "" {
		hr.Header.Set("X-Forwarded-For", xff)
	}
	code, status := "abort", 0
	res, err := c.Do(hr)
	if err == nil {
		_, _ = io.Copy(io.Discard, res.Body)
		res.Body.Close()
		status, code = res.StatusCode, strconv.Itoa(res.StatusCode)
	} else {
		a.fail("27-9 vérification depuis %s : %v", ip, err)
	}
	a.mu.Lock()
	if a.counts[group] == nil {
		a.counts[group] = map[string]int{}
	}
	a.counts[group][code]++
	a.total++
	a.mu.Unlock()
	return status
}

// send sends one request whose body is a reader (chunked when its length
// is unknown) and counts its status; a connection the service closes
// after answering early is the answer, not a failure.
func (a *attack) send(group, method, path, contentType string, body io.Reader) (int, error) {
	ctx, cancel := context.WithTimeout(context.Background(), hang)
	defer cancel()
	hr, err := http.NewRequestWithContext(ctx, method, a.base+path, body)
	if err != nil {
		return 0, err
	}
	hr.Header.Set("Content-Type", contentType)
	if a.token != "" {
		hr.Header.Set("Authorization", "Bearer "+a.token)
	}
	res, err := a.client.Do(hr)
	code := "abort"
	status := 0
	if err == nil {
		_, _ = io.Copy(io.Discard, io.LimitReader(res.Body, 1<<20))
		res.Body.Close()
		status, code = res.StatusCode, strconv.Itoa(res.StatusCode)
	} else {
		a.fail("%s %s [%s] : %v", method, short(path), group, err)
	}
	a.mu.Lock()
	if a.counts[group] == nil {
		a.counts[group] = map[string]int{}
	}
	a.counts[group][code]++
	a.total++
	a.mu.Unlock()
	return status, err
}

// residentMemory is the service's resident memory as /metrics tells it,
// 0 when it cannot be read.
func (a *attack) residentMemory() int64 { return int64(a.metric("process_resident_memory_bytes")) }

// metric reads one unlabelled metric of the service's /metrics, 0 when it
// cannot be read.
func (a *attack) metric(name string) float64 {
	res, err := a.client.Get(a.base + "/metrics")
	if err != nil {
		return 0
	}
	defer res.Body.Close()
	sc := bufio.NewScanner(res.Body)
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), name+" "); ok {
			f, _ := strconv.ParseFloat(v, 64)
			return f
		}
	}
	return 0
}
