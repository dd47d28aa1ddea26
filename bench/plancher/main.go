// Command plancher is the floor bench/registre.sh measures the
// verification page against: a bare net/http server that answers every
// GET with a fixed page of the size of a verification page and the same
// headers, and the service's connection timeouts, with no router,
// middleware, log, metrics or lookup. What wrk
// measures on it is what the machine, the kernel's loopback and Go's HTTP
// server cost at best, with the same load on the same cores.
//
//	go run ./bench/plancher -addr 127.0.0.1:18200 -taille 1518
package main

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"flag"
	"log"
	"net/http"
	"time"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:18200", "address to listen on (loopback)")
	size := flag.Int("taille", 1518, "bytes of the page")
	flag.Parse()
	page := bytes.Repeat([]byte("x"), *size)
	headers := map[string][]string{
		"Cache-Control":           {"no-store"},
		"Content-Security-Policy": {"default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"},
		"Content-Type":            {"text/html; charset=UTF-8"},
		"Referrer-Policy":         {"no-referrer"},
		"X-Content-Type-Options":  {"nosniff"},
		"X-Frame-Options":         {"DENY"},
	}
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		out := w.Header()
		for k, v := range headers {
			out[k] = v
		}
		var id [12]byte
		rand.Read(id[:])
		out["X-Request-Id"] = []string{hex.EncodeToString(id[:])}
		w.Write(page)
	})
	// The service's defaults (api.DefaultConfig).
	srv := &http.Server{Addr: *addr, Handler: h, ReadTimeout: 15 * time.Second, ReadHeaderTimeout: 15 * time.Second,
		WriteTimeout: 60 * time.Second, IdleTimeout: 120 * time.Second}
	log.Fatal(srv.ListenAndServe())
}
