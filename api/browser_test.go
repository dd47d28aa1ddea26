package api

import (
	"archive/zip"
	"bytes"
	"io"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/xuri/excelize/v2"

	"certidoc/classeur"
	"certidoc/generator"
	"certidoc/session"
)

// waitFile waits for a download to land in dir.
func waitFile(t *testing.T, dir, name string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		if info, err := os.Stat(p); err == nil && info.Size() > 0 {
			time.Sleep(200 * time.Millisecond) // let the browser finish writing
			return p
		}
		time.Sleep(100 * time.Millisecond)
	}
	entries, _ := os.ReadDir(dir)
	t.Fatalf("no download %s in %s (found %v)", name, dir, entries)
	return ""
}

// TestPageInBrowser drives the real page in headless Chromium: download the
// entry workbook, drop a workbook with an error and see its cell named, drop
// a correct one and see the jury's table, download the dossier.
func TestPageInBrowser(t *testing.T) {
	t.Parallel() // waits on Chromium: other tests run meanwhile
	ctx := chromium.tab(t, 90*time.Second)
	srv := httptest.NewServer(newTestServer(t, io.Discard).Handler())
	defer srv.Close()

	downloads := t.TempDir()
	work := t.TempDir()

	// The workbooks the secrétariat would drop.
	s, _, err := session.Parse(exempleBody(t), newTestServer(t, io.Discard).ref, generator.Font())
	if err != nil {
		t.Fatal(err)
	}
	var good bytes.Buffer
	if err := classeur.Write(&good, newTestServer(t, io.Discard).ref, s, fixedNow()); err != nil {
		t.Fatal(err)
	}
	goodPath := filepath.Join(work, "saisie.xlsx")
	os.WriteFile(goodPath, good.Bytes(), 0o644)
	x, _ := excelize.OpenReader(bytes.NewReader(good.Bytes()))
	x.SetCellValue("Bloc B – épreuve 1", "I3", "Très bien")
	var bad bytes.Buffer
	x.WriteTo(&bad)
	badPath := filepath.Join(work, "saisie-erreur.xlsx")
	os.WriteFile(badPath, bad.Bytes(), 0o644)

	do := func(steps ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		if err := chromedp.Do(ctx, steps...); err != nil {
			t.Fatal(err)
		}
	}
	text := func(sel string) string {
		t.Helper()
		v, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(sel)))
		if err != nil {
			t.Fatalf("text of %s: %v", sel, err)
		}
		return v
	}

	do(chromedp.Navigate(srv.URL + "/"))
	if err := allowDownloads(ctx, downloads); err != nil {
		t.Fatalf("download behaviour: %v", err)
	}
	do(chromedp.WaitVisible(chromedp.CSS("#formulaire")))
	title, err := chromedp.Run(ctx, chromedp.Title())
	if err != nil || !strings.Contains(title, "RNCP36128") {
		t.Errorf("title %q: %v", title, err)
	}
	capture(t, ctx, "1-accueil.png")
	do(chromedp.Click(chromedp.CSS("#lien-classeur")))
	blank, _ := os.ReadFile(waitFile(t, downloads, "classeur-saisie-cisp.xlsx"))
	if !classeur.IsWorkbook(blank) {
		t.Error("the downloaded entry workbook is not a workbook")
	}

	// A workbook with an error: the problem names its sheet and cell.
	do(chromedp.SetUploadFiles(chromedp.CSS("#fichier"), []string{badPath}),
		chromedp.Click(chromedp.CSS("#verifier-fichier")),
		chromedp.WaitVisible(chromedp.CSS("#erreurs li")))
	capture(t, ctx, "2-erreur.png")
	if e := text("#erreurs"); !strings.Contains(e, "Bloc B – épreuve 1!I3") || !strings.Contains(e, "Très bien") {
		t.Errorf("the error list does not name the cell: %q", e)
	}

	// A correct workbook: the jury's table, then the dossier.
	do(chromedp.SetUploadFiles(chromedp.CSS("#fichier"), []string{goodPath}),
		chromedp.Click(chromedp.CSS("#verifier-fichier")),
		chromedp.WaitVisible(chromedp.CSS("#synthese table")),
		// the download section's hint goes once a file is valid
		chromedp.WaitNotVisible(chromedp.CSS("#telecharger #avant-depot")))
	capture(t, ctx, "3-synthese.png")
	table := text("#synthese")
	for _, want := range []string{"Élodie Marie LEFÈVRE-ŒUVRAY", "Certification totale", "Proposé\u00a0: non validé", "Bloc E", "2\u00a0certifications totales", "1\u00a0absente",
		"Un fait du référentiel à vérifier avant d’imprimer", "La date de la décision de France compétences («\u00a026/01/2022\u00a0»)"} {
		if !strings.Contains(table, want) {
			t.Errorf("the table lacks %q", want)
		}
	}
	do(chromedp.Click(chromedp.CSS("#format-docx")), chromedp.Click(chromedp.CSS("#dossier")), chromedp.WaitVisible(chromedp.CSS("#avancement")))
	zipPath := waitFile(t, downloads, "dossier-cisp-2022-02.zip")
	do(chromedp.WaitEnabled(chromedp.CSS("#dossier")))
	capture(t, ctx, "4-dossier.png")
	if p := text("#progression-texte"); !strings.Contains(p, "Terminé") {
		t.Errorf("after the download the progress says %q", p)
	}
	zr, err := zip.OpenReader(zipPath)
	if err != nil {
		t.Fatalf("the dossier is not a ZIP: %v", err)
	}
	defer zr.Close()
	names := map[string]bool{}
	for _, f := range zr.File {
		names[f.Name] = true
	}
	if !names["proces-verbal.pdf"] || !names["proces-verbal.docx"] || len(names) != 125 || !names["AVERTISSEMENTS.txt"] {
		t.Errorf("dossier: %d files, PV pdf %v docx %v", len(names), names["proces-verbal.pdf"], names["proces-verbal.docx"])
	}
}

// With a token set, the page asks for it once, then downloads work.
func TestPageAsksForToken(t *testing.T) {
	t.Parallel() // waits on Chromium: other tests run meanwhile
	// generous: it runs beside another browser test
	ctx := chromium.tab(t, 90*time.Second)
	s := newTestServer(t, io.Discard)
	s.cfg.Token = "jeton-de-test-0123456789"
	srv := httptest.NewServer(s.Handler())
	defer srv.Close()
	downloads := t.TempDir()
	if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+"/")); err != nil {
		t.Fatal(err)
	}
	if err := allowDownloads(ctx, downloads); err != nil {
		t.Fatal(err)
	}
	step := func(name string, a chromedp.Action[chromedp.Void]) {
		t.Helper()
		if err := chromedp.Do(ctx, a); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
	}
	step("the page asks for the token", chromedp.WaitVisible(chromedp.CSS("#jeton-formulaire")))
	step("type it", chromedp.SendKeys(chromedp.CSS("#jeton"), "jeton-de-test-0123456789"))
	step("send it", chromedp.Click(chromedp.CSS("#jeton-formulaire button")))
	step("the form goes away", chromedp.WaitNotVisible(chromedp.CSS("#jeton-formulaire")))
	step("download the workbook", chromedp.Click(chromedp.CSS("#lien-classeur")))
	data, _ := os.ReadFile(waitFile(t, downloads, "classeur-saisie-cisp.xlsx"))
	if !classeur.IsWorkbook(data) {
		t.Error("the workbook downloaded with the token is not a workbook")
	}
}
