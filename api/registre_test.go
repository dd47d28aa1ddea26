package api

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"certidoc/internal/testtool"
	"certidoc/referentiel"
	"certidoc/registre"
	"certidoc/verification"
)

// registreConfigs returns a fresh SQLite registre and, when
// CERTIDOC_TEST_BASE names a PostgreSQL server, a fresh schema on it.
func registreConfigs(t *testing.T) map[string]func(t *testing.T) registre.Config {
	out := map[string]func(t *testing.T) registre.Config{"sqlite": func(t *testing.T) registre.Config { return registre.Config{Dir: t.TempDir()} }}
	dsn := os.Getenv("CERTIDOC_TEST_BASE")
	if dsn == "" {
		t.Log("CERTIDOC_TEST_BASE unset: PostgreSQL tests skipped (.ci/run starts PostgreSQL and sets it)")
		return out
	}
	out["postgres"] = func(t *testing.T) registre.Config {
		return registre.Config{Postgres: testtool.PostgresSchema(t, dsn)}
	}
	return out
}

func newRegistreServer(t *testing.T, cfg registre.Config, logs io.Writer, edit func(*Config)) (*Server, *registre.Registre) {
	t.Helper()
	reg, err := registre.Open(context.Background(), cfg, fixedNow)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { reg.Close() })
	return serverOn(t, reg, logs, edit), reg
}

// serverOn returns a service on the embedded référentiel keeping its
// closings in reg.
func serverOn(t *testing.T, reg *registre.Registre, logs io.Writer, edit func(*Config)) *Server {
	t.Helper()
	ref, err := referentiel.Embedded()
	if err != nil {
		t.Fatal(err)
	}
	c := DefaultConfig()
	c.Registre, c.URLPublique = reg, "https://certidoc.exemple.fr"
	if edit != nil {
		edit(&c)
	}
	return New(c, ref, slog.New(slog.NewJSONHandler(logs, nil)), fixedNow)
}

type answer struct {
	status int
	header http.Header
	body   []byte
}

func call(t *testing.T, h http.Handler, method, target string, body []byte, header ...string) answer {
	t.Helper()
	req := httptest.NewRequest(method, target, bytes.NewReader(body))
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	req.RemoteAddr = "192.0.2.1:1234"
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return answer{rec.Code, rec.Header(), rec.Body.Bytes()}
}

