package api

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/labstack/echo/v4"

	"certidoc/referentiel"
)

var fixedNow = func() time.Time { return time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC) }

func newTestServer(t *testing.T, logs io.Writer) *Server {
	t.Helper()
	r, err := referentiel.Embedded()
	if err != nil {
		t.Fatal(err)
	}
	return New(DefaultConfig(), r, slog.New(slog.NewJSONHandler(logs, nil)), fixedNow)
}

func TestRoutes(t *testing.T) {
	var logs bytes.Buffer
	h := newTestServer(t, &logs).Handler()
	for _, c := range []struct {
		name, method, target string
		status               int
		contentType          string
		body                 []string // substrings of the body
		disposition          string
	}{
		{"page", "GET", "/", 200, "text/html", []string{`<html lang="fr">`, "Grilles d’évaluation vierges", `href="/api/v1/grilles/E/2?format=docx"`, `src="/assets/certidoc.js"`}, ""},
		{"css", "GET", "/assets/certidoc.css", 200, "text/css", []string{"font-family"}, ""},
		{"script", "GET", "/assets/certidoc.js", 200, "text/javascript", []string{"use strict"}, ""},
		{"health", "GET", "/healthz", 200, "application/json", []string{`"status": "ok"`}, ""},
		{"referentiel", "GET", "/api/v1/referentiel", 200, "application/json", []string{`"code_rncp": "RNCP36128"`, `"critere"`}, ""},
		{"bloc by letter", "GET", "/api/v1/referentiel/blocs/B", 200, "application/json", []string{`"code": "RNCP36128BC02"`}, ""},
		{"bloc lower case", "GET", "/api/v1/referentiel/blocs/c", 200, "application/json", []string{`"lettre": "C"`}, ""},
		{"bloc by code", "GET", "/api/v1/referentiel/blocs/RNCP36128BC05", 200, "application/json", []string{`"lettre": "E"`}, ""},
		{"unknown bloc", "GET", "/api/v1/referentiel/blocs/Z", 404, "application/problem+json", []string{"Le bloc «\u00a0Z\u00a0» n’existe pas", "A, B, C, D, E", `"status": 404`}, ""},
		{"grid", "GET", "/api/v1/grilles/B/1", 200, "application/pdf", []string{"%PDF-"}, `attachment; filename=grille-B-1.pdf`},
		{"grid format pdf", "GET", "/api/v1/grilles/a/2?format=pdf", 200, "application/pdf", []string{"%PDF-"}, `attachment; filename=grille-A-2.pdf`},
		{"grid unknown bloc", "GET", "/api/v1/grilles/F/1", 404, "application/problem+json", []string{"Blocs valides\u00a0: A, B, C, D, E"}, ""},
		{"grid unknown épreuve", "GET", "/api/v1/grilles/B/3", 404, "application/problem+json", []string{"L’épreuve «\u00a03\u00a0» n’existe pas dans le bloc B", "Épreuves valides\u00a0: 1, 2"}, ""},
		{"grid épreuve not a number", "GET", "/api/v1/grilles/B/un", 404, "application/problem+json", []string{"Épreuves valides\u00a0: 1, 2"}, ""},
		{"grid unknown format", "GET", "/api/v1/grilles/B/1?format=odt", 400, "application/problem+json", []string{"Le format «\u00a0odt\u00a0» n’est pas disponible"}, ""},
		{"unknown route", "GET", "/api/v1/nimporte", 404, "application/problem+json", []string{"Cette adresse n’existe pas"}, ""},
		{"wrong method", "DELETE", "/api/v1/referentiel", 405, "application/problem+json", []string{"Méthode non autorisée"}, ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, httptest.NewRequest(c.method, c.target, nil))
			if rec.Code != c.status {
				t.Errorf("status: got %d, want %d\n%s", rec.Code, c.status, rec.Body)
			}
			if ct := rec.Header().Get("Content-Type"); !strings.HasPrefix(ct, c.contentType) {
				t.Errorf("Content-Type: got %q, want %q", ct, c.contentType)
			}
			for _, want := range c.body {
				if !bytes.Contains(rec.Body.Bytes(), []byte(want)) {
					t.Errorf("body lacks %q:\n%.400s", want, rec.Body)
				}
			}
			if got := rec.Header().Get("Content-Disposition"); got != c.disposition {
				t.Errorf("Content-Disposition: got %q, want %q", got, c.disposition)
			}
			if rec.Header().Get("X-Content-Type-Options") != "nosniff" {
				t.Error("no security headers")
			}
			checkTypography(t, rec)
			if strings.HasPrefix(c.contentType, "application/problem") {
				var p Problem
				if err := json.Unmarshal(rec.Body.Bytes(), &p); err != nil || p.Status != c.status || p.Title == "" || p.Detail == "" {
					t.Errorf("problem document: %v %+v", err, p)
				}
			}
		})
	}
	// One JSON log line per request, with no query string.
	lines := strings.Split(strings.TrimSpace(logs.String()), "\n")
	if len(lines) < 17 {
		t.Errorf("got %d log lines, want one per request", len(lines))
	}
	for _, l := range lines {
		var m map[string]any
		if err := json.Unmarshal([]byte(l), &m); err != nil {
			t.Errorf("log line is not JSON: %s", l)
		}
		if strings.Contains(l, "format=") {
			t.Errorf("log line carries the query: %s", l)
		}
	}
}

