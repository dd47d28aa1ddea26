package api

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/json"
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
	"certidoc/internal/testtool"
)

// TestAvantPageInBrowser drives the page's section "Avant la session" in
// headless Chromium: a workbook whose Planning sheet has a wrong hour
// names its cell; a session without planning says so; a workbook whose
// convocations leave late shows the warnings by cell; then the ZIP
// (started from the keyboard) with its progress, the planning as PDF and
// as Excel. The section is checked for a keyboard and a screen reader
// user: names, headings, contrast, tab order and focus.
func TestAvantPageInBrowser(t *testing.T) {
	t.Parallel() // waits on Chromium: other tests run meanwhile
	// generous: CI runs it under -race
	ctx := chromium.tab(t, 3*time.Minute)
	srv := httptest.NewServer(newTestServer(t, io.Discard).Handler())
	defer srv.Close()
	downloads := t.TempDir()
	work := t.TempDir()

	late := avantBody(t, func(s map[string]any) { s["planning"].(map[string]any)["date_convocation"] = "2022-09-25" })
	goodPath := filepath.Join(work, "saisie-planning.xlsx")
	os.WriteFile(goodPath, avantWorkbook(t, late), 0o644)
	x, err := excelize.OpenReader(bytes.NewReader(avantWorkbook(t, late)))
	if err != nil {
		t.Fatal(err)
	}
	x.SetCellValue("Planning", "E3", "25:00")
	var bad bytes.Buffer
	x.WriteTo(&bad)
	badPath := filepath.Join(work, "saisie-planning-erreur.xlsx")
	os.WriteFile(badPath, bad.Bytes(), 0o644)
	nonePath := filepath.Join(work, "session-sans-planning.json")
	os.WriteFile(nonePath, sansPlanning(t), 0o644)

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
			capture(t, ctx, "avant-echec.png")
			t.Fatalf("%v; the section says: %q %q", err, text("#avant-etat"), text("#avant-erreurs"))
		}
	}
	upload := func(path string) {
		t.Helper()
		do(chromedp.SetUploadFiles(chromedp.CSS("#avant-fichier"), []string{path}), chromedp.Click(chromedp.CSS("#avant-verifier")))
	}

	if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+"/")); err != nil {
		t.Fatal(err)
	}
	if err := allowDownloads(ctx, downloads); err != nil {
		t.Fatalf("download behaviour: %v", err)
	}
	do(chromedp.WaitVisible(chromedp.CSS("#avant-formulaire")))
	if nav := text("nav"); !strings.Contains(nav, "2. Avant la session") || !strings.Contains(nav, "5. Registre") {
		t.Errorf("the steps: %q", nav)
	}
	if n := checkNames(t, ctx); n < 10 {
		t.Errorf("only %d controls in the accessibility tree", n)
	}
	checkLabels(t, ctx)
	checkContrast(t, ctx, "body") // the whole page as it loads

	// A wrong hour on the Planning sheet: the problem names its cell, and
	// nothing can be downloaded.
	upload(badPath)
	do(chromedp.WaitVisible(chromedp.CSS("#avant-erreurs li")))
	capture(t, ctx, "avant-1-erreur.png")
	if e := text("#avant-erreurs"); !strings.Contains(e, "Planning!E3") || !strings.Contains(e, "25:00") || !strings.Contains(e, "1\u00a0problème") {
		t.Errorf("the problem does not name its cell: %q", e)
	}
	if disabled, _ := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.getElementById("avant-documents").disabled`)); !disabled {
		t.Error("the downloads are offered for a planning with a problem")
	}
	checkContrast(t, ctx, "#avant")

	// A session without planning.
	upload(nonePath)
	do(chromedp.WaitVisible(chromedp.CSS("#avant-erreurs h3")))
	if e := text("#avant-erreurs"); !strings.Contains(e, "n’a pas de planning") {
		t.Errorf("a session without planning: %q", e)
	}

	// The workbook whose convocations leave late: warnings by cell.
	upload(goodPath)
	do(chromedp.WaitVisible(chromedp.CSS("#avant-synthese .avertissements li")), chromedp.WaitEnabled(chromedp.CSS("#avant-zip")))
	capture(t, ctx, "avant-2-synthese.png")
	summary := text("#avant-synthese")
	for _, want := range []string{"Planning de la session CISP-2022-02", "10\u00a0séances (A1, B1", "7\u00a0candidats convoqués", "datées du 25\u00a0septembre 2022", "22\u00a0documents par format",
		"Points d’attention du planning (2)", "Planning!D3", "10 jours avant", "Planning!D7"} {
		if !strings.Contains(summary, want) {
			t.Errorf("the summary lacks %q: %q", want, summary)
		}
	}
	if e := text("#avant-erreurs"); e != "" {
		t.Errorf("errors still shown: %q", e)
	}
	if focused, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.activeElement.id`)); focused != "avant-synthese" {
		t.Errorf("after the check the focus is on %q, not on the summary", focused)
	}
	checkNames(t, ctx)
	checkContrast(t, ctx, "#avant")
	order := tabOrder(t, ctx, "avant-synthese", 6)
	if err := inOrder(order, []string{"avant-format-pdf", "avant-format-docx", "avant-zip", "planning-pdf", "planning-xlsx"}); err != nil {
		t.Error(err)
	}
	order = tabOrder(t, ctx, "lien-classeur", 30)
	if err := inOrder(order, []string{"avant-fichier", "avant-verifier", "avant-format-pdf", "avant-zip", "fichier"}); err != nil {
		t.Error(err)
	}

	// The ZIP in PDF and Word, started from the keyboard.
	do(chromedp.Click(chromedp.CSS("#avant-format-docx")), chromedp.Focus(chromedp.CSS("#avant-zip")), chromedp.KeyEvent("\r"),
		chromedp.WaitVisible(chromedp.CSS("#avant-avancement")))
	zipPath := waitFile(t, downloads, "avant-session-cisp-2022-02.zip")
	do(chromedp.WaitEnabled(chromedp.CSS("#avant-zip")))
	capture(t, ctx, "avant-3-zip.png")
	if p := text("#avant-progression-texte"); !strings.Contains(p, "Terminé") {
		t.Errorf("after the download the progress says %q", p)
	}
	if v, _ := chromedp.Run(ctx, chromedp.Evaluate[[]float64](`[document.getElementById("avant-progression").value, document.getElementById("avant-progression").max]`)); len(v) != 2 || v[0] != 44 || v[1] != 44 {
		t.Errorf("progress %v, want 44 of 44", v)
	}
	zr, err := zip.OpenReader(zipPath)
	if err != nil {
		t.Fatalf("the archive is not a ZIP: %v", err)
	}
	names := map[string]bool{}
	for _, f := range zr.File {
		names[f.Name] = true
	}
	zr.Close()
	if len(names) != 45 || !names["AVERTISSEMENTS.txt"] || !names["planning.docx"] || !names["emargements/emargement-b1.pdf"] {
		t.Errorf("archive: %d files (want 44 documents and AVERTISSEMENTS.txt)", len(names))
	}

	// The planning, as PDF and as Excel.
	do(chromedp.Click(chromedp.CSS("#planning-pdf")))
	pdf, _ := os.ReadFile(waitFile(t, downloads, "planning.pdf"))
	if !bytes.HasPrefix(pdf, []byte("%PDF-")) {
		t.Error("the planning downloaded is not a PDF")
	}
	do(chromedp.WaitEnabled(chromedp.CSS("#planning-xlsx")), chromedp.Click(chromedp.CSS("#planning-xlsx")))
	xlsx, _ := os.ReadFile(waitFile(t, downloads, "planning.xlsx"))
	if !classeur.IsWorkbook(xlsx) {
		t.Error("the planning downloaded is not a workbook")
	}
	if st := text("#avant-etat"); !strings.Contains(st, "2\u00a0points d’attention") {
		t.Errorf("status: %q", st)
	}
	var warnings []string
	raw, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`JSON.stringify([...document.querySelectorAll("#avant-synthese li")].map((li) => li.textContent))`))
	json.Unmarshal([]byte(raw), &warnings)
	for _, w := range warnings {
		testtool.CheckTypo(t, "warning on the page", w)
	}
}