// TestRegistreScenario is the README's scenario on each database: close the
// example session, verify a short code, revoke it, get a duplicata.
func TestRegistreScenario(t *testing.T) {
	for name, cfg := range registreConfigs(t) {
		t.Run(name, func(t *testing.T) {
			var logs syncBuffer
			s, _ := newRegistreServer(t, cfg(t), &logs, nil)
			h := s.Handler()
			body := exempleBody(t)

			a := call(t, h, "POST", "/api/v1/registre/sessions", body, "X-Request-Id", "req-cloture")
			if a.status != 201 {
				t.Fatalf("close: %d %s", a.status, a.body)
			}
			var closed struct {
				Session   registre.Closing `json:"session"`
				Documents []entryView      `json:"documents"`
			}
			if err := json.Unmarshal(a.body, &closed); err != nil {
				t.Fatal(err)
			}
			if closed.Session.Requete != "req-cloture" || len(closed.Documents) == 0 {
				t.Fatalf("closing = %+v", closed.Session)
			}
			if a := call(t, h, "POST", "/api/v1/registre/sessions", body); a.status != 200 || !bytes.Contains(a.body, []byte(closed.Documents[0].Code)) {
				t.Errorf("same content again: %d", a.status)
			}
			other := bytes.Replace(body, []byte(`"Anselme"`), []byte(`"Anselme Paul"`), 1)
			if a := call(t, h, "POST", "/api/v1/registre/sessions", other); a.status != 409 || !bytes.Contains(a.body, []byte("--rectification")) {
				t.Errorf("other content: %d %s", a.status, a.body)
			}
			if a := call(t, h, "POST", "/api/v1/registre/sessions", preparatoireBody(t)); a.status != 422 {
				t.Errorf("undecided session: %d %s", a.status, a.body)
			}

			var parch entryView
			for _, d := range closed.Documents {
				if d.Nature == registre.Parchemin && d.Candidat == "2022-001" {
					parch = d
				}
			}
			if !regexp.MustCompile(`^[0-9A-Z]{5}-[0-9A-Z]{5}$`).MatchString(parch.CodeAffiche) || parch.URL != "https://certidoc.exemple.fr/verifier/"+parch.CodeAffiche {
				t.Fatalf("parchemin view = %+v", parch)
			}
			a = call(t, h, "GET", "/verifier/"+strings.ToLower(parch.CodeAffiche), nil)
			if a.status != 200 || !bytes.Contains(a.body, []byte("Document authentique")) || !bytes.Contains(a.body, []byte(parch.Numero)) {
				t.Errorf("verify: %d %s", a.status, a.body)
			}
			if a := call(t, h, "GET", "/verifier/"+flipCode(parch.Code), nil); a.status != 404 || !bytes.Contains(a.body, []byte("Code inconnu")) {
				t.Errorf("altered code: %d", a.status)
			}

			rev := "/api/v1/registre/documents/" + parch.Numero + "/revocation"
			if a := call(t, h, "POST", rev, []byte(`{"motif": ""}`), "Content-Type", "application/json"); a.status != 400 {
				t.Errorf("revoke without a reason: %d %s", a.status, a.body)
			}
			if a := call(t, h, "POST", rev, []byte(`{"motif": "Fraude au diplôme constatée"}`), "Content-Type", "application/json", "X-Request-Id", "req-rev"); a.status != 200 {
				t.Fatalf("revoke: %d %s", a.status, a.body)
			}
			a = call(t, h, "GET", "/verifier/"+parch.CodeAffiche, nil)
			if a.status != 410 || !bytes.Contains(a.body, []byte("révoqué le 25\u00a0novembre 2026")) {
				t.Errorf("verify a revoked code: %d %s", a.status, a.body)
			}
			// The reason is the certifier's: the public page says revoked
			// and when, never why.
			if bytes.Contains(a.body, []byte("Fraude")) {
				t.Errorf("the public page of a revoked code gives the reason: %s", a.body)
			}
			// A reason that would reorder the listing on screen is refused,
			// naming the character.
			if a := call(t, h, "POST", rev, []byte(`{"motif": "Fraude \u202eeétatsnoc"}`), "Content-Type", "application/json"); a.status != 400 || !bytes.Contains(a.body, []byte("U+202E")) {
				t.Errorf("revoke with U+202E: %d %s", a.status, a.body)
			}
			if a := call(t, h, "GET", "/api/v1/registre/documents/"+parch.Numero+"/duplicata", nil); a.status != 409 {
				t.Errorf("duplicata of a revoked document: %d", a.status)
			}

			att := closed.Documents[0]
			for _, f := range []struct{ format, magic, ctype string }{{"pdf", "%PDF-", "application/pdf"}, {"docx", "PK", "wordprocessingml"}} {
				a = call(t, h, "GET", "/api/v1/registre/documents/"+att.Numero+"/duplicata?format="+f.format, nil)
				if a.status != 200 || !bytes.HasPrefix(a.body, []byte(f.magic)) || !strings.Contains(a.header.Get("Content-Type"), f.ctype) ||
					!strings.Contains(a.header.Get("Content-Disposition"), "duplicata-") {
					t.Errorf("duplicata %s: %d %v", f.format, a.status, a.header)
				}
			}
			if a := call(t, h, "GET", "/api/v1/registre/documents/NIMPORTE/duplicata", nil); a.status != 404 {
				t.Errorf("duplicata of an unknown number: %d", a.status)
			}

			a = call(t, h, "GET", "/api/v1/registre/documents?nom=lefevre&format=csv", nil)
			if a.status != 200 || !bytes.Contains(a.body, []byte("révoqué")) || !bytes.Contains(a.body, []byte(parch.CodeAffiche)) {
				t.Errorf("CSV listing: %d %s", a.status, a.body)
			}
			a = call(t, h, "GET", "/api/v1/registre/sessions", nil)
			if a.status != 200 || !bytes.Contains(a.body, []byte(`"CISP-2022-02"`)) {
				t.Errorf("sessions: %d %s", a.status, a.body)
			}

			a = call(t, h, "GET", "/api/v1/registre/sessions/CISP-2022-02/dossier", nil)
			if a.status != 200 {
				t.Fatalf("dossier: %d %s", a.status, a.body)
			}
			zr, err := zip.NewReader(bytes.NewReader(a.body), int64(len(a.body)))
			if err != nil {
				t.Fatal(err)
			}
			if len(zr.File) < len(closed.Documents) {
				t.Errorf("dossier of %d files for %d entries", len(zr.File), len(closed.Documents))
			}
			// The parchemin revoked above is left out, and named.
			var avert []byte
			for _, f := range zr.File {
				if strings.HasPrefix(f.Name, "candidats/2022-001-") && strings.Contains(f.Name, "/parchemin.") {
					t.Errorf("the dossier holds the revoked parchemin: %s", f.Name)
				}
				if f.Name == "AVERTISSEMENTS.txt" {
					rc, _ := f.Open()
					avert, _ = io.ReadAll(rc)
					rc.Close()
				}
			}
			if !bytes.Contains(avert, []byte(parch.Numero)) || !bytes.Contains(avert, []byte("Fraude au diplôme constatée")) {
				t.Errorf("AVERTISSEMENTS.txt does not name the revoked parchemin:\n%s", avert)
			}
			if a := call(t, h, "GET", "/api/v1/registre/sessions/CISP-1999-01/dossier", nil); a.status != 404 {
				t.Errorf("dossier of an unknown session: %d", a.status)
			}

			// Names stay out of the log.
			for _, name := range []string{"Lefèvre", "LEFÈVRE", "lefevre", "Anselme", "Fraude"} {
				if strings.Contains(logs.String(), name) {
					t.Errorf("the log holds %q", name)
				}
			}
		})
	}
}

