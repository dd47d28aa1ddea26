package api

import (
	"bytes"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"certidoc/internal/testtool"
	"certidoc/verification"
)

// The QR code printed on a parchemin, read from a picture of the page,
// leads to the page that says the document is genuine and what it certifies.
func TestQRCodeLeadsToVerification(t *testing.T) {
	t.Parallel() // waits on pdftoppm and zbarimg: other tests run meanwhile
	pdftoppm := testtool.Need(t, "pdftoppm", "poppler-utils")
	zbarimg := testtool.Need(t, "zbarimg", "zbar-tools")
	keys, err := verification.NewKeys(strings.Repeat("c", 32)+"-clé-de-test-fictive", nil)
	if err != nil {
		t.Fatal(err)
	}
	s := newTestServer(t, io.Discard)
	srv := httptest.NewServer(s.Handler())
	defer srv.Close()
	s.cfg.Verifier = &verification.Verifier{Keys: keys, URL: srv.URL}

	for _, route := range []string{"/api/v1/parchemins?candidat=2022-001", "/api/v1/attestations/E?candidat=2022-006"} {
		res, err := http.Post(srv.URL+route, "application/json", bytes.NewReader(exempleBody(t)))
		if err != nil {
			t.Fatal(err)
		}
		pdf, _ := io.ReadAll(res.Body)
		res.Body.Close()
		dir := t.TempDir()
		os.WriteFile(filepath.Join(dir, "doc.pdf"), pdf, 0o644)
		if out, err := exec.Command(pdftoppm, "-r", "200", "-png", "-f", "1", "-l", "1", filepath.Join(dir, "doc.pdf"), filepath.Join(dir, "page")).CombinedOutput(); err != nil {
			t.Fatalf("pdftoppm: %v %s", err, out)
		}
		pages, _ := filepath.Glob(filepath.Join(dir, "page*.png"))
		out, err := exec.Command(zbarimg, "--quiet", "--raw", pages[0]).Output()
		if err != nil {
			t.Fatalf("zbarimg found no QR code on %s: %v", route, err)
		}
		link := strings.TrimSpace(string(out))
		if !strings.HasPrefix(link, srv.URL+"/verifier/") {
			t.Fatalf("the QR code leads to %q", link)
		}
		res, err = http.Get(link)
		if err != nil {
			t.Fatal(err)
		}
		page, _ := io.ReadAll(res.Body)
		res.Body.Close()
		want := []string{"Document authentique", "Élodie Marie LEFÈVRE-ŒUVRAY", "RNCP36128", "24\u00a0novembre 2022"}
		if strings.Contains(route, "attestations") {
			want = []string{"Document authentique", "KERGOAT-VASSEUR", "RNCP36128BC05", "Valorisation des compétences professionnelles"}
		}
		if res.StatusCode != 200 {
			t.Errorf("%s: verification page %d", route, res.StatusCode)
		}
		for _, w := range want {
			if !strings.Contains(string(page), w) {
				t.Errorf("%s: the verification page lacks %q", route, w)
			}
		}
		// One character changed: unknown or altered.
		u, _ := url.Parse(link)
		code := []byte(strings.TrimPrefix(u.Path, "/verifier/"))
		code[10] ^= 1
		res, _ = http.Get(srv.URL + "/verifier/" + string(code))
		body, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if res.StatusCode != 404 || !strings.Contains(string(body), "Code inconnu ou altéré") {
			t.Errorf("altered code: %d", res.StatusCode)
		}
	}
	// The form sends a pasted address to its page.
	rec := httptest.NewRecorder()
	s.Handler().ServeHTTP(rec, httptest.NewRequest("GET", "/verifier?code="+url.QueryEscape(srv.URL+"/verifier/ABC"), nil))
	if rec.Code != http.StatusSeeOther || rec.Header().Get("Location") != "/verifier/ABC" {
		t.Errorf("form: %d %s", rec.Code, rec.Header().Get("Location"))
	}
}

func TestVerifierWithoutKey(t *testing.T) {
	rec := httptest.NewRecorder()
	newTestServer(t, io.Discard).Handler().ServeHTTP(rec, httptest.NewRequest("GET", "/verifier/ABC", nil))
	if rec.Code != http.StatusNotImplemented || !strings.Contains(rec.Body.String(), "pas activée") {
		t.Errorf("got %d", rec.Code)
	}
}
