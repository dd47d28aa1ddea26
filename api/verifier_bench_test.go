package api

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"strconv"
	"testing"

	"certidoc/referentiel"
	"certidoc/registre"
)

// BenchmarkVerifier looks up the short codes of a closed session on
// /verifier/{code} through the whole middleware stack, from many
// goroutines: the route bench/registre.sh measures with wrk.
//
//	go test ./api -run '^$' -bench Verifier -cpuprofile cpu.out
//
// With CERTIDOC_BENCH_DONNEES=DIR it looks up the registre in DIR (filled
// by bench/registre.sh with DONNEES=…) instead of the example's.
func BenchmarkVerifier(b *testing.B) {
	h, codes := verifierBench(b)
	b.ReportAllocs()
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		i := 0
		for pb.Next() {
			i++
			req := httptest.NewRequest("GET", "/verifier/"+codes[i%len(codes)], nil)
			req.RemoteAddr = "127.0.0.1:" + strconv.Itoa(40000+i%100)
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, req)
			if rec.Code != http.StatusOK {
				b.Errorf("lookup: %d", rec.Code)
				return
			}
		}
	})
}

// BenchmarkVerifierLoopback is BenchmarkVerifier through net/http on a
// loopback port, as wrk asks: one kept-alive connection per goroutine
// and a client that allocates nothing, so that the allocations counted
// are the service's (net/http's included).
func BenchmarkVerifierLoopback(b *testing.B) {
	h, codes := verifierBench(b)
	srv := &http.Server{Handler: h}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		b.Fatal(err)
	}
	go srv.Serve(l)
	defer srv.Close()
	reqs := make([][]byte, len(codes))
	for i, code := range codes {
		reqs[i] = []byte("GET /verifier/" + code + " HTTP/1.1\r\nHost: certidoc.exemple.fr\r\n\r\n")
	}
	b.ReportAllocs()
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		conn, err := net.Dial("tcp", l.Addr().String())
		if err != nil {
			b.Error(err)
			return
		}
		defer conn.Close()
		r := bufio.NewReader(conn)
		i := 0
		for pb.Next() {
			i++
			if _, err := conn.Write(reqs[i%len(reqs)]); err != nil {
				b.Error(err)
				return
			}
			if err := readAnswer(r); err != nil {
				b.Error(err)
				return
			}
		}
	})
}

// readAnswer reads one answer of status 200 and its body, allocating
// nothing.
func readAnswer(r *bufio.Reader) error {
	line, err := r.ReadSlice('\n')
	if err != nil {
		return err
	}
	if !bytes.HasPrefix(line, []byte("HTTP/1.1 200 ")) {
		return fmt.Errorf("answer %q", line)
	}
	size := -1
	for {
		line, err := r.ReadSlice('\n')
		if err != nil {
			return err
		}
		if len(line) <= 2 {
			break
		}
		if v, ok := bytes.CutPrefix(line, []byte("Content-Length: ")); ok {
			size = 0
			for _, c := range bytes.TrimSpace(v) {
				size = size*10 + int(c-'0')
			}
		}
	}
	if size < 0 {
		return errors.New("answer without Content-Length")
	}
	_, err = r.Discard(size)
	return err
}

// verifierBench is a service on the example's registre, or the one in
// CERTIDOC_BENCH_DONNEES, that never limits lookups, and the codes it
// holds.
func verifierBench(b *testing.B) (http.Handler, []string) {
	b.Helper()
	ref, err := referentiel.Embedded()
	if err != nil {
		b.Fatal(err)
	}
	dir, filled := os.LookupEnv("CERTIDOC_BENCH_DONNEES")
	if !filled {
		dir = b.TempDir()
	}
	reg, err := registre.Open(context.Background(), registre.Config{Dir: dir}, fixedNow)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { reg.Close() })
	c := DefaultConfig()
	c.Registre, c.URLPublique = reg, "https://certidoc.exemple.fr"
	c.VerifierRate, c.VerifierBurst, c.VerifierCeiling = 1e9, 1e6, 1e9
	log, logs := NewLogger(io.Discard, slog.LevelInfo) // the service's log, written nowhere
	b.Cleanup(func() { logs.Close() })
	h := New(c, ref, log, fixedNow).Handler()
	if !filled {
		body, err := os.ReadFile("../testdata/session-exemple.json")
		if err != nil {
			b.Fatal(err)
		}
		req := httptest.NewRequest("POST", "/api/v1/registre/sessions", bytes.NewReader(body))
		req.RemoteAddr = "127.0.0.1:1234"
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code != http.StatusCreated {
			b.Fatalf("close: %d %s", rec.Code, rec.Body)
		}
	}
	docs, err := reg.Liste(context.Background(), registre.Filter{Tous: true})
	if err != nil || len(docs) == 0 {
		b.Fatalf("liste: %d entries, %v", len(docs), err)
	}
	codes := make([]string, 0, len(docs))
	for _, d := range docs {
		if !d.Revoque() {
			codes = append(codes, d.CodeAffiche())
		}
	}
	return h, codes
}
