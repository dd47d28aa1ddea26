package main

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"certidoc/internal/testtool"
)

// lockedBuffer is a bytes.Buffer the service writes while the test reads.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (w *lockedBuffer) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.b.Write(p)
}

func (w *lockedBuffer) String() string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.b.String()
}

// startServe starts `certidoc serve` on a free loopback port with args
// and returns its base URL; the service stops at the end of the test.
func startServe(t *testing.T, vars map[string]string, args ...string) string {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	var stdout, stderr lockedBuffer
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, append([]string{"serve", "--addr", "127.0.0.1:0"}, args...), env(vars), &stdout, &stderr)
	}()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("serve: %v", err)
		}
	})
	re := regexp.MustCompile(`écoute sur (http://127\.0\.0\.1:\d+)/`)
	for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if m := re.FindStringSubmatch(stdout.String()); m != nil {
			return m[1]
		}
		select {
		case err := <-done:
			t.Fatalf("serve stopped: %v\n%s", err, stderr.String())
		default:
		}
	}
	t.Fatalf("serve did not listen:\n%s", stderr.String())
	return ""
}

// fetch sends a request and returns the body, failing unless the status
// is want.
func fetch(t *testing.T, method, url string, body []byte, want int) ([]byte, http.Header) {
	t.Helper()
	req, err := http.NewRequest(method, url, bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != want {
		t.Fatalf("%s %s: %d, want %d\n%.800s", method, url, resp.StatusCode, want, data)
	}
	return data, resp.Header
}

// pdfText is the text of a PDF, by pdftotext.
func pdfText(t *testing.T, data []byte) string {
	t.Helper()
	if !bytes.HasPrefix(data, []byte("%PDF-")) {
		t.Fatalf("not a PDF: %.80q", data)
	}
	path := filepath.Join(t.TempDir(), "doc.pdf")
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(testtool.Need(t, "pdftotext", "poppler-utils"), "-layout", path, "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	return string(out)
}

// The service started with the two fictitious référentiels beside the
// CISP serves each certification's whole flow through HTTP: blank grid
// and workbook, the session's workbook and its import, the PV, the
// dossier (attestations, parchemins, letters), the results in xlsx and
// csv, the closing in the registre whose codes verify, and the
// accrochage, valid against the Caisse des Dépôts' schema.
func TestServeThreeCertifications(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	base := startServe(t, nil, "--referentiels", testReferentiels, "--donnees", dir,
		"--cle-verification", strings.Repeat("clé-de-test-", 4), "--url-publique", "https://certidoc.exemple.fr",
		"--accrochage-id-client", "AB12CD34", "--accrochage-id-contrat", "CTR-1",
		// every code of three closings is verified from one address, more
		// than the default burst: the limiter is not what this tests
		"--verifier-debit", "1000")
	xmllint := testtool.Need(t, "xmllint", "libxml2-utils")
	for _, c := range []struct {
		code, session, grille, sigle, bloc string
	}{
		{"RNCP36128", "session-exemple.json", "E/2", "CISP", "A"},
		{"RNCP99901", "session-rncp99901.json", "B/2", "GPI-FICTIF", "A"},
		{"RNCP99902", "session-rncp99902.json", "D/1", "AAI-FICTIF", "A"},
	} {
		t.Run(c.code, func(t *testing.T) {
			api := base + "/api/v1/certifications/" + c.code
			page, _ := fetch(t, "GET", base+"/?certification="+c.code, nil, 200)
			if !bytes.Contains(page, []byte(`aria-current="true">`+c.sigle+" – "+c.code)) {
				t.Errorf("the page does not pick %s", c.code)
			}
			if g := pdfText(t, first(fetch(t, "GET", api+"/grilles/"+c.grille+"?format=pdf", nil, 200))); !strings.Contains(g, c.code) {
				t.Errorf("blank grid %s lacks %s", c.grille, c.code)
			}
			if blank, _ := fetch(t, "GET", api+"/classeur", nil, 200); !bytes.HasPrefix(blank, []byte("PK")) {
				t.Error("blank workbook: not an xlsx")
			}
			js, err := os.ReadFile("../../testdata/" + c.session)
			if err != nil {
				t.Fatal(err)
			}
			wb, _ := fetch(t, "POST", api+"/classeur", js, 200)
			imported, _ := fetch(t, "POST", api+"/import", wb, 200)
			var got struct {
				Session struct {
					Candidats []json.RawMessage `json:"candidats"`
				} `json:"session"`
			}
			if err := json.Unmarshal(imported, &got); err != nil || len(got.Session.Candidats) == 0 {
				t.Fatalf("import: %v %.300s", err, imported)
			}
			// The workbook is the session from here on.
			pv := pdfText(t, first(fetch(t, "POST", api+"/proces-verbal", wb, 200)))
			if !strings.Contains(pv, c.code) || !strings.Contains(pv, "Procès-verbal") {
				t.Errorf("PV lacks %s:\n%.400s", c.code, pv)
			}
			if c.code == "RNCP99901" && !strings.Contains(pv, "Moyenne") {
				t.Errorf("the marked PV shows no average:\n%s", pv)
			}
			zipped, _ := fetch(t, "POST", api+"/dossier?format=pdf", wb, 200)
			zr, err := zip.NewReader(bytes.NewReader(zipped), int64(len(zipped)))
			if err != nil {
				t.Fatal(err)
			}
			kinds := map[string]int{}
			for _, f := range zr.File {
				for _, k := range []string{"proces-verbal", "attestation", "parchemin", "notification", "grille"} {
					if strings.Contains(f.Name, k) {
						kinds[k]++
					}
				}
			}
			for _, k := range []string{"proces-verbal", "attestation", "parchemin", "notification", "grille"} {
				if kinds[k] == 0 {
					t.Errorf("the dossier has no %s: %v", k, kinds)
				}
			}
			if x, _ := fetch(t, "POST", api+"/resultats?format=xlsx", wb, 200); !bytes.HasPrefix(x, []byte("PK")) {
				t.Error("results: not an xlsx")
			}
			if csv, _ := fetch(t, "POST", api+"/resultats?format=csv", wb, 200); !bytes.Contains(csv, []byte(c.code)) {
				t.Errorf("results csv lacks %s:\n%.300s", c.code, csv)
			}
			flux, _ := fetch(t, "POST", api+"/accrochage", wb, 200)
			path := filepath.Join(t.TempDir(), "flux.xml")
			if err := os.WriteFile(path, flux, 0o644); err != nil {
				t.Fatal(err)
			}
			if out, err := exec.Command(xmllint, "--noout", "--schema", "../../testdata/cdc-cpf-accrochage-1.1.2.xsd", path).CombinedOutput(); err != nil {
				t.Errorf("accrochage invalid: %v\n%s", err, out)
			}
			if !bytes.Contains(flux, []byte(c.code)) || !bytes.Contains(flux, []byte("<cpf:passageCertification>")) {
				t.Errorf("accrochage of %s names no holder:\n%.600s", c.code, flux)
			}
			closed, _ := fetch(t, "POST", base+"/api/v1/registre/sessions", wb, 201)
			var reg struct {
				Documents []struct {
					Nature      string `json:"nature"`
					CodeAffiche string `json:"code_affiche"`
				} `json:"documents"`
			}
			if err := json.Unmarshal(closed, &reg); err != nil || len(reg.Documents) == 0 {
				t.Fatalf("closing: %v %.300s", err, closed)
			}
			for _, d := range reg.Documents {
				page, _ := fetch(t, "GET", base+"/verifier/"+d.CodeAffiche, nil, 200)
				if !bytes.Contains(page, []byte(c.code)) {
					t.Errorf("the verification of %s (%s) does not name %s", d.CodeAffiche, d.Nature, c.code)
				}
			}
			list, _ := fetch(t, "GET", fmt.Sprintf("%s/api/v1/registre/documents?certification=%s", base, c.code), nil, 200)
			if n := bytes.Count(list, []byte(`"code_affiche"`)); n != len(reg.Documents) {
				t.Errorf("the registre lists %d documents of %s, %d were closed", n, c.code, len(reg.Documents))
			}
		})
	}
}

func first(b []byte, _ http.Header) []byte { return b }
