package main

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"sync"
)

// limits replays the amplifications of issue 27 (faults 2, 7, 8, 9, 10):
// each input a client controls costs the service a bounded answer, memory
// and time.
func (a *attack) limits() {
	a.revocationBodies()
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

// residentMemory is the service's resident memory as /metrics tells it
// (process_resident_memory_bytes), 0 when it cannot be read.
func (a *attack) residentMemory() int64 {
	res, err := a.client.Get(a.base + "/metrics")
	if err != nil {
		return 0
	}
	defer res.Body.Close()
	sc := bufio.NewScanner(res.Body)
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), "process_resident_memory_bytes "); ok {
			f, _ := strconv.ParseFloat(v, 64)
			return int64(f)
		}
	}
	return 0
}
