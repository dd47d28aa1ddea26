package api

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"
)

// syncBuffer is a log the server and the test may touch at once.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// serveTest runs s on a loopback port until the test ends.
func serveTest(t *testing.T, s *Server) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- s.Serve(ctx, l) }()
	t.Cleanup(func() { cancel(); <-done })
	return "http://" + l.Addr().String()
}

// A document that fails halfway through the dossier aborts the connection
// (the client sees an error, not a ZIP ended cleanly), frees the generation
// slot at once and is logged without personal data.
func TestDossierRenderFailureAbortsTheStream(t *testing.T) {
	var logs syncBuffer
	s := newTestServer(t, &logs)
	s.cfg.DocxModele = []byte("not a Word document") // every DOCX fails, after the PV's PDF
	url := serveTest(t, s)
	client := &http.Client{Timeout: 15 * time.Second}
	start := time.Now()
	res, err := client.Post(url+"/api/v1/dossier?format=pdf,docx", "application/json", bytes.NewReader(exempleBody(t)))
	if err == nil { // the headers may have gone out before the failure
		_, err = io.ReadAll(res.Body)
		res.Body.Close()
	}
	if err == nil {
		t.Error("the client read a complete answer: the broken ZIP ended cleanly")
	}
	if d := time.Since(start); d > 10*time.Second {
		t.Errorf("the failing dossier took %s", d)
	}
	deadline := time.Now().Add(2 * time.Second)
	for len(s.gen) > 0 && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	if n := len(s.gen); n != 0 {
		t.Errorf("%d generation slot(s) still held", n)
	}
	log := logs.String()
	if !strings.Contains(log, `"level":"ERROR","msg":"dossier aborted`) {
		t.Errorf("the failure is not logged as an error:\n%s", log)
	}
	for _, secret := range []string{"hermitte", "2022-00", "127.0.0.1"} {
		if strings.Contains(log, secret) {
			t.Errorf("the log holds %q:\n%s", secret, log)
		}
	}
}

// net/http's own messages reach the log without the client's address.
func TestServerLogHasNoAddress(t *testing.T) {
	var logs syncBuffer
	l := serverLog(slog.New(slog.NewJSONHandler(&logs, nil)))
	l.Printf("http: TLS handshake error from 192.0.2.7:51234: EOF")
	l.Printf("http: panic serving [2001:db8::1]:443: boom")
	out := logs.String()
	for _, secret := range []string{"192.0.2.7", "2001:db8"} {
		if strings.Contains(out, secret) {
			t.Errorf("the log holds %s: %s", secret, out)
		}
	}
	if !strings.Contains(out, "TLS handshake error from (adresse)") {
		t.Errorf("the message is lost: %s", out)
	}
}
