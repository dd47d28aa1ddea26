// Command stream posts a session to a dossier URL and prints, in seconds,
// the time to the first byte of the answer's body, the total time, the
// status and the bytes received:
//
//	go run ./bench/stream URL session.json
package main

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"os"
	"time"
)

func main() {
	if len(os.Args) != 3 {
		fmt.Fprintln(os.Stderr, "usage : stream URL SESSION.json")
		os.Exit(2)
	}
	if err := run(os.Args[1], os.Args[2]); err != nil {
		fmt.Fprintln(os.Stderr, "stream :", err)
		os.Exit(1)
	}
}

func run(url, path string) error {
	data, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	start := time.Now()
	res, err := http.Post(url, "application/json", bytes.NewReader(data))
	if err != nil {
		return err
	}
	defer res.Body.Close()
	first := make([]byte, 1)
	n, err := io.ReadFull(res.Body, first)
	ttfb := time.Since(start)
	if err != nil {
		return fmt.Errorf("first byte: %w", err)
	}
	rest, err := io.Copy(io.Discard, res.Body)
	if err != nil {
		return err
	}
	fmt.Printf("%d %.3f %.3f %d\n", res.StatusCode, ttfb.Seconds(), time.Since(start).Seconds(), int64(n)+rest)
	return nil
}
