package api

import (
	"bytes"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"certidoc/generator"
	"certidoc/referentiel"
	"certidoc/session"
)

func TestRequestID(t *testing.T) {
	h := newTestServer(t, io.Discard).Handler()
	for _, c := range []struct{ sent, want string }{
		{"lb-1234.abc", "lb-1234.abc"},
		{"<script>", ""},
		{strings.Repeat("x", 65), ""},
	} {
		req := httptest.NewRequest("GET", "/healthz", nil)
		req.Header.Set("X-Request-Id", c.sent)
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		got := rec.Header().Get("X-Request-Id")
		if c.want != "" && got != c.want || c.want == "" && (got == c.sent || len(got) != 24) {
			t.Errorf("sent %q, answered %q", c.sent, got)
		}
	}
}

// TestRequestIDsUnique: the ids the service makes are 24 hexadecimal
// digits, each new, from goroutines at once.
func TestRequestIDsUnique(t *testing.T) {
	h := newTestServer(t, io.Discard).Handler()
	const workers, each = 4, 2500
	ids := make(chan string, workers*each)
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for range each {
				rec := httptest.NewRecorder()
				h.ServeHTTP(rec, httptest.NewRequest("GET", "/healthz", nil))
				ids <- rec.Header().Get("X-Request-Id")
			}
		})
	}
	wg.Wait()
	close(ids)
	seen := map[string]bool{}
	for id := range ids {
		if !reWireID.MatchString(id) || len(id) != 24 {
			t.Fatalf("request id %q, want 24 hexadecimal digits", id)
		}
		if seen[id] {
			t.Fatalf("request id %s made twice", id)
		}
		seen[id] = true
	}
}

func TestCrossSitePostRefused(t *testing.T) {
	h := newTestServer(t, io.Discard).Handler()
	for _, c := range []struct {
		name   string
		header map[string]string
		status int
	}{
		{"no browser headers (curl)", nil, 200},
		{"same origin", map[string]string{"Origin": "http://example.com", "Sec-Fetch-Site": "same-origin"}, 200},
		{"other origin", map[string]string{"Origin": "https://attaquant.example"}, 403},
		{"cross-site fetch", map[string]string{"Sec-Fetch-Site": "cross-site"}, 403},
		{"null origin", map[string]string{"Origin": "null"}, 403},
	} {
		req := httptest.NewRequest("POST", "/api/v1/valider", bytes.NewReader(exempleBody(t)))
		for k, v := range c.header {
			req.Header.Set(k, v)
		}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code != c.status {
			t.Errorf("%s: got %d, want %d", c.name, rec.Code, c.status)
		}
	}
}

// Beyond the bound on concurrent generations, a request waits its queue
// timeout and gets 503 with Retry-After.
func TestGenerationBound(t *testing.T) {
	r, err := referentiel.Embedded()
	if err != nil {
		t.Fatal(err)
	}
	cfg := DefaultConfig()
	cfg.MaxGenerations, cfg.QueueTimeout = 1, 50*time.Millisecond
	s := New(cfg, r, slog.New(slog.NewJSONHandler(io.Discard, nil)), fixedNow)
	s.gen <- struct{}{} // one generation running
	rec := httptest.NewRecorder()
	s.Handler().ServeHTTP(rec, httptest.NewRequest("GET", "/api/v1/grilles/B/1", nil))
	if rec.Code != http.StatusServiceUnavailable || rec.Header().Get("Retry-After") == "" {
		t.Errorf("got %d, Retry-After %q", rec.Code, rec.Header().Get("Retry-After"))
	}
	<-s.gen
	rec = httptest.NewRecorder()
	s.Handler().ServeHTTP(rec, httptest.NewRequest("GET", "/api/v1/grilles/B/1", nil))
	if rec.Code != 200 {
		t.Errorf("after the generation ended: %d", rec.Code)
	}
	// Many at once: each is answered, 200 or 503, never anything else.
	var wg sync.WaitGroup
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			rec := httptest.NewRecorder()
			s.Handler().ServeHTTP(rec, httptest.NewRequest("GET", "/api/v1/grilles/A/2", nil))
			if rec.Code != 200 && rec.Code != 503 {
				t.Errorf("concurrent: %d", rec.Code)
			}
		}()
	}
	wg.Wait()
}

