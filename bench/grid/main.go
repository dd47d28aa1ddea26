// Command grid makes N completed grids B-1 (candidate 2022-001 of the
// example session) in one format, in process, and prints the throughput in
// the form of ../shared/bench/peers: "ENGINE N docs MS ms RATE docs/s AVG bytes".
//
//	go run ./bench/grid -format pdf -n 200
//	go run ./bench/grid -format pdf -n 200 -certificateur certificateur/testdata/profil.yaml
//
// With -certificateur, the grids carry the profile's logo and colour, and
// the engine is named certidoc-FORMAT-profil.
package main

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"time"

	"certidoc/certificateur"
	"certidoc/documents"
	"certidoc/generator"
	"certidoc/referentiel"
	"certidoc/session"
)

func main() {
	format := flag.String("format", "pdf", "pdf or docx")
	n := flag.Int("n", 200, "documents")
	sessPath := flag.String("session", "testdata/session-exemple.json", "the example session")
	profil := flag.String("certificateur", "", "a certifier's profile (logo, colour)")
	flag.Parse()
	if err := run(*format, *n, *sessPath, *profil); err != nil {
		fmt.Fprintln(os.Stderr, "grid :", err)
		os.Exit(1)
	}
}

func run(format string, n int, sessPath, profil string) error {
	ref, err := referentiel.Embedded()
	if err != nil {
		return err
	}
	data, err := os.ReadFile(sessPath)
	if err != nil {
		return err
	}
	s, _, err := session.Parse(data, ref, generator.Font())
	if err != nil {
		return err
	}
	f, err := generator.ParseFormat(format)
	if err != nil {
		return err
	}
	b, _ := ref.Bloc("B")
	e, _ := b.Epreuve(1)
	opt := generator.Options{Now: time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC)}
	engine := "certidoc-" + format
	if profil != "" {
		p, err := certificateur.LoadFile(profil)
		if err != nil {
			return err
		}
		if opt.Habillage, err = generator.NewHabillage(p); err != nil {
			return err
		}
		engine += "-profil"
	}
	var buf bytes.Buffer
	total := 0
	start := time.Now()
	for range n {
		buf.Reset()
		// The document is described for each copy, as a request would.
		if err := generator.Render(&buf, documents.GrilleRemplie(ref, b, e, &s.Candidats[0]), f, opt); err != nil {
			return err
		}
		total += buf.Len()
	}
	ms := float64(time.Since(start).Microseconds()) / 1000
	fmt.Printf("%s %d docs %.0f ms %.1f docs/s %d bytes\n", engine, n, ms, float64(n)/(ms/1000), total/n)
	return nil
}
