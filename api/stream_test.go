package api

import (
	"archive/zip"
	"bytes"
	"context"
	"io"
	"net"
	"net/http"
	"strings"
	"syscall"
	"testing"
	"time"
)

// smallBuffers makes a TCP connection's kernel buffers small, so that a
// writer blocks as soon as its reader stops reading.
func smallBuffers(_, _ string, c syscall.RawConn) error {
	var err error
	c.Control(func(fd uintptr) {
		if err = syscall.SetsockoptInt(int(fd), syscall.SOL_SOCKET, syscall.SO_RCVBUF, 8<<10); err == nil {
			err = syscall.SetsockoptInt(int(fd), syscall.SOL_SOCKET, syscall.SO_SNDBUF, 8<<10)
		}
	})
	return err
}

// serveSmallBuffers runs s on loopback with small socket buffers and
// returns its address and a client whose connections have small buffers.
func serveSmallBuffers(t *testing.T, s *Server) (string, *http.Client) {
	t.Helper()
	lc := net.ListenConfig{Control: smallBuffers}
	l, err := lc.Listen(context.Background(), "tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- s.Serve(ctx, l) }()
	t.Cleanup(func() { cancel(); <-done })
	dialer := &net.Dialer{Control: smallBuffers}
	client := &http.Client{Transport: &http.Transport{DialContext: dialer.DialContext, DisableCompression: true}}
	return "http://" + l.Addr().String(), client
}

// A dossier that takes longer than the write timeout while it makes
// progress comes whole: the timeout bounds the time without progress (the
// service's default 60 s cut every dossier of 1,000 candidates).
func TestDossierLongerThanTheWriteTimeout(t *testing.T) {
	t.Parallel() // waits for the slow reader: other tests run meanwhile
	s := newTestServer(t, io.Discard)
	// Long enough for the slowest document to render between two writes
	// under the race detector on a loaded machine.
	s.cfg.WriteTimeout = 2 * time.Second
	url, client := serveSmallBuffers(t, s)
	res, err := client.Post(url+"/api/v1/dossier", "application/json", bytes.NewReader(exempleBody(t)))
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	// A slow reader: 8 KiB every 50 ms, progress well within the write
	// timeout, until the answer has lasted 2.5 write timeouts; then the
	// rest of the dossier (about 1 MB in all) at once, as the pace since
	// the start is what the test is about.
	start := time.Now()
	slow := 5 * s.cfg.WriteTimeout / 2
	var body bytes.Buffer
	for {
		_, err := io.CopyN(&body, res.Body, 8<<10)
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("after %s and %d bytes: %v", time.Since(start).Round(time.Millisecond), body.Len(), err)
		}
		if time.Since(start) < slow {
			time.Sleep(50 * time.Millisecond)
		}
	}
	if took := time.Since(start); took < 2*s.cfg.WriteTimeout {
		t.Fatalf("the dossier came in %s: too fast to exercise the write timeout of %s", took, s.cfg.WriteTimeout)
	}
	zr, err := zip.NewReader(bytes.NewReader(body.Bytes()), int64(body.Len()))
	if err != nil {
		t.Fatalf("the dossier is not a whole ZIP: %v", err)
	}
	if len(zr.File) < 20 {
		t.Errorf("%d files in the dossier", len(zr.File))
	}
}

// A client that stops reading still ends the answer: once the write
// timeout passes without progress, the write fails, the generation slot is
// freed and the connection closed.
func TestDossierClientStopsReading(t *testing.T) {
	var logs syncBuffer
	s := newTestServer(t, &logs)
	s.cfg.WriteTimeout = 300 * time.Millisecond
	url, client := serveSmallBuffers(t, s)
	res, err := client.Post(url+"/api/v1/dossier", "application/json", bytes.NewReader(exempleBody(t)))
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	if _, err := io.CopyN(io.Discard, res.Body, 32<<10); err != nil {
		t.Fatal(err)
	}
	// Stop reading; the slot must come back without the client leaving.
	deadline := time.Now().Add(20 * time.Second)
	for len(s.gen) > 0 && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	if n := len(s.gen); n != 0 {
		t.Fatalf("%d generation slot(s) still held by a client that stopped reading", n)
	}
	if _, err := io.Copy(io.Discard, res.Body); err == nil {
		t.Error("the client read a complete answer after it stopped reading")
	}
	if log := logs.String(); strings.Contains(log, "127.0.0.1") {
		t.Errorf("the log holds the client's address:\n%s", log)
	}
}
