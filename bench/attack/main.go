// Command attack replays, against a certidoc service on loopback, every
// fault of issue 13 and a bounded random mutation fuzzer over the POST
// routes, then prints a table of statuses. It exits 1 on any 5xx other
// than 503 and 501, any request without an answer after 10 s, any
// malformed output (PDF, ZIP, DOCX, XLSX, XML, JSON) or any replay that did
// not end as it must. Counts and time are bounded.
//
//	go run ./bench/attack -url http://127.0.0.1:8080 -token T -session testdata/session-exemple.json -n 1500
package main

import (
	"flag"
	"fmt"
	"net/url"
	"os"
	"time"
)

func main() {
	base := flag.String("url", "http://127.0.0.1:8080", "the service, on loopback only")
	token := flag.String("token", "", "the service's token, if it has one")
	sessPath := flag.String("session", "testdata/session-exemple.json", "a valid session with holders")
	xsd := flag.String("xsd", "", "the accrochage XSD: every XML answered is checked with xmllint --schema")
	n := flag.Int("n", 1500, "requests of the mutation fuzzer")
	workers := flag.Int("c", 8, "concurrent clients of the fuzzer")
	maxTime := flag.Duration("max-time", 10*time.Minute, "the whole run stops after this time")
	seed := flag.Uint64("seed", 13, "the fuzzer's seed (the same seed, the same requests)")
	ceiling := flag.Float64("verifier-plafond", 100, "the service's --verifier-plafond (lookups a second for all clients)")
	keep := flag.String("garder", "", "a folder where the hostile workbooks of issue 27 are written too")
	only := flag.String("only", "", "limits: replay only the amplifications of issue 27 (to measure them); silence: only the silent databases")
	bin := flag.String("certidoc", "", "the certidoc binary: the silent databases of issue 27 are replayed on services it starts on loopback (skipped without)")
	pg := flag.String("base", "", "a PostgreSQL server (postgres://…) for the silent PostgreSQL replay, in a schema of its own (skipped without)")
	flag.Parse()
	u, err := url.Parse(*base)
	if err != nil || (u.Hostname() != "127.0.0.1" && u.Hostname() != "localhost" && u.Hostname() != "::1") {
		fmt.Fprintf(os.Stderr, "attack : loopback seulement (127.0.0.1, localhost, ::1), pas « %s »\n", *base)
		os.Exit(2)
	}
	sess, err := os.ReadFile(*sessPath)
	if err != nil {
		fmt.Fprintln(os.Stderr, "attack :", err)
		os.Exit(2)
	}
	a := newAttack(*base, *token, sess, *xsd)
	a.ceiling, a.keep = *ceiling, *keep
	deadline := time.Now().Add(*maxTime)
	start := time.Now()
	switch *only {
	case "limits":
		a.limits()
	case "silence":
		a.silentBase(*bin, *pg)
	default:
		a.replays()
		a.injections()
		a.registre()
		a.registre27()
		a.limits()
		a.fuzz(*n, *workers, *seed, deadline)
		if *bin != "" {
			a.silentBase(*bin, *pg)
		}
	}
	ok := a.report(os.Stdout, time.Since(start))
	if !ok {
		os.Exit(1)
	}
}
