package api

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/labstack/echo/v4"

	"certidoc/referentiel"
	"certidoc/registre"
)

// Every malformed multipart upload is a 400 problem, never a 500 nor an
// ERROR in the log: no or a wrong boundary, an empty body, a body cut
// short, thousands of parts, no "fichier" field.
func TestMalformedMultipart(t *testing.T) {
	var logs syncBuffer
	h := newTestServer(t, &logs).Handler()
	many := &strings.Builder{}
	for i := range 20000 {
		fmt.Fprintf(many, "--B\r\nContent-Disposition: form-data; name=\"x%d\"\r\n\r\nv\r\n", i)
	}
	many.WriteString("--B--\r\n")
	good := "--B\r\nContent-Disposition: form-data; name=\"fichier\"; filename=\"s.json\"\r\n\r\n" + string(exempleBody(t)) + "\r\n--B--\r\n"
	for _, c := range []struct {
		name, contentType, body string
		status                  int
	}{
		{"no boundary", "multipart/form-data", good, 400},
		{"empty boundary", "multipart/form-data; boundary=", good, 400},
		{"wrong boundary", "multipart/form-data; boundary=AUTRE", good, 400},
		{"broken parameters", "multipart/form-data; boundary=\"B", good, 400},
		{"empty body", "multipart/form-data; boundary=B", "", 400},
		{"cut short", "multipart/form-data; boundary=B", good[:len(good)/2], 400},
		{"20,000 parts", "multipart/form-data; boundary=B", many.String(), 400},
		{"no fichier field", "multipart/form-data; boundary=B", "--B\r\nContent-Disposition: form-data; name=\"autre\"\r\n\r\nx\r\n--B--\r\n", 400},
		{"upper-case type", "Multipart/Form-Data; boundary=B", good, 200},
		{"good", "multipart/form-data; boundary=B", good, 200},
	} {
		t.Run(c.name, func(t *testing.T) {
			req := httptest.NewRequest("POST", "/api/v1/valider", strings.NewReader(c.body))
			req.Header.Set("Content-Type", c.contentType)
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, req)
			if rec.Code != c.status {
				t.Fatalf("status %d, want %d: %.300s", rec.Code, c.status, rec.Body)
			}
			if c.status == 400 {
				var p Problem
				if err := json.Unmarshal(rec.Body.Bytes(), &p); err != nil || !strings.HasPrefix(rec.Header().Get("Content-Type"), "application/problem+json") || p.Detail == "" {
					t.Errorf("not a problem document: %v %.300s", err, rec.Body)
				}
			}
		})
	}
	if strings.Contains(logs.String(), `"level":"ERROR"`) {
		t.Errorf("logged as an error:\n%s", logs.String())
	}
}

// trickle is a body that sends a few bytes and then waits until released.
type trickle struct {
	first   []byte
	release chan struct{}
}

func (b *trickle) Read(p []byte) (int, error) {
	if len(b.first) > 0 {
		n := copy(p, b.first)
		b.first = b.first[n:]
		return n, nil
	}
	<-b.release
	return 0, io.ErrUnexpectedEOF
}

// A slow upload does not hold a generation slot: the body is read before
// the request takes one.
func TestSlowBodyHoldsNoSlot(t *testing.T) {
	r, err := referentiel.Embedded()
	if err != nil {
		t.Fatal(err)
	}
	cfg := DefaultConfig()
	cfg.MaxGenerations, cfg.QueueTimeout = 1, 300*time.Millisecond
	s := New(cfg, r, slog.New(slog.NewJSONHandler(io.Discard, nil)), fixedNow)
	slow := &trickle{first: exempleBody(t)[:100], release: make(chan struct{})}
	done := make(chan int, 1)
	go func() {
		rec := httptest.NewRecorder()
		s.Handler().ServeHTTP(rec, httptest.NewRequest("POST", "/api/v1/proces-verbal", slow))
		done <- rec.Code
	}()
	time.Sleep(100 * time.Millisecond) // the slow request is reading its body
	rec := httptest.NewRecorder()
	s.Handler().ServeHTTP(rec, httptest.NewRequest("POST", "/api/v1/valider", bytes.NewReader(exempleBody(t))))
	if rec.Code != 200 {
		t.Errorf("while another request uploads slowly: %d, want 200", rec.Code)
	}
	close(slow.release)
	if code := <-done; code != 400 {
		t.Errorf("the cut upload: %d, want 400", code)
	}
}

