package api

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"certidoc/referentiel"
	"certidoc/verification"
)

// Labels of the metrics come from fixed sets, whatever the client sends:
// a repeated format list, an invented method or path stays out of them.
func TestMetricLabelsFromFixedSets(t *testing.T) {
	h := newTestServer(t, io.Discard).Handler()
	long := strings.TrimSuffix(strings.Repeat("docx,", 2000), ",")
	h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("POST", "/api/v1/dossier?format="+long, bytes.NewReader(exempleBody(t))))
	h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("FROBNICATE", "/api/v1/referentiel", nil))
	h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("GET", "/chemin-invente-"+strings.Repeat("x", 100), nil))
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", "/metrics", nil))
	body := rec.Body.String()
	for _, bad := range []string{"docx,docx", "FROBNICATE", "chemin-invente"} {
		if strings.Contains(body, bad) {
			t.Errorf("the metrics hold %q", bad)
		}
	}
	if !strings.Contains(body, `certidoc_documents_total{format="docx",kind="parchemin"} 2`) {
		t.Error("the dossier's documents are not counted under format docx")
	}
	if rec.Body.Len() > 200_000 {
		t.Errorf("/metrics is %d bytes", rec.Body.Len())
	}
}

// No two entries of the dossier share a path: a format asked twice is
// made once, and two candidates whose folders would have the same name
// get two folders.
func TestDossierHasNoDuplicateEntries(t *testing.T) {
	var sess map[string]any
	if err := json.Unmarshal(exempleBody(t), &sess); err != nil {
		t.Fatal(err)
	}
	cands := sess["candidats"].([]any)
	twin := map[string]any{}
	for k, v := range cands[0].(map[string]any) {
		twin[k] = v
	}
	// 2022-001-Lefèvre, named Œuvray, beside 2022-001, named Lefèvre-Œuvray:
	// other document numbers, the same folder name. (Numbers that differ
	// only by punctuation are refused: they would share document numbers.)
	twin["numero"], twin["nom_naissance"] = twin["numero"].(string)+"-Lefèvre", "Œuvray"
	sess["candidats"] = append(cands, twin)
	delete(sess, "planning") // it would have to convene the twin
	twins, _ := json.Marshal(sess)
	h := newTestServer(t, io.Discard).Handler()
	dossier := func(t *testing.T, target string, body []byte) []string {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest("POST", target, bytes.NewReader(body)))
		if rec.Code != 200 {
			t.Fatalf("status %d: %s", rec.Code, rec.Body)
		}
		zr, err := zip.NewReader(bytes.NewReader(rec.Body.Bytes()), int64(rec.Body.Len()))
		if err != nil {
			t.Fatal(err)
		}
		var names []string
		seen := map[string]bool{}
		for _, f := range zr.File {
			if seen[f.Name] {
				t.Errorf("%s twice", f.Name)
			}
			seen[f.Name] = true
			names = append(names, f.Name)
		}
		return names
	}
	plain := dossier(t, "/api/v1/dossier", exempleBody(t))
	first := 0 // the documents of the first candidate
	for _, n := range plain {
		if strings.HasPrefix(n, "candidats/2022-001-") {
			first++
		}
	}
	if got := len(dossier(t, "/api/v1/dossier?format=pdf,pdf,PDF", exempleBody(t))); got != len(plain) {
		t.Errorf("pdf asked three times: %d files, want %d", got, len(plain))
	}
	if got := len(dossier(t, "/api/v1/dossier", twins)); got != len(plain)+first {
		t.Errorf("twin folders: %d files, want %d", got, len(plain)+first)
	}
}