func TestReferentielJSONLoadsBack(t *testing.T) {
	rec := httptest.NewRecorder()
	newTestServer(t, io.Discard).Handler().ServeHTTP(rec, httptest.NewRequest("GET", "/api/v1/referentiel", nil))
	if _, err := referentiel.Parse(rec.Body.Bytes(), "api.json"); err != nil {
		t.Errorf("the API's référentiel does not load as a référentiel file: %v", err)
	}
}

func TestPanicIsAProblem(t *testing.T) {
	var logs bytes.Buffer
	s := newTestServer(t, &logs)
	s.echo.GET("/panique", func(c echo.Context) error { panic("boom: secret detail") })
	rec := httptest.NewRecorder()
	s.Handler().ServeHTTP(rec, httptest.NewRequest("GET", "/panique", nil))
	if rec.Code != 500 || strings.Contains(rec.Body.String(), "secret") || strings.Contains(rec.Body.String(), "goroutine") {
		t.Errorf("got %d %s", rec.Code, rec.Body)
	}
	if !strings.Contains(rec.Header().Get("Content-Type"), "problem+json") {
		t.Errorf("Content-Type %q", rec.Header().Get("Content-Type"))
	}
	if !strings.Contains(logs.String(), "secret detail") {
		t.Error("the detail is not in the log")
	}
}

func TestBodyLimit(t *testing.T) {
	s := newTestServer(t, io.Discard)
	s.echo.POST("/echo", func(c echo.Context) error {
		_, err := io.ReadAll(c.Request().Body)
		return err
	})
	rec := httptest.NewRecorder()
	s.Handler().ServeHTTP(rec, httptest.NewRequest("POST", "/echo", bytes.NewReader(make([]byte, DefaultConfig().BodyLimit+1))))
	if rec.Code != http.StatusRequestEntityTooLarge {
		t.Errorf("got %d, want 413", rec.Code)
	}
}

// The service answers on a real socket and stops cleanly when its context
// ends, letting a request in flight finish.
func TestServeShutsDownCleanly(t *testing.T) {
	s := newTestServer(t, io.Discard)
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- s.Serve(ctx, l) }()
	res, err := http.Get("http://" + l.Addr().String() + "/api/v1/grilles/E/2")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != 200 || !bytes.HasPrefix(body, []byte("%PDF-")) {
		t.Fatalf("got %d", res.StatusCode)
	}
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("Serve: %v", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("Serve did not return after cancel")
	}
	if _, err := http.Get("http://" + l.Addr().String() + "/healthz"); err == nil {
		t.Error("still answering after shutdown")
	}
}

func TestConfigValidate(t *testing.T) {
	c := DefaultConfig()
	if err := c.Validate(); err != nil {
		t.Fatalf("default config: %v", err)
	}
	c.Addr = "nulle part"
	c.ReadTimeout = 0
	c.BodyLimit = -1
	c.DelaiConvocation = 366
	err := c.Validate()
	for _, want := range []string{"--addr", "--read-timeout", "--body-limit", "--delai-convocation"} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("error lacks %s: %v", want, err)
		}
	}
}

// plainWriter is a ResponseWriter that keeps nothing but its header, made
// once: what a request allocates through it is the service's.
type plainWriter struct{ h http.Header }

func (w *plainWriter) Header() http.Header         { return w.h }
func (w *plainWriter) Write(p []byte) (int, error) { return len(p), nil }
func (w *plainWriter) WriteHeader(int)             {}

// TestMiddlewareAllocations: a request through the service's middleware
// (request id, metrics, log line, recovery, headers, origin, body limit)
// to a handler that allocates nothing costs the request id and little
// else. echo applying the middleware on every request, as it does with
// those given to Use or to a route, cost eight allocations more.
func TestMiddlewareAllocations(t *testing.T) {
	log, closer := NewLogger(io.Discard, slog.LevelInfo)
	defer closer.Close()
	r, err := referentiel.Embedded()
	if err != nil {
		t.Fatal(err)
	}
	c := DefaultConfig()
	c.VerifierRate, c.VerifierBurst, c.VerifierCeiling = 1e9, 1e6, 1e9
	s := New(c, r, log, fixedNow)
	s.echo.GET("/rien", compose(func(c echo.Context) error { return c.NoContent(http.StatusNoContent) }, s.limitLookups()))
	req := httptest.NewRequest("GET", "/rien", nil)
	req.RemoteAddr = "192.0.2.1:1234"
	w := &plainWriter{h: http.Header{}}
	h := s.Handler()
	h.ServeHTTP(w, req) // the metrics' series and the limiter's client made once
	allocs := testing.AllocsPerRun(200, func() {
		clear(w.h)
		delete(req.Header, "X-Request-Id") // a new id each time
		h.ServeHTTP(w, req)
	})
	// The id's text and the header slices holding it; a few for
	// whatever the Go release adds.
	if allocs > 5 {
		t.Errorf("%.1f allocations per request through the middleware, want at most 5", allocs)
	}
}