// The bytes read before the generation slot are handed over once: the
// request does not keep a session's file while its dossier streams.
func TestBodyHandedOverOnce(t *testing.T) {
	e := echo.New()
	body := exempleBody(t)
	c := e.NewContext(httptest.NewRequest("POST", "/api/v1/dossier", bytes.NewReader(body)), httptest.NewRecorder())
	if err := readFirst(c); err != nil {
		t.Fatal(err)
	}
	got, err := readBody(c)
	if err != nil || !bytes.Equal(got, body) {
		t.Fatalf("readBody: %d bytes, %v; want the %d bytes sent", len(got), err, len(body))
	}
	if held := c.Get(bodyKey); held != nil {
		t.Errorf("the request still holds %T after the session was read", held)
	}
}

// A revocation takes a small body: {"motif": …} of 500 characters at most.
// A larger one is refused (413) before it is read whole, as JSON or as a
// form, and without a line in the log.
func TestRevocationBodyIsSmall(t *testing.T) {
	var logs syncBuffer
	s, _ := newRegistreServer(t, registre.Config{Dir: t.TempDir()}, &logs, nil)
	big := strings.Repeat("x", 1<<20)
	for _, c := range []struct {
		name, contentType, body string
	}{
		{"json", "application/json", `{"motif": "` + big + `"}`},
		{"form", "application/x-www-form-urlencoded", "motif=" + big},
		{"multipart", "multipart/form-data; boundary=B", "--B\r\nContent-Disposition: form-data; name=\"motif\"\r\n\r\n" + big + "\r\n--B--\r\n"},
	} {
		t.Run(c.name, func(t *testing.T) {
			a := call(t, s.Handler(), "POST", "/api/v1/registre/documents/INCONNU/revocation", []byte(c.body), "Content-Type", c.contentType)
			if a.status != 413 {
				t.Errorf("a %d-byte body: %d, want 413: %.300s", len(c.body), a.status, a.body)
			}
		})
	}
	if strings.Contains(logs.String(), `"level":"ERROR"`) {
		t.Errorf("logged as an error:\n%s", logs.String())
	}
}

// Every body goes through the memory kept for bodies, the revocation's
// too: while a slow upload holds all of it, a revocation waits its turn,
// then gets 503 with Retry-After instead of reading its body beside it.
func TestRevocationBodyWithinBudget(t *testing.T) {
	const budget = 256 << 10
	s, _ := newRegistreServer(t, registre.Config{Dir: t.TempDir()}, io.Discard, func(c *Config) {
		c.BodyLimit, c.UploadLimit, c.BodyMemory, c.QueueTimeout = budget, budget, budget, 300*time.Millisecond
	})
	slow := &trickle{first: bytes.Repeat([]byte(" "), budget), release: make(chan struct{})}
	done := make(chan int, 1)
	go func() {
		rec := httptest.NewRecorder()
		s.Handler().ServeHTTP(rec, httptest.NewRequest("POST", "/api/v1/valider", slow))
		done <- rec.Code
	}()
	defer func() { close(slow.release); <-done }()
	time.Sleep(200 * time.Millisecond) // the slow upload holds the whole budget
	a := call(t, s.Handler(), "POST", "/api/v1/registre/documents/INCONNU/revocation", []byte(`{"motif": "Fraude constatée"}`), "Content-Type", "application/json")
	if a.status != 503 || a.header.Get("Retry-After") == "" {
		t.Errorf("revocation while the budget is full: %d (Retry-After %q), want 503 with Retry-After: %.300s", a.status, a.header.Get("Retry-After"), a.body)
	}
}
