package generator

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"certidoc/documents"
	"certidoc/internal/testtool"
	"certidoc/referentiel"
	"certidoc/session"
)

// fictitious are the example sessions of the fictitious référentiels of
// testdata/referentiels, each with its golden texts under testdata/.
var fictitious = []struct{ referentiel, session, golden string }{
	{"rncp99901.yaml", "session-rncp99901.json", "testdata/dossier-rncp99901"},
	{"rncp99902.yaml", "session-rncp99902.json", "testdata/dossier-rncp99902"},
}

func fictitiousEntries(t *testing.T, referentielFile, sessionFile string) (*referentiel.Referentiel, []documents.Entry) {
	t.Helper()
	r, err := referentiel.LoadFile("../testdata/referentiels/" + referentielFile)
	if err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile("../testdata/" + sessionFile)
	if err != nil {
		t.Fatal(err)
	}
	s, rep, err := session.Parse(data, r, Font())
	if err != nil {
		t.Fatal(err)
	}
	return r, slices.Collect(documents.Dossier(r, s, session.Deliberer(r, s), rep.Avertissements, nil, nil))
}

// TestFictitiousDossiersGolden is TestDossierGolden for the example
// sessions of the two fictitious référentiels, their blank grids included:
//
//	go test ./generator -run TestFictitiousDossiersGolden -update
func TestFictitiousDossiersGolden(t *testing.T) {
	t.Parallel()
	for _, f := range fictitious {
		t.Run(f.session, func(t *testing.T) {
			r, entries := fictitiousEntries(t, f.referentiel, f.session)
			blank, err := documents.Grilles(r, "")
			if err != nil {
				t.Fatal(err)
			}
			for _, d := range blank {
				entries = append(entries, documents.Entry{Dir: "vierges", Doc: d})
			}
			checkGolden(t, slices.Values(entries), f.golden, "TestFictitiousDossiersGolden")
		})
	}
}

// Every document of the fictitious examples is a sound PDF (qpdf --check)
// and has, as a DOCX converted by LibreOffice, as many pages as its PDF.
func TestFictitiousDossiersPages(t *testing.T) {
	t.Parallel() // waits on LibreOffice: other tests run meanwhile
	qpdf := testtool.Need(t, "qpdf", "qpdf")
	pdftotextBin := testtool.Need(t, "pdftotext", "poppler-utils")
	dir := t.TempDir()
	var names, docxFiles []string
	for _, f := range fictitious {
		r, entries := fictitiousEntries(t, f.referentiel, f.session)
		blank, err := documents.Grilles(r, "")
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range blank {
			entries = append(entries, documents.Entry{Dir: "vierges", Doc: d})
		}
		for _, e := range entries {
			if e.File != nil {
				continue
			}
			name := strings.TrimSuffix(f.session, ".json") + "-" + strings.ReplaceAll(e.Dir, "/", "-") + "-" + e.Doc.Name
			var pdf, docx bytes.Buffer
			if err := PDF(&pdf, e.Doc, fixed); err != nil {
				t.Fatalf("PDF %s: %v", name, err)
			}
			if err := DOCX(&docx, e.Doc, fixed); err != nil {
				t.Fatalf("DOCX %s: %v", name, err)
			}
			p := filepath.Join(dir, name+".pdf")
			if err := os.WriteFile(p, pdf.Bytes(), 0o644); err != nil {
				t.Fatal(err)
			}
			if out, err := exec.Command(qpdf, "--check", p).CombinedOutput(); err != nil {
				t.Errorf("qpdf --check %s: %v\n%s", name, err, out)
			}
			d := filepath.Join(dir, name+".docx")
			if err := os.WriteFile(d, docx.Bytes(), 0o644); err != nil {
				t.Fatal(err)
			}
			names, docxFiles = append(names, name), append(docxFiles, d)
		}
	}
	lo := filepath.Join(dir, "lo")
	office.Convert(t, "pdf", lo, docxFiles...)
	var pdfs []string
	for _, name := range names {
		pdfs = append(pdfs, filepath.Join(dir, name+".pdf"), filepath.Join(lo, name+".pdf"))
	}
	readAhead(t, pdfs, false, []string{"-layout", "-enc", "UTF-8"})
	pages := func(path string) int {
		out, err := cachedOutput(path, pdftotextBin, "-layout", "-enc", "UTF-8", path, "-")
		if err != nil {
			t.Errorf("pdftotext %s: %v", path, err)
		}
		return strings.Count(string(out), "\f")
	}
	for _, name := range names {
		if p, d := pages(filepath.Join(dir, name+".pdf")), pages(filepath.Join(lo, name+".pdf")); p != d || p == 0 {
			t.Errorf("%s: the PDF has %d pages, the DOCX %d once LibreOffice converts it", name, p, d)
		}
	}
}
