package generator

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/xml"
	"fmt"
	"io"
	"io/fs"
	"iter"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"

	"certidoc/documents"
	"certidoc/internal/testtool"
)

// goldenDossier is where TestDossierGolden keeps what a reader of the
// example dossier sees: one .txt file per document of the ZIP, named after
// it (proces-verbal.pdf.txt, candidats/…/grille-B-1.docx.txt);
// goldenAvant the same for the example's papers before the jury
// (planning.pdf.txt, emargements/…, candidats/…/convocation.pdf.txt, jury/…).
const (
	goldenDossier = "testdata/dossier-exemple"
	goldenAvant   = "testdata/avant-exemple"
)

// TestDossierGolden renders the dossier of testdata/session-exemple.json,
// and its papers before the jury, in PDF and DOCX and compares, document by
// document, what a reader gets with the golden files under
// testdata/dossier-exemple/ and testdata/avant-exemple/:
//   - PDF: the page count and the text of each page as `pdftotext -layout`
//     extracts it (a form feed ends each page);
//   - DOCX: the text of the body, headers and footers, one paragraph a line
//     (Word's pagination is not computed here).
//
// A change of rendering that must not change what readers see (a faster
// font path, a patched fpdf, a refactoring) must leave these files as they
// are. A change made on purpose (wording, layout, the example session)
// rewrites them:
//
//	go test ./generator -run TestDossierGolden -update
//
// then read `git diff generator/testdata/dossier-exemple
// generator/testdata/avant-exemple` — every changed line is a change
// readers will see — and commit the files with the change.
func TestDossierGolden(t *testing.T) {
	t.Parallel()
	ex := loadExemple(t, nil)
	r := embedded(t)
	t.Run("dossier", func(t *testing.T) {
		checkGolden(t, documents.Dossier(r, ex.sess, ex.delib, ex.rep.Avertissements, nil, nil), goldenDossier, "TestDossierGolden")
	})
	t.Run("avant", func(t *testing.T) {
		checkGolden(t, documents.AvantSession(r, ex.sess, ex.rep.Avertissements, ex.sess.Planning.DateConvocation, nil), goldenAvant, "TestDossierGolden")
	})
}

// checkGolden renders entries in PDF and DOCX and compares what a reader
// gets with the golden files of dir (see TestDossierGolden); test names
// the test whose -update rewrites them.
func checkGolden(t *testing.T, entries iter.Seq[documents.Entry], goldenDossier, test string) {
	t.Helper()
	pdftotextBin := testtool.Need(t, "pdftotext", "poppler-utils")
	var buf bytes.Buffer
	if err := Zip(context.Background(), &buf, entries, []Format{FormatPDF, FormatDOCX}, fixed, 0, nil); err != nil {
		t.Fatal(err)
	}
	zr, err := zip.NewReader(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	if err != nil {
		t.Fatal(err)
	}

	got := make(map[string]string, len(zr.File)) // golden name → text
	tmp := t.TempDir()
	pdfs := map[string]string{} // golden name → file
	for i, f := range zr.File {
		data := readZipFile(t, f)
		name := f.Name + ".txt"
		switch filepath.Ext(f.Name) {
		case ".docx":
			got[name] = docxReaderText(t, data)
		case ".pdf":
			p := filepath.Join(tmp, fmt.Sprintf("%03d.pdf", i))
			if err := os.WriteFile(p, data, 0o644); err != nil {
				t.Fatal(err)
			}
			pdfs[name] = p
		case ".txt": // AVERTISSEMENTS.txt
			got[name] = string(data)
		default:
			t.Errorf("unexpected file in the dossier: %s", f.Name)
		}
	}
	readAhead(t, slices.Collect(maps.Values(pdfs)), false, []string{"-layout", "-enc", "UTF-8"})
	for name, p := range pdfs {
		out, err := cachedOutput(p, pdftotextBin, "-layout", "-enc", "UTF-8", p, "-")
		if err != nil {
			t.Errorf("pdftotext %s: %v", strings.TrimSuffix(name, ".txt"), err)
			continue
		}
		got[name] = fmt.Sprintf("pages: %d\n%s", strings.Count(string(out), "\f"), out)
	}
	if t.Failed() {
		return
	}

	if *update {
		if err := os.RemoveAll(goldenDossier); err != nil {
			t.Fatal(err)
		}
		for name, text := range got {
			p := filepath.Join(goldenDossier, filepath.FromSlash(name))
			if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}

	want := map[string]string{}
	err = filepath.WalkDir(goldenDossier, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(goldenDossier, p)
		want[filepath.ToSlash(rel)] = string(b)
		return nil
	})
	if err != nil {
		t.Fatalf("%v (run go test ./generator -run %s -update)", err, test)
	}
	names := make([]string, 0, len(got)+len(want))
	for n := range got {
		names = append(names, n)
	}
	for n := range want {
		if _, ok := got[n]; !ok {
			names = append(names, n)
		}
	}
	sort.Strings(names)
	hint := "look at the documents, then go test ./generator -run " + test + " -update"
	for _, n := range names {
		g, inGot := got[n]
		w, inWant := want[n]
		switch {
		case !inWant:
			t.Errorf("%s: a new document, not in %s (%s)", n, goldenDossier, hint)
		case !inGot:
			t.Errorf("%s: no longer in the dossier (%s)", n, hint)
		case g != w:
			t.Errorf("%s differs from its golden file:\n%s\n(%s)", n, testtool.FirstDifference(w, g), hint)
		}
	}
}

func readZipFile(t *testing.T, f *zip.File) []byte {
	t.Helper()
	rc, err := f.Open()
	if err != nil {
		t.Fatal(err)
	}
	defer rc.Close()
	b, err := io.ReadAll(rc)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// docxReaderText returns the text of a DOCX as a reader meets it: the
// headers, the body and the footers, one paragraph a line, a tab for w:tab
// and a line break for w:br. Fields (PAGE, NUMPAGES) show their cached text.
func docxReaderText(t *testing.T, data []byte) string {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatalf("not a zip: %v", err)
	}
	var names []string
	files := map[string]*zip.File{}
	for _, f := range zr.File {
		if strings.HasPrefix(f.Name, "word/") && strings.HasSuffix(f.Name, ".xml") &&
			(f.Name == "word/document.xml" || strings.HasPrefix(f.Name, "word/header") || strings.HasPrefix(f.Name, "word/footer")) {
			names = append(names, f.Name)
			files[f.Name] = f
		}
	}
	sort.Strings(names)
	var b strings.Builder
	for _, n := range names {
		fmt.Fprintf(&b, "=== %s\n", n)
		dec := xml.NewDecoder(bytes.NewReader(readZipFile(t, files[n])))
		inText := false
		for {
			tok, err := dec.Token()
			if err == io.EOF {
				break
			}
			if err != nil {
				t.Fatalf("%s: %v", n, err)
			}
			switch tok := tok.(type) {
			case xml.StartElement:
				switch tok.Name.Local {
				case "t":
					inText = true
				case "tab":
					b.WriteByte('\t')
				case "br":
					b.WriteByte('\n')
				}
			case xml.EndElement:
				switch tok.Name.Local {
				case "t":
					inText = false
				case "p":
					b.WriteByte('\n')
				}
			case xml.CharData:
				if inText {
					b.Write(tok)
				}
			}
		}
	}
	return b.String()
}