// The log holds no personal data: no name, birth date or comment of a
// candidate, whatever the route.
func TestLogsHoldNoPersonalData(t *testing.T) {
	var logs bytes.Buffer
	h := newTestServer(t, &logs).Handler()
	body := exempleBody(t)
	for _, target := range []string{"/api/v1/valider", "/api/v1/proces-verbal", "/api/v1/dossier?format=pdf,docx", "/api/v1/parchemins?candidat=2022-001",
		"/api/v1/grilles/B/1?candidat=2022-003", "/api/v1/resultats?format=csv", "/api/v1/notifications?candidat=9999"} {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest("POST", target, bytes.NewReader(body)))
	}
	invalid := bytes.Replace(body, []byte(`"sexe": "F"`), []byte(`"sexe": "Lefèvre"`), 1)
	h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("POST", "/api/v1/proces-verbal", bytes.NewReader(invalid)))

	s, _, err := session.Parse(body, newTestServer(t, io.Discard).ref, generator.Font())
	if err != nil {
		t.Fatal(err)
	}
	log := logs.String()
	if strings.Count(log, "\n") < 8 {
		t.Fatalf("expected a log line per request:\n%s", log)
	}
	for _, c := range s.Candidats {
		for _, secret := range []string{c.NomNaissance, c.Prenoms, c.Naissance.Date.String(), c.Numero} {
			if strings.Contains(log, secret) {
				t.Errorf("the log holds %q", secret)
			}
		}
		for _, e := range c.Evaluations {
			for _, cr := range e.Criteres {
				if cr.Commentaire != "" && strings.Contains(log, cr.Commentaire) {
					t.Errorf("the log holds a comment: %q", cr.Commentaire)
				}
			}
		}
	}
}

func TestToken(t *testing.T) {
	s := newTestServer(t, io.Discard)
	s.cfg.Token = "jeton-de-test-0123456789"
	h := s.Handler()
	for _, c := range []struct {
		target, auth string
		status       int
	}{
		{"/api/v1/referentiel", "", 401},
		{"/api/v1/referentiel", "Bearer mauvais-jeton-0123456789", 401},
		{"/api/v1/referentiel", "jeton-de-test-0123456789", 401},
		{"/api/v1/referentiel", "Bearer jeton-de-test-0123456789", 200},
		{"/api/v1/grilles/B/1", "Bearer jeton-de-test-0123456789", 200},
		{"/healthz", "", 200},
		{"/", "", 200},
		{"/assets/certidoc.js", "", 200},
		{"/verifier/ABC", "", 501},
	} {
		req := httptest.NewRequest("GET", c.target, nil)
		if c.auth != "" {
			req.Header.Set("Authorization", c.auth)
		}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code != c.status {
			t.Errorf("%s %q: got %d, want %d", c.target, c.auth, rec.Code, c.status)
		}
		if c.status == 401 && (rec.Header().Get("WWW-Authenticate") == "" || !strings.Contains(rec.Body.String(), "Jeton d’accès requis")) {
			t.Errorf("%s: 401 without its explanation", c.target)
		}
	}
	if err := (Config{Token: "court"}).Validate(); err == nil || !strings.Contains(err.Error(), "--token") {
		t.Errorf("short token: %v", err)
	}
}

func TestMetrics(t *testing.T) {
	h := newTestServer(t, io.Discard).Handler()
	for _, target := range []string{"/api/v1/grilles/B/1", "/api/v1/grilles/B/1?format=docx", "/api/v1/grilles/Z/1", "/nulle-part/2022-001"} {
		h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("GET", target, nil))
	}
	h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("POST", "/api/v1/dossier", bytes.NewReader(exempleBody(t))))
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", "/metrics", nil))
	body := rec.Body.String()
	for _, want := range []string{
		// the blank grid B-1 and the dossier's 38 completed grids; every
		// document of the dossier is counted by its kind
		`certidoc_documents_total{format="pdf",kind="grille"} 39`,
		`certidoc_documents_total{format="docx",kind="grille"} 1`,
		`certidoc_documents_total{format="pdf",kind="proces-verbal"} 1`,
		`certidoc_documents_total{format="pdf",kind="attestation"} 14`,
		`certidoc_documents_total{format="pdf",kind="parchemin"} 2`,
		`certidoc_documents_total{format="pdf",kind="notification"} 7`,
		`certidoc_rejections_total{reason="introuvable"} 2`,
		`certidoc_generation_seconds_bucket`,
		`certidoc_http_requests_total{code="200",host="-",method="GET",url="/api/v1/grilles/:bloc/:epreuve"} 2`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("metrics lack %s", want)
		}
	}
	if strings.Contains(body, `kind="dossier"`) || strings.Contains(body, `kind=""`) {
		t.Error("a document counted without its kind")
	}
	if strings.Contains(body, "2022-001") || strings.Contains(body, "nulle-part") || strings.Contains(body, "example.com") {
		t.Error("a request path or a candidate number became a label")
	}
}

