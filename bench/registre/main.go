// Command registre fills a registre with copies of a generated session,
// each under its own identifier, and prints the time of each closing and
// the number of entries; it writes a sample of the short codes, one a
// line, for bench/registre.sh to look up with wrk. With -tous it only
// writes every current code of the registre.
//
//	go run ./bench/gensession -n 300 > s.json
//	go run ./bench/registre -session s.json -copies 56 -donnees DIR -codes codes.txt
//	go run ./bench/registre -donnees DIR -tous tous.txt
package main

import (
	"bufio"
	"context"
	"flag"
	"fmt"
	"os"
	"slices"
	"time"

	"certidoc/generator"
	"certidoc/referentiel"
	"certidoc/registre"
	"certidoc/session"
)

func main() {
	sess := flag.String("session", "", "session JSON (bench/gensession)")
	copies := flag.Int("copies", 1, "how many copies to close, each under its own identifier")
	dir := flag.String("donnees", "", "data folder of the SQLite registre")
	base := flag.String("base", "", "or a PostgreSQL registre")
	codes := flag.String("codes", "", "file to write a sample of short codes to")
	tous := flag.String("tous", "", "only write every current short code of the registre to this file")
	flag.Parse()
	if *tous != "" {
		if err := writeAll(registre.Config{Dir: *dir, Postgres: *base}, *tous); err != nil {
			fmt.Fprintln(os.Stderr, "registre :", err)
			os.Exit(1)
		}
		return
	}
	if err := run(*sess, *copies, registre.Config{Dir: *dir, Postgres: *base}, *codes); err != nil {
		fmt.Fprintln(os.Stderr, "registre :", err)
		os.Exit(1)
	}
}

func run(path string, copies int, cfg registre.Config, codesPath string) error {
	ref, err := referentiel.Embedded()
	if err != nil {
		return err
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	ctx := context.Background()
	reg, err := registre.Open(ctx, cfg, time.Now)
	if err != nil {
		return err
	}
	defer reg.Close()
	var times []time.Duration
	var sample []string
	total := 0
	for k := range copies {
		s, _, err := session.Parse(data, ref, generator.Font())
		if err != nil {
			return err
		}
		s.Session.Identifiant = fmt.Sprintf("%s-%04d", s.Session.Identifiant, k+1)
		start := time.Now()
		c, err := reg.Cloturer(ctx, ref, s, registre.Request{ID: "bench"})
		if err != nil {
			return err
		}
		times = append(times, time.Since(start))
		total += len(c.Documents)
		for i, e := range c.Documents {
			if i%97 == 0 {
				sample = append(sample, registre.FormatCode(e.Code))
			}
		}
	}
	slices.Sort(times)
	fmt.Printf("%d closings of %d entries on average, %d entries in all (%s)\n", copies, total/copies, total, reg.Where())
	fmt.Printf("closing time: min %v, median %v, max %v\n", times[0].Round(time.Millisecond), times[len(times)/2].Round(time.Millisecond), times[len(times)-1].Round(time.Millisecond))
	if codesPath != "" {
		f, err := os.Create(codesPath)
		if err != nil {
			return err
		}
		defer f.Close()
		for _, c := range sample {
			fmt.Fprintln(f, c)
		}
	}
	return nil
}

// writeAll writes every current short code of the registre, one a line.
func writeAll(cfg registre.Config, path string) error {
	ctx := context.Background()
	reg, err := registre.Open(ctx, cfg, time.Now)
	if err != nil {
		return err
	}
	defer reg.Close()
	sessions, err := reg.Sessions(ctx)
	if err != nil {
		return err
	}
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	w := bufio.NewWriter(f)
	n := 0
	for _, s := range sessions {
		c, err := reg.Session(ctx, s.Session)
		if err != nil {
			f.Close()
			return err
		}
		for _, e := range c.Documents {
			fmt.Fprintln(w, registre.FormatCode(e.Code))
			n++
		}
	}
	if err := w.Flush(); err != nil {
		f.Close()
		return err
	}
	fmt.Printf("%d codes written to %s\n", n, path)
	return f.Close()
}
