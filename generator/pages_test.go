package generator

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"certidoc/documents"
	"certidoc/internal/testtool"
	"certidoc/verification"
)

// minBodyLines is the least a page after the first must carry, besides
// its header and footer: fewer means a signature block, a comment or a
// totals row left alone on a page.
const minBodyLines = 8

// preparatoireEdit takes the jury's decisions on the example's last
// candidate (2022-007) away: the session is then a préparatoire.
func preparatoireEdit(s string) string {
	for range 2 {
		i := strings.LastIndex(s, `"decision": "non_valide"`)
		s = s[:i] + `"decision": ""` + s[i+len(`"decision": "non_valide"`):]
	}
	return s
}

// paged is one document rendered in both formats.
type paged struct {
	name string // unique file name, without extension
	doc  documents.Document
}

// TestPagesHoldTogether renders every document of the example dossier (with
// verification codes), of its préparatoire variant, of its papers before
// the jury and the blank grids, in
// PDF and in DOCX converted by LibreOffice (through the package's office, in one call), and
// checks page by page, in both formats:
//   - the DOCX has as many pages as the PDF;
//   - every page after the first carries at least minBodyLines lines of text
//     besides its header and footer;
//   - every page of a préparatoire PV says so, every page of a grid names
//     the candidate and the épreuve, every page of an attendance sheet its
//     sitting (RunningHead), and every page of a paginated document gives
//     "page n / N";
//
// and that a préparatoire dossier holds no attestation, parchemin or letter.
func TestPagesHoldTogether(t *testing.T) {
	t.Parallel() // waits on LibreOffice: other tests run meanwhile
	pdftotextBin := testtool.Need(t, "pdftotext", "poppler-utils")
	r := embedded(t)
	keys, err := verification.NewKeys(strings.Repeat("k", 32), nil)
	if err != nil {
		t.Fatal(err)
	}
	verifier := &verification.Verifier{Keys: keys, URL: "https://certidoc.exemple.fr"}

	var docs []paged
	add := func(prefix string, e documents.Entry) {
		docs = append(docs, paged{name: prefix + "-" + strings.ReplaceAll(e.Dir, "/", "-") + "-" + e.Doc.Name, doc: e.Doc})
	}
	ex := loadExemple(t, nil)
	for e := range documents.Dossier(r, ex.sess, ex.delib, ex.rep.Avertissements, verifier, nil) {
		add("exemple", e)
	}
	prep := loadExemple(t, preparatoireEdit)
	if !prep.delib.Preparatoire {
		t.Fatal("the préparatoire variant has every decision")
	}
	for e := range documents.Dossier(r, prep.sess, prep.delib, prep.rep.Avertissements, verifier, nil) {
		if n := e.Doc.Name; strings.HasPrefix(n, "attestation") || n == "parchemin" || n == "notification" {
			t.Errorf("the préparatoire dossier holds %s/%s", e.Dir, n)
		}
		add("preparatoire", e)
	}
	for e := range documents.AvantSession(r, ex.sess, ex.rep.Avertissements, ex.sess.Planning.DateConvocation, nil) {
		if e.File == nil {
			add("avant", e)
		}
	}
	blank, err := documents.Grilles(r, "")
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range blank {
		add("vierge", documents.Entry{Doc: d})
	}
	// long names in several Latin alphabets, six-line addresses (one of
	// seven), motifs of 700 characters, a birth name of 66
	long := loadSession(t, "../testdata/session-longue.json", nil)
	for e := range documents.Dossier(r, long.sess, long.delib, long.rep.Avertissements, verifier, nil) {
		add("longue", e)
	}

	dir := t.TempDir()
	var docxFiles []string
	for _, p := range docs {
		var pdf, docx bytes.Buffer
		if err := PDF(&pdf, p.doc, fixed); err != nil {
			t.Fatalf("PDF %s: %v", p.name, err)
		}
		if err := DOCX(&docx, p.doc, fixed); err != nil {
			t.Fatalf("DOCX %s: %v", p.name, err)
		}
		if err := os.WriteFile(filepath.Join(dir, p.name+".pdf"), pdf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		f := filepath.Join(dir, p.name+".docx")
		if err := os.WriteFile(f, docx.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		docxFiles = append(docxFiles, f)
	}
	lo := filepath.Join(dir, "lo")
	office.Convert(t, "pdf", lo, docxFiles...)
	var pdfs []string
	for _, p := range docs {
		pdfs = append(pdfs, filepath.Join(dir, p.name+".pdf"), filepath.Join(lo, p.name+".pdf"))
	}
	readAhead(t, pdfs, true, []string{"-layout", "-enc", "UTF-8"}, []string{"-bbox", "-enc", "UTF-8"})

	// Every page's text, in both formats.
	pages := make([][2][]string, len(docs))
	for i, p := range docs {
		for k, path := range []string{filepath.Join(dir, p.name+".pdf"), filepath.Join(lo, p.name+".pdf")} {
			out, err := cachedOutput(path, pdftotextBin, "-layout", "-enc", "UTF-8", path, "-")
			if err != nil {
				t.Errorf("pdftotext %s: %v", path, err)
				continue
			}
			pp := strings.Split(string(out), "\f")
			pages[i][k] = pp[:len(pp)-1] // a form feed ends each page
		}
	}
	if t.Failed() {
		return
	}
	checkZonesAndWindows(t, docs, dir, lo, "Pour "+ex.sess.Certificateur.RaisonSociale)

	for i, p := range docs {
		pdf, docx := pages[i][0], pages[i][1]
		if len(pdf) != len(docx) {
			t.Errorf("%s: the PDF has %d pages, the DOCX %d once LibreOffice converts it", p.name, len(pdf), len(docx))
		}
		for k, format := range []string{"PDF", "DOCX"} {
			for n, text := range pages[i][k] {
				where := fmt.Sprintf("%s (%s) page %d/%d", p.name, format, n+1, len(pages[i][k]))
				if n > 0 {
					if got := bodyLines(p.doc, text); got < minBodyLines {
						t.Errorf("%s carries %d lines of text besides header and footer, want at least %d:\n%s", where, got, minBodyLines, text)
					}
				}
				flat := normalize(text)
				if p.doc.Band != "" && !strings.Contains(flat, p.doc.Band) {
					t.Errorf("%s lacks the band %q", where, p.doc.Band)
				}
				if p.doc.RunningHead != "" {
					if head := normalize(strings.ReplaceAll(p.doc.RunningHead, "…", "")); !strings.Contains(flat, head) {
						t.Errorf("%s does not name what every page must (%q)", where, p.doc.RunningHead)
					}
				}
				if p.doc.Pagination != "" {
					if want := fmt.Sprintf("page %d / %d", n+1, len(pages[i][k])); !strings.Contains(flat, want) {
						t.Errorf("%s lacks %q", where, want)
					}
				}
			}
		}
		// The page the jury signs carries results: the totals that close
		// the deliberation, or a candidate's row.
		if p.doc.Kind == documents.KindPV {
			for k, format := range []string{"PDF", "DOCX"} {
				if n := len(pages[i][k]); n > 0 {
					last := normalize(pages[i][k][n-1])
					if !strings.Contains(last, "Signatures des membres du jury") || !strings.Contains(last, "Blocs validés") && !reCandidateNumber.MatchString(last) {
						t.Errorf("%s (%s): its last page holds no result beside the signatures:\n%s", p.name, format, last)
					}
				}
			}
		}
		// A birth name of 66 characters is printed whole on the parchemin.
		if p.doc.Kind == documents.KindParchemin && strings.Contains(p.name, "wolfeschlegel") {
			const name = "WOLFESCHLEGELSTEINHAUSENBERGERDORFF-OYARZÁBAL DE MONTMORENCY-LAVAL"
			for k, format := range []string{"PDF", "DOCX"} {
				// a line may break after a hyphen; the name is whole
				all := normalize(reHyphenEnd.ReplaceAllString(strings.Join(pages[i][k], "\n"), "-"))
				if !strings.Contains(all, name) {
					t.Errorf("%s (%s) does not print %q whole:\n%s", p.name, format, name, all)
				}
			}
		}
		if p.name == "preparatoire--proces-verbal" && len(pdf) > 0 {
			all := normalize(strings.Join(pdf, "\n"))
			for _, want := range []string{"Décisions à prendre", "Totaux des décisions déjà prises", "Fait à Lyon, le ……"} {
				if !strings.Contains(all, want) {
					t.Errorf("the préparatoire PV lacks %q", want)
				}
			}
			if strings.Contains(all, "Date : 24/11/2022") {
				t.Error("the préparatoire PV pre-prints the date in a signature block")
			}
		}
	}
}

var (
	rePageNumber      = regexp.MustCompile(`page \d+ / \d+`)
	reCandidateNumber = regexp.MustCompile(`\b20\d\d-\d{3}\b`)
	reHyphenEnd       = regexp.MustCompile(`-[ \t]*\n\s*`)
)

// bodyLines counts the lines of a page's text that are neither its header
// (band, running head, the certifier's name in the DOCX header) nor its
// footer (the document's footer text, "page n / N", the initials box).
func bodyLines(d documents.Document, page string) int {
	n := 0
	for _, line := range strings.Split(page, "\n") {
		l := normalize(line)
		switch {
		case l == "":
		case d.Band != "" && strings.Contains(l, d.Band):
		case d.RunningHead != "" && strings.HasPrefix(normalize(d.RunningHead), l):
		case d.RunningHead != "" && strings.HasPrefix(l, firstWords(d.RunningHead, 4)):
		case l == normalize(d.Author):
		case rePageNumber.MatchString(l):
		case strings.HasPrefix(l, firstWords(d.Footer, 5)):
		case d.Initials != "" && strings.HasPrefix(l, normalize(d.Initials)):
		default:
			n++
		}
	}
	return n
}

// firstWords returns the first n words of s, normalized.
func firstWords(s string, n int) string {
	w := strings.Fields(normalize(s))
	return strings.Join(w[:min(n, len(w))], " ")
}