// The small faults of the headers: documents with personal data are never
// cached, openapi.json asks for the token like every /api route, HEAD
// answers on GET routes, a JSON file starting with a byte order mark reads.
func TestHeadersAndSmallFaults(t *testing.T) {
	s := newTestServer(t, io.Discard)
	h := s.Handler()
	for _, target := range []string{"/api/v1/valider", "/api/v1/proces-verbal", "/api/v1/parchemins?candidat=2022-001", "/api/v1/resultats?format=csv", "/api/v1/parchemins"} {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest("POST", target, bytes.NewReader(exempleBody(t))))
		if got := rec.Header().Get("Cache-Control"); got != "no-store" {
			t.Errorf("%s (%d): Cache-Control %q, want no-store", target, rec.Code, got)
		}
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", "/api/v1/registre/documents", nil))
	if got := rec.Header().Get("Cache-Control"); got != "no-store" {
		t.Errorf("registre listing (%d): Cache-Control %q, want no-store", rec.Code, got)
	}
	for _, target := range []string{"/", "/healthz", "/api/v1/openapi.json", "/api/v1/referentiel", "/api/v1/grilles/B/1", "/api/v1/classeur", "/verifier"} {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest("HEAD", target, nil))
		if rec.Code >= 300 && rec.Code != http.StatusSeeOther {
			t.Errorf("HEAD %s: %d", target, rec.Code)
		}
	}
	bom := append([]byte("\uFEFF"), exempleBody(t)...)
	rec = httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("POST", "/api/v1/valider", bytes.NewReader(bom)))
	if rec.Code != 200 || !strings.Contains(rec.Body.String(), `"valide": true`) {
		t.Errorf("JSON with a BOM: %d %.300s", rec.Code, rec.Body)
	}
	s.cfg.Token = "jeton-de-test-0123456789"
	rec = httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", "/api/v1/openapi.json", nil))
	if rec.Code != http.StatusUnauthorized {
		t.Errorf("openapi.json without the token: %d", rec.Code)
	}
}

// A 503 (busy) is the service working as set up: logged, but not as an
// error.
func TestBusyIsNotAnError(t *testing.T) {
	r, err := referentiel.Embedded()
	if err != nil {
		t.Fatal(err)
	}
	cfg := DefaultConfig()
	cfg.MaxGenerations, cfg.QueueTimeout = 1, 20*time.Millisecond
	var logs bytes.Buffer
	s := New(cfg, r, slog.New(slog.NewJSONHandler(&logs, nil)), fixedNow)
	s.gen <- struct{}{}
	rec := httptest.NewRecorder()
	s.Handler().ServeHTTP(rec, httptest.NewRequest("GET", "/api/v1/grilles/B/1", nil))
	rec2 := httptest.NewRecorder()
	s.Handler().ServeHTTP(rec2, httptest.NewRequest("GET", "/verifier/ABCDEF", nil))
	if rec.Code != 503 || rec2.Code != 501 {
		t.Fatalf("got %d and %d, want 503 and 501", rec.Code, rec2.Code)
	}
	if strings.Contains(logs.String(), `"level":"ERROR"`) {
		t.Errorf("a 503 or 501 is logged as an error:\n%s", logs.String())
	}
}

// Signing is a privilege: with a verification key and no token, the
// service listens on loopback only, and says which two settings to change.
func TestSigningKeyNeedsTokenOffLoopback(t *testing.T) {
	keys, err := verification.NewKeys(strings.Repeat("k", 40), nil)
	if err != nil {
		t.Fatal(err)
	}
	signer := &verification.Verifier{Keys: keys, URL: "https://certidoc.exemple.fr"}
	for _, c := range []struct {
		name string
		cfg  Config
		ok   bool
	}{
		{"key on all interfaces", Config{Addr: "0.0.0.0:8080", Verifier: signer}, false},
		{"key on a public address", Config{Addr: "192.0.2.10:8080", Verifier: signer}, false},
		{"key on an empty host", Config{Addr: ":8080", Verifier: signer}, false},
		{"key on loopback", Config{Addr: "127.0.0.1:8080", Verifier: signer}, true},
		{"key with a token", Config{Addr: "0.0.0.0:8080", Verifier: signer, Token: "jeton-de-test-0123456789"}, true},
	} {
		t.Run(c.name, func(t *testing.T) {
			err := c.cfg.CheckExposure(false)
			if (err == nil) != c.ok {
				t.Fatalf("err = %v, want ok %v", err, c.ok)
			}
			if err != nil {
				for _, want := range []string{"--cle-verification", "--token", "127.0.0.1"} {
					if !strings.Contains(err.Error(), want) {
						t.Errorf("message %q does not name %s", err, want)
					}
				}
			}
		})
	}
}
