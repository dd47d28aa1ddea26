package api

import (
	"context"
	"io"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"certidoc/registre"
)

// TestRegistrePageInBrowser drives the page's registre part in headless
// Chromium: drop the final session, see what will be recorded, confirm,
// list the closed sessions, search a holder, download a duplicata, revoke
// with a reason typed twice.
func TestRegistrePageInBrowser(t *testing.T) {
	t.Parallel() // waits on Chromium: other tests run meanwhile
	// generous: CI runs it under -race
	ctx := chromium.tab(t, 3*time.Minute)
	s, reg := newRegistreServer(t, registre.Config{Dir: t.TempDir()}, io.Discard, func(c *Config) { c.Token = "jeton-de-test-0123456789" })
	srv := httptest.NewServer(s.Handler())
	defer srv.Close()
	downloads := t.TempDir()
	sessionPath := filepath.Join(t.TempDir(), "session.json")
	os.WriteFile(sessionPath, exempleBody(t), 0o644)

	text := func(sel string) string {
		t.Helper()
		v, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(sel)))
		if err != nil {
			t.Fatalf("text of %s: %v", sel, err)
		}
		return v
	}
	do := func(steps ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		sctx, cancel := context.WithTimeout(ctx, 90*time.Second)
		defer cancel()
		if err := chromedp.Do(sctx, steps...); err != nil {
			capture(t, ctx, "registre-echec.png")
			t.Fatalf("%v; the page says: %q %q %q", err, text("#etat"), text("#erreurs"), text("#registre-etat"))
		}
	}
	waitText := func(sel, want string) {
		t.Helper()
		deadline := time.Now().Add(90 * time.Second)
		for time.Now().Before(deadline) {
			if strings.Contains(text(sel), want) {
				return
			}
			time.Sleep(100 * time.Millisecond)
		}
		t.Fatalf("%s never says %q; it says %q", sel, want, text(sel))
	}

	// The first action opens the tab: on ctx itself, so that the tab
	// lives as long as the test.
	if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+"/")); err != nil {
		t.Fatal(err)
	}
	if err := allowDownloads(ctx, downloads); err != nil {
		t.Fatalf("download behaviour: %v", err)
	}
	do(chromedp.WaitVisible(chromedp.CSS("#jeton")),
		chromedp.SendKeys(chromedp.CSS("#jeton"), "jeton-de-test-0123456789\n"),
		chromedp.WaitNotVisible(chromedp.CSS("#jeton-formulaire")))

	// Drop the final session, see what closing records, confirm.
	do(chromedp.SetUploadFiles(chromedp.CSS("#fichier"), []string{sessionPath}),
		chromedp.Click(chromedp.CSS("#verifier-fichier")),
		chromedp.WaitEnabled(chromedp.CSS("#cloture")), // the fieldset: its buttons have no attribute of their own
		chromedp.Click(chromedp.CSS("#cloture-apercu")),
		chromedp.WaitVisible(chromedp.CSS("#cloture-resume table")))
	waitText("#cloture-resume", "enregistrera 16\u00a0documents\u00a0: 14\u00a0attestations et 2\u00a0parchemins")
	if r := text("#cloture-resume"); !strings.Contains(r, "attribué à la clôture") {
		t.Errorf("preview: %q", r)
	}
	if l, _ := reg.Liste(ctx, registre.Filter{}); len(l) != 0 {
		t.Fatalf("the preview recorded %d entries", len(l))
	}
	capture(t, ctx, "registre-1-apercu.png")
	do(chromedp.Click(chromedp.CSS("#cloture-confirmer")))
	waitText("#registre-etat", "Session CISP-2022-02 clôturée\u00a0: 16\u00a0documents au registre.")
	capture(t, ctx, "registre-2-cloture.png")
	if l, _ := reg.Liste(ctx, registre.Filter{}); len(l) != 16 {
		t.Fatalf("%d entries after closing, want 16", len(l))
	}

	// The closed sessions, with their dossier.
	do(chromedp.Click(chromedp.CSS("#sessions-actualiser")), chromedp.WaitVisible(chromedp.CSS("#sessions-liste table")))
	waitText("#sessions-liste", "CISP-2022-02")

	// Holders not reported 60 days after their deliberation.
	do(chromedp.Click(chromedp.CSS("#a-declarer")), chromedp.WaitVisible(chromedp.CSS("#a-declarer-liste table")))
	waitText("#a-declarer-liste", "2\u00a0titulaires non déclarés à la Caisse des Dépôts 60\u00a0jours")

	// Search a holder, download a duplicata, revoke with the reason typed twice.
	do(chromedp.SendKeys(chromedp.CSS("#recherche-nom"), "lefevre\n"), chromedp.WaitVisible(chromedp.CSS("#recherche-resultats table")))
	waitText("#recherche-resultats", "CISP-2022-02-2022-001-BC01")
	do(chromedp.Click(chromedp.CSS(`#recherche-resultats a[href*="BC01/duplicata?format=pdf"]`)))
	pdf, _ := os.ReadFile(waitFile(t, downloads, "duplicata-cisp-2022-02-2022-001-bc01.pdf"))
	if !strings.HasPrefix(string(pdf), "%PDF-") {
		t.Error("the duplicata is not a PDF")
	}
	do(chromedp.Click(chromedp.CSS(`#recherche-resultats button.revoquer[data-numero="CISP-2022-02-2022-001-CERT"]`)),
		chromedp.WaitVisible(chromedp.CSS("#revocation-motif")),
		chromedp.SendKeys(chromedp.CSS("#revocation-motif"), "Fraude constatée"),
		chromedp.SendKeys(chromedp.CSS("#revocation-motif-2"), "Fraude"),
		chromedp.Click(chromedp.CSS("#revocation-confirmer")))
	waitText("#registre-etat", "Les deux motifs diffèrent")
	if e, _ := reg.Document(ctx, "CISP-2022-02-2022-001-CERT"); e.Revoque() {
		t.Fatal("revoked although the two reasons differ")
	}
	do(chromedp.SendKeys(chromedp.CSS("#revocation-motif-2"), " constatée"), chromedp.Click(chromedp.CSS("#revocation-confirmer")))
	waitText("#registre-etat", "Document n° CISP-2022-02-2022-001-CERT révoqué")
	waitText("#recherche-resultats", "révoqué le ")
	capture(t, ctx, "registre-3-revocation.png")
	if e, _ := reg.Document(ctx, "CISP-2022-02-2022-001-CERT"); !e.Revoque() || e.Motif != "Fraude constatée" {
		t.Errorf("entry after revocation: %+v", e)
	}
}