func flipCode(code string) string {
	b := []byte(code)
	if b[9] == '0' {
		b[9] = '1'
	} else {
		b[9] = '0'
	}
	return string(b)
}

// TestRegistreNeedsToken: with a token, every registre route asks for it;
// the verification page stays open.
func TestRegistreNeedsToken(t *testing.T) {
	s, _ := newRegistreServer(t, registre.Config{Dir: t.TempDir()}, io.Discard, func(c *Config) { c.Token = "jeton-de-test-0123456789" })
	h := s.Handler()
	for _, r := range s.echo.Routes() {
		if !strings.HasPrefix(r.Path, "/api/v1/registre") {
			continue
		}
		target := strings.NewReplacer(":id", "CISP-2022-02", ":numero", "X").Replace(r.Path)
		if a := call(t, h, r.Method, target, exempleBody(t)); a.status != 401 {
			t.Errorf("%s %s without token: %d", r.Method, r.Path, a.status)
		}
	}
	if a := call(t, h, "GET", "/verifier/AAAAA-AAAAA", nil); a.status != 404 {
		t.Errorf("verification page with a token set: %d", a.status)
	}
}

// TestVerifierRateLimit: one client cannot read the registre by trying codes.
func TestVerifierRateLimit(t *testing.T) {
	s, _ := newRegistreServer(t, registre.Config{Dir: t.TempDir()}, io.Discard, func(c *Config) { c.VerifierRate, c.VerifierBurst = 1, 5 })
	h := s.Handler()
	statuses := map[int]int{}
	for range 12 {
		statuses[call(t, h, "GET", "/verifier/AAAAA-AAAAA", nil).status]++
	}
	if statuses[404] < 5 || statuses[429] < 5 {
		t.Errorf("statuses of 12 lookups at once: %v, want 5 answers then 429", statuses)
	}
}

// TestRegistreUnavailable: a registre that cannot answer gives a 503 in
// French, not a 500.
func TestRegistreUnavailable(t *testing.T) {
	s, reg := newRegistreServer(t, registre.Config{Dir: t.TempDir()}, io.Discard, nil)
	h := s.Handler()
	reg.Close()
	for _, c := range []struct{ method, target string }{
		{"POST", "/api/v1/registre/sessions"},
		{"GET", "/api/v1/registre/documents?nom=x"},
		{"GET", "/verifier/AAAAA-AAAAA"},
	} {
		a := call(t, h, c.method, c.target, exempleBody(t))
		if a.status != 503 || a.header.Get("Retry-After") == "" || !bytes.Contains(a.body, []byte("indisponible")) && !bytes.Contains(a.body, []byte("ne répond pas")) {
			t.Errorf("%s %s: %d %s", c.method, c.target, a.status, a.body)
		}
	}
}

