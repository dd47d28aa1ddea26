// Command fault sends hostile requests to a certidoc service on loopback
// while normal requests run, then checks that every normal request
// succeeded and that the service is still healthy. Counts and time are
// bounded.
//
//	go run ./bench/fault -url http://127.0.0.1:8080 -session testdata/session-exemple.json
package main

import (
	"archive/zip"
	"bytes"
	"context"
	"flag"
	"fmt"
	"io"
	"mime/multipart"
	"net"
	"net/http"
	"net/url"
	"os"
	"sync"
	"sync/atomic"
	"time"
)

func main() {
	base := flag.String("url", "http://127.0.0.1:8080", "the service, on loopback")
	sessPath := flag.String("session", "testdata/session-exemple.json", "a valid session")
	normal := flag.Int("n", 60, "normal requests")
	flag.Parse()
	if err := run(*base, *sessPath, *normal); err != nil {
		fmt.Fprintln(os.Stderr, "fault :", err)
		os.Exit(1)
	}
}

func run(base, sessPath string, n int) error {
	u, err := url.Parse(base)
	if err != nil {
		return err
	}
	if host := u.Hostname(); host != "127.0.0.1" && host != "localhost" && host != "::1" {
		return fmt.Errorf("loopback only, not %s", host)
	}
	sess, err := os.ReadFile(sessPath)
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	client := &http.Client{Timeout: 60 * time.Second}

	// Normal requests, all of which must succeed (503 is retried).
	var ok, failed atomic.Int64
	var wg sync.WaitGroup
	normalReq := func(i int) {
		defer wg.Done()
		for attempt := 0; attempt < 20; attempt++ {
			var req *http.Request
			switch i % 3 {
			case 0:
				req, _ = http.NewRequestWithContext(ctx, "GET", base+"/api/v1/grilles/B/1", nil)
			case 1:
				req, _ = http.NewRequestWithContext(ctx, "POST", base+"/api/v1/valider", bytes.NewReader(sess))
				req.Header.Set("Content-Type", "application/json")
			default:
				req, _ = http.NewRequestWithContext(ctx, "POST", base+"/api/v1/proces-verbal", bytes.NewReader(sess))
				req.Header.Set("Content-Type", "application/json")
			}
			res, err := client.Do(req)
			if err != nil {
				failed.Add(1)
				return
			}
			io.Copy(io.Discard, res.Body)
			res.Body.Close()
			if res.StatusCode == http.StatusServiceUnavailable {
				time.Sleep(200 * time.Millisecond)
				continue
			}
			if res.StatusCode == 200 {
				ok.Add(1)
			} else {
				failed.Add(1)
			}
			return
		}
		failed.Add(1)
	}

	// Hostile requests: what each sent and what came back.
	type fault struct {
		name string
		do   func() (int, error)
	}
	post := func(path, ct string, body io.Reader) (int, error) {
		req, _ := http.NewRequestWithContext(ctx, "POST", base+path, body)
		req.Header.Set("Content-Type", ct)
		res, err := client.Do(req)
		if err != nil {
			return 0, err
		}
		io.Copy(io.Discard, res.Body)
		res.Body.Close()
		return res.StatusCode, nil
	}
	upload := func(data []byte) (io.Reader, string) {
		var b bytes.Buffer
		mw := multipart.NewWriter(&b)
		w, _ := mw.CreateFormFile("fichier", "saisie.xlsx")
		w.Write(data)
		mw.Close()
		return &b, mw.FormDataContentType()
	}
	faults := []fault{
		{"JSON malformé", func() (int, error) {
			return post("/api/v1/proces-verbal", "application/json", bytes.NewReader([]byte(`{"session": [`)))
		}},
		{"mauvais type de contenu (XML)", func() (int, error) {
			return post("/api/v1/dossier", "application/xml", bytes.NewReader([]byte(`<session/>`)))
		}},
		{"corps énorme (64 Mo)", func() (int, error) {
			return post("/api/v1/valider", "application/json", io.LimitReader(zeros{}, 64<<20))
		}},
		{"bombe zip (256 Mo décompressés)", func() (int, error) {
			body, ct := upload(bomb())
			return post("/api/v1/import", ct, body)
		}},
		{"envoi tronqué", func() (int, error) { return truncated(u.Host) }},
		{"client lent (1 octet par seconde)", func() (int, error) { return slow(u.Host) }},
		{"session invalide", func() (int, error) {
			return post("/api/v1/dossier", "application/json", bytes.NewReader(bytes.Replace(sess, []byte(`"sexe": "F"`), []byte(`"sexe": 3`), 1)))
		}},
	}
	results := make([]string, len(faults))
	for i := range n {
		wg.Add(1)
		go normalReq(i)
	}
	var fw sync.WaitGroup
	for i, f := range faults {
		fw.Add(1)
		go func() {
			defer fw.Done()
			code, err := f.do()
			if err == nil && code == 0 {
				results[i] = fmt.Sprintf("%-36s → client parti ; le service a abandonné la requête", f.name)
				return
			}
			if err != nil {
				results[i] = fmt.Sprintf("%-36s → connexion fermée par le service (%v)", f.name, shorten(err))
			} else {
				results[i] = fmt.Sprintf("%-36s → HTTP %d", f.name, code)
			}
		}()
	}
	fw.Wait()
	wg.Wait()
	for _, r := range results {
		fmt.Println(r)
	}
	res, err := client.Get(base + "/healthz")
	healthy := err == nil && res.StatusCode == 200
	fmt.Printf("requêtes normales : %d réussies, %d échouées ; service en bonne santé : %v\n", ok.Load(), failed.Load(), healthy)
	if failed.Load() > 0 || !healthy {
		return fmt.Errorf("the service did not hold")
	}
	return nil
}

type zeros struct{}

func (zeros) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = 0
	}
	return len(p), nil
}

func bomb() []byte {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, _ := zw.Create("xl/worksheets/sheet1.xml")
	chunk := make([]byte, 1<<20)
	for range 256 {
		w.Write(chunk)
	}
	zw.Close()
	return buf.Bytes()
}

// truncated announces a body and sends half of it, then hangs up.
func truncated(host string) (int, error) {
	c, err := net.DialTimeout("tcp", host, 5*time.Second)
	if err != nil {
		return 0, err
	}
	fmt.Fprintf(c, "POST /api/v1/valider HTTP/1.1\r\nHost: %s\r\nContent-Type: application/json\r\nContent-Length: 10000\r\n\r\n{\"session\":", host)
	time.Sleep(200 * time.Millisecond)
	c.Close()
	return 0, nil // the client went away: nothing to read
}

// slow sends its body one byte a second until the service gives up.
func slow(host string) (int, error) {
	c, err := net.DialTimeout("tcp", host, 5*time.Second)
	if err != nil {
		return 0, err
	}
	defer c.Close()
	fmt.Fprintf(c, "POST /api/v1/valider HTTP/1.1\r\nHost: %s\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n", host)
	deadline := time.Now().Add(40 * time.Second)
	for time.Now().Before(deadline) {
		if _, err := c.Write([]byte(" ")); err != nil {
			return 0, err
		}
		time.Sleep(time.Second)
	}
	return 0, fmt.Errorf("still open after 40 s")
}

func shorten(err error) string {
	s := err.Error()
	if len(s) > 60 {
		s = s[:60] + "…"
	}
	return s
}
