package api

import (
	"bytes"
	"context"
	"io"
	"log/slog"
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
	defer reg.Close()
	c := DefaultConfig()
	c.Registre, c.URLPublique = reg, "https://certidoc.exemple.fr"
	c.VerifierRate, c.VerifierBurst = 1e9, 1e6
	log, logs := NewLogger(io.Discard, slog.LevelInfo) // the service's log, written nowhere
	defer logs.Close()
	h := New(c, ref, log, fixedNow).Handler()
	body, err := os.ReadFile("../testdata/session-exemple.json")
	if err != nil {
		b.Fatal(err)
	}
	if !filled {
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
	b.ReportAllocs()
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		i := 0
		for pb.Next() {
			i++
			req := httptest.NewRequest("GET", "/verifier/"+docs[i%len(docs)].CodeAffiche(), nil)
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