func TestCheckExposure(t *testing.T) {
	for _, c := range []struct {
		name     string
		cfg      Config
		registre bool
		ok       bool
	}{
		{"loopback with registre", Config{Addr: "127.0.0.1:8080"}, true, true},
		{"localhost with registre", Config{Addr: "localhost:8080"}, true, true},
		{"IPv6 loopback", Config{Addr: "[::1]:8080"}, true, true},
		{"all interfaces with registre", Config{Addr: "0.0.0.0:8080"}, true, false},
		{"empty host with registre", Config{Addr: ":8080"}, true, false},
		{"all interfaces with a token", Config{Addr: "0.0.0.0:8080", Token: "jeton-de-test-0123456789"}, true, true},
		{"all interfaces, no registre, no key", Config{Addr: "0.0.0.0:8080"}, false, true},
	} {
		t.Run(c.name, func(t *testing.T) {
			err := c.cfg.CheckExposure(c.registre)
			if (err == nil) != c.ok {
				t.Errorf("err = %v, want ok %v", err, c.ok)
			}
			if err != nil && !strings.Contains(err.Error(), "--token") {
				t.Errorf("message %q does not name --token", err)
			}
		})
	}
}

// TestRegistreQRCodeAndSignedCodes: a duplicata's QR code leads to its short
// code's page, and codes signed before the registre keep verifying.
func TestRegistreQRCodeAndSignedCodes(t *testing.T) {
	pdftoppm := testtool.Need(t, "pdftoppm", "poppler-utils")
	zbarimg := testtool.Need(t, "zbarimg", "zbar-tools")
	keys, err := verification.NewKeys(strings.Repeat("c", 32)+"-clé-de-test-fictive", nil)
	if err != nil {
		t.Fatal(err)
	}
	s, _ := newRegistreServer(t, registre.Config{Dir: t.TempDir()}, io.Discard, func(c *Config) {
		c.Verifier = &verification.Verifier{Keys: keys, URL: "https://certidoc.exemple.fr"}
	})
	h := s.Handler()
	if a := call(t, h, "POST", "/api/v1/registre/sessions", exempleBody(t)); a.status != 201 {
		t.Fatalf("close: %d %s", a.status, a.body)
	}
	a := call(t, h, "GET", "/api/v1/registre/documents/CISP-2022-02-2022-002-CERT/duplicata", nil)
	if a.status != 200 {
		t.Fatalf("duplicata: %d %s", a.status, a.body)
	}
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "d.pdf"), a.body, 0o644)
	if out, err := exec.Command(pdftoppm, "-r", "200", "-png", "-f", "1", "-l", "1", filepath.Join(dir, "d.pdf"), filepath.Join(dir, "page")).CombinedOutput(); err != nil {
		t.Fatalf("pdftoppm: %v %s", err, out)
	}
	pages, _ := filepath.Glob(filepath.Join(dir, "page*.png"))
	out, err := exec.Command(zbarimg, "--quiet", "--raw", pages[0]).Output()
	if err != nil {
		t.Fatalf("zbarimg found no QR code: %v", err)
	}
	link := strings.TrimSpace(string(out))
	path, ok := strings.CutPrefix(link, "https://certidoc.exemple.fr")
	if !ok || !regexp.MustCompile(`^/verifier/[0-9A-Z]{5}-[0-9A-Z]{5}$`).MatchString(path) {
		t.Fatalf("the QR code leads to %q", link)
	}
	if a := call(t, h, "GET", path, nil); a.status != 200 || !bytes.Contains(a.body, []byte("CISP-2022-02-2022-002-CERT")) {
		t.Errorf("the QR code's page: %d", a.status)
	}
	signed := keys.Sign(verification.Facts{Kind: verification.Parchemin, Titulaire: "Madame Zoé EXEMPLE", Code: "RNCP36128", Date: "2021-06-30", Numero: "CISP-2021-01-2021-001-CERT"})
	if a := call(t, h, "GET", "/verifier/"+signed, nil); a.status != 200 || !bytes.Contains(a.body, []byte("Document authentique")) {
		t.Errorf("a code signed before the registre: %d", a.status)
	}
}
