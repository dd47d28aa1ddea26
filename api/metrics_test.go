package api

import (
	"context"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"certidoc/registre"
)

// gauge reads one unlabelled metric from /metrics.
func gauge(t *testing.T, h http.Handler, name string) string {
	t.Helper()
	for _, line := range strings.Split(string(call(t, h, "GET", "/metrics", nil).body), "\n") {
		if v, ok := strings.CutPrefix(line, name+" "); ok {
			return v
		}
	}
	return ""
}

// The gauge of holders not reported to the Caisse des Dépôts follows the
// registre (a closing updates it) but a scrape does not query the
// registre: once the registre is closed, scrapes still answer the last
// count, and nothing is logged.
func TestLateHoldersGaugeNotPerScrape(t *testing.T) {
	var logs syncBuffer
	s, reg := newRegistreServer(t, registre.Config{Dir: t.TempDir()}, &logs, nil)
	h := s.Handler()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	served := make(chan error, 1)
	go func() { served <- s.Serve(ctx, l) }()
	defer func() { cancel(); <-served }()

	if a := call(t, h, "POST", "/api/v1/registre/sessions", exempleBody(t), "Content-Type", "application/json"); a.status != 201 {
		t.Fatalf("closing: %d %.300s", a.status, a.body)
	}
	var late struct {
		Documents []json.RawMessage `json:"documents"`
	}
	if err := json.Unmarshal(call(t, h, "GET", "/api/v1/registre/a-declarer", nil).body, &late); err != nil || len(late.Documents) == 0 {
		t.Fatalf("a-declarer: %v, %d late holders (the example's deliberation is years before the clock)", err, len(late.Documents))
	}
	const name = "certidoc_registre_titulaires_a_declarer"
	want := fmt.Sprint(len(late.Documents))
	deadline := time.Now().Add(5 * time.Second)
	for gauge(t, h, name) != want {
		if time.Now().After(deadline) {
			t.Fatalf("after the closing, %s = %s, want %s", name, gauge(t, h, name), want)
		}
		time.Sleep(20 * time.Millisecond)
	}
	reg.Close()
	for range 3 {
		if got := gauge(t, h, name); got != want {
			t.Errorf("registre closed: %s = %s, want the last count %s", name, got, want)
		}
	}
	if strings.Contains(logs.String(), "registre gauge") {
		t.Errorf("a scrape queried the registre:\n%s", logs.String())
	}
}
