package generator

import (
	"crypto/sha256"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"certidoc/documents"
	"certidoc/internal/testtool"
)

// What readAhead keeps for a file, cut from the output of one run over the
// merged files, is what a run of pdftotext or pdftoppm on that file alone
// prints: for a PV of several pages, a letter, a grid and LibreOffice's PDF
// of a DOCX (another producer), in every mode the tests read.
func TestReadAheadGivesWhatEachRunGives(t *testing.T) {
	t.Parallel() // waits on LibreOffice: other tests run meanwhile
	pdftotext := testtool.Need(t, "pdftotext", "poppler-utils")
	pdftoppm := testtool.Need(t, "pdftoppm", "poppler-utils")
	r := embedded(t)
	ex := loadExemple(t, nil)
	var docs []documents.Document
	for e := range documents.Dossier(r, ex.sess, ex.delib, ex.rep.Avertissements, nil, nil) {
		if n := e.Doc.Name; n == "proces-verbal" || n == "notification" && len(docs) < 3 || strings.HasPrefix(n, "grille") && len(docs) < 2 {
			docs = append(docs, e.Doc)
		}
	}
	if len(docs) < 3 {
		t.Fatalf("the example's dossier gave %d documents to read", len(docs))
	}
	var paths []string
	for _, d := range docs {
		paths = append(paths, renderPDF(t, d))
	}
	dir := t.TempDir()
	docx := filepath.Join(dir, "lettre.docx")
	if err := os.WriteFile(docx, renderDOCX(t, docs[len(docs)-1], fixed), 0o644); err != nil {
		t.Fatal(err)
	}
	office.Convert(t, "pdf", filepath.Join(dir, "lo"), docx)
	paths = append(paths, filepath.Join(dir, "lo", "lettre.pdf"))

	texts := [][]string{{"-layout", "-enc", "UTF-8"}, {"-enc", "UTF-8", "-raw"}, {"-bbox", "-enc", "UTF-8"}}
	got := mergedOutputs(t, paths, true, texts...)
	pagesSeen := 0
	for _, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		sum := sha256.Sum256(data)
		for _, a := range texts {
			want, err := exec.Command(pdftotext, append(append([]string{}, a...), p, "-")...).Output()
			if err != nil {
				t.Fatal(err)
			}
			g := string(got[outputKey(pdftotext, sum, append(append([]string{}, a...), "\x00file", "-")...)])
			w := string(want)
			if a[0] == "-bbox" { // the head is the merged file's
				g, w = g[strings.Index(g, "<doc>"):], w[strings.Index(w, "<doc>"):]
			}
			if g != w {
				t.Errorf("pdftotext %v %s: read ahead differs from its own run:\n%s", a, filepath.Base(p), testtool.FirstDifference(w, g))
			}
		}
		for n := 1; ; n++ {
			img, ok := got[outputKey(pdftoppm, sum, "-gray", "-r", strconv.Itoa(zoneDPI), "-f", strconv.Itoa(n), "-l", strconv.Itoa(n), "\x00file")]
			if !ok {
				break
			}
			want, err := exec.Command(pdftoppm, "-gray", "-r", strconv.Itoa(zoneDPI), "-f", strconv.Itoa(n), "-l", strconv.Itoa(n), p).Output()
			if err != nil {
				t.Fatal(err)
			}
			if string(img) != string(want) {
				t.Errorf("pdftoppm %s page %d: read ahead differs from its own run", filepath.Base(p), n)
			}
			pagesSeen++
		}
	}
	if pagesSeen < len(paths)+1 {
		t.Errorf("read ahead drew %d pages of %d files, the PV has several", pagesSeen, len(paths))
	}
}
