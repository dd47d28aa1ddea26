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
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/chromedp"

	"certidoc/certificateur"
	"certidoc/generator"
	"certidoc/internal/testtool"
	"certidoc/referentiel"
)

// profileServer is a test server under the test profile.
func profileServer(t *testing.T) *Server {
	t.Helper()
	r, err := referentiel.Embedded()
	if err != nil {
		t.Fatal(err)
	}
	p, err := certificateur.LoadFile("../certificateur/testdata/profil.yaml")
	if err != nil {
		t.Fatal(err)
	}
	h, err := generator.NewHabillage(p)
	if err != nil {
		t.Fatal(err)
	}
	cfg := DefaultConfig()
	cfg.Profil, cfg.Habillage = p, h
	return New(cfg, r, slog.New(slog.NewJSONHandler(io.Discard, nil)), fixedNow)
}

func TestCertificateurRoute(t *testing.T) {
	for _, c := range []struct {
		name string
		s    *Server
		want []string
	}{
		{"example", newTestServer(t, io.Discard), []string{`"source":"exemple"`, `"exemple":true`, `"signature_sur":[]`, `"lettre_appel":"{civilite},"`}},
		{"test profile", profileServer(t), []string{`"couleur":"#1F4E79"`, `"fichier":"logo.png","largeur_mm":30,"hauteur_mm":10`, `"signature_sur":["attestation","parchemin","notification"]`, `"pied_de_page":"{certificateur} – SIRET {siret} – {site_web}"`}},
	} {
		t.Run(c.name, func(t *testing.T) {
			rec := httptest.NewRecorder()
			c.s.Handler().ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/api/v1/certificateur", nil))
			var compact bytes.Buffer
			if rec.Code != http.StatusOK || json.Compact(&compact, rec.Body.Bytes()) != nil {
				t.Fatalf("status %d: %s", rec.Code, rec.Body)
			}
			for _, w := range c.want {
				if !strings.Contains(compact.String(), w) {
					t.Errorf("answer lacks %s: %s", w, compact.String())
				}
			}
		})
	}
}

// specimenPages checks that every page of every PDF of an Aperçu ZIP says
// SPECIMEN, and returns the documents' names.
func specimenPages(t *testing.T, data []byte) []string {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatalf("not a ZIP: %v", err)
	}
	pdftotext := testtool.Need(t, "pdftotext", "poppler-utils")
	dir := t.TempDir()
	var names []string
	for _, f := range zr.File {
		names = append(names, f.Name)
		rc, _ := f.Open()
		pdf, _ := io.ReadAll(rc)
		rc.Close()
		path := filepath.Join(dir, f.Name)
		os.WriteFile(path, pdf, 0o644)
		out, err := exec.Command(pdftotext, "-enc", "UTF-8", path, "-").Output()
		if err != nil {
			t.Fatalf("pdftotext %s: %v", f.Name, err)
		}
		pages := strings.Split(strings.TrimSuffix(string(out), "\f"), "\f")
		for i, p := range pages {
			if !strings.Contains(p, "SPECIMEN") {
				t.Errorf("%s page %d of %d: no SPECIMEN", f.Name, i+1, len(pages))
			}
		}
		if strings.Contains(string(out), "Document n°") {
			t.Errorf("%s carries a verification code: a specimen must not", f.Name)
		}
	}
	return names
}

// TestApercuInBrowser: the page shows the profile in force, and its
// Aperçu button downloads one document of every kind, SPECIMEN on every
// page, in headless Chromium.
func TestApercuInBrowser(t *testing.T) {
	exe := testtool.Need(t, "chromium", "chromium")
	srv := httptest.NewServer(profileServer(t).Handler())
	defer srv.Close()
	downloads := t.TempDir()
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(exe), chromedp.NoSandbox, chromedp.DisableGPU,
		chromedp.Flag("disable-background-networking", true), chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true), chromedp.UserDataDir(t.TempDir()))
	actx, cancel := chromedp.NewExecAllocator(context.Background(), opts...)
	defer cancel()
	ctx, cancel := chromedp.NewContext(actx)
	defer cancel()
	ctx, cancel = context.WithTimeout(ctx, 90*time.Second)
	defer cancel()
	if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+"/")); err != nil {
		t.Fatal(err)
	}
	allow := true
	if _, err := chromedp.CallBrowser(ctx, browser.SetDownloadBehavior, browser.SetDownloadBehaviorParams{
		Behavior: browser.SetDownloadBehaviorBehaviorAllow, DownloadPath: downloads, EventsEnabled: &allow}); err != nil {
		t.Fatal(err)
	}
	section, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("#certificateur")))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"CENTRE RESSOURCES AROBASE", "logo.png (30\u00a0×\u00a010\u00a0mm)", "#1F4E79", "Danièle Marchand-Royer, Directrice – signature numérisée – cachet", "attestation, parchemin, notification"} {
		if !strings.Contains(section, want) {
			t.Errorf("the profile section lacks %q: %q", want, section)
		}
	}
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS("#lien-apercu"))); err != nil {
		t.Fatal(err)
	}
	data, _ := os.ReadFile(waitFile(t, downloads, "apercu-certificateur.zip"))
	names := specimenPages(t, data)
	want := []string{"specimen-proces-verbal.pdf", "specimen-grille-A-1.pdf", "specimen-attestation-A.pdf", "specimen-parchemin.pdf", "specimen-notification.pdf",
		"specimen-planning.pdf", "specimen-emargement-a1.pdf", "specimen-convocation.pdf", "specimen-convocation-jury-vasseur-diop-helene.pdf"}
	if strings.Join(names, " ") != strings.Join(want, " ") {
		t.Errorf("Aperçu holds %v, want %v", names, want)
	}
}