// JSON bodies and uploads have their own limits.
func TestBodyLimitsPerKind(t *testing.T) {
	r, err := referentiel.Embedded()
	if err != nil {
		t.Fatal(err)
	}
	cfg := DefaultConfig()
	cfg.BodyLimit, cfg.UploadLimit = 8<<20, 20<<20
	h := New(cfg, r, slog.New(slog.DiscardHandler), fixedNow).Handler()
	big := bytes.Repeat([]byte("x"), 9<<20) // over the JSON limit, under the upload limit
	rec := httptest.NewRecorder()
	req := httptest.NewRequest("POST", "/api/v1/valider", bytes.NewReader(big))
	req.Header.Set("Content-Type", "application/json")
	h.ServeHTTP(rec, req)
	if rec.Code != http.StatusRequestEntityTooLarge {
		t.Errorf("9 MiB of JSON: %d, want 413", rec.Code)
	}
	body, ct := multipartBody(t, "saisie.xlsx", append([]byte("PK\x03\x04"), big...))
	rec = httptest.NewRecorder()
	req = httptest.NewRequest("POST", "/api/v1/import", body)
	req.Header.Set("Content-Type", ct)
	h.ServeHTTP(rec, req)
	if rec.Code != http.StatusUnprocessableEntity {
		t.Errorf("9 MiB upload: %d, want 422 (read, then found not to be a workbook)", rec.Code)
	}
	huge, ct := multipartBody(t, "saisie.xlsx", bytes.Repeat([]byte("x"), 21<<20))
	rec = httptest.NewRecorder()
	req = httptest.NewRequest("POST", "/api/v1/import", huge)
	req.Header.Set("Content-Type", ct)
	h.ServeHTTP(rec, req)
	if rec.Code != http.StatusRequestEntityTooLarge {
		t.Errorf("21 MiB upload: %d, want 413", rec.Code)
	}
}

// Request bodies share the memory kept for them: while a slow upload holds
// it, another request waits at most the queue timeout and gets 503 with
// Retry-After; once the slow one ends, the memory is back.
func TestBodyMemoryShared(t *testing.T) {
	r, err := referentiel.Embedded()
	if err != nil {
		t.Fatal(err)
	}
	cfg := DefaultConfig()
	cfg.BodyLimit, cfg.UploadLimit, cfg.BodyMemory = 100<<10, 100<<10, 200<<10
	cfg.QueueTimeout = 300 * time.Millisecond
	srv := httptest.NewServer(New(cfg, r, slog.New(slog.DiscardHandler), fixedNow).Handler())
	defer srv.Close()

	// A slow client sends 90 KiB of its body, then waits (holding 90 KiB
	// and the 32 KiB its next read asks for).
	pr, pw := io.Pipe()
	slow := make(chan int, 1)
	go func() {
		req, _ := http.NewRequest("POST", srv.URL+"/api/v1/valider", pr)
		req.Header.Set("Content-Type", "application/json")
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			slow <- 0
			return
		}
		res.Body.Close()
		slow <- res.StatusCode
	}()
	if _, err := pw.Write(bytes.Repeat([]byte(" "), 90<<10)); err != nil {
		t.Fatal(err)
	}
	time.Sleep(100 * time.Millisecond) // the service has read it
	post := func() *http.Response {
		res, err := http.Post(srv.URL+"/api/v1/valider", "application/json", bytes.NewReader(nil))
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		return res
	}
	big := func() *http.Response {
		res, err := http.Post(srv.URL+"/api/v1/valider", "application/json", bytes.NewReader(bytes.Repeat([]byte(" "), 99<<10)))
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		return res
	}
	if res := big(); res.StatusCode != http.StatusServiceUnavailable || res.Header.Get("Retry-After") == "" {
		t.Errorf("99 KiB while 122 of 200 are held: %d (Retry-After %q), want 503 with Retry-After", res.StatusCode, res.Header.Get("Retry-After"))
	}
	if res := post(); res.StatusCode == http.StatusServiceUnavailable {
		t.Errorf("an empty body while 122 of 200 KiB are held: 503")
	}
	pw.Close() // the slow client's body ends (blank: a 400)
	if code := <-slow; code != http.StatusBadRequest {
		t.Errorf("slow client: %d, want 400 (a body of blanks)", code)
	}
	if res := big(); res.StatusCode == http.StatusServiceUnavailable {
		t.Error("99 KiB once the slow upload ended: still 503, the memory was not given back")
	}
}

// A budget smaller than a read's chunk still lets a body under the limit
// in (a read asked for more than the whole budget, and waited forever).
func TestBodyMemorySmallerThanAChunk(t *testing.T) {
	r, err := referentiel.Embedded()
	if err != nil {
		t.Fatal(err)
	}
	cfg := DefaultConfig()
	cfg.BodyLimit, cfg.UploadLimit, cfg.BodyMemory = 1000, 1000, 1000
	cfg.QueueTimeout = 200 * time.Millisecond
	h := New(cfg, r, slog.New(slog.DiscardHandler), fixedNow).Handler()
	rec := httptest.NewRecorder()
	body := `{"incidents": ["` + strings.Repeat("x", 880) + `"]}`
	req := httptest.NewRequest("POST", "/api/v1/valider", strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	h.ServeHTTP(rec, req)
	if rec.Code == http.StatusServiceUnavailable {
		t.Errorf("a %d-byte body with a 1,000-byte budget: 503", len(body))
	}
}
