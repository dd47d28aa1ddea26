package generator

import (
	"archive/zip"
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"

	"certidoc/documents"
	"certidoc/internal/testtool"
	"certidoc/session"
)

// avantEntries are the example's papers before the jury, as the command
// makes them: the session's warnings, sent on the planning's date.
func avantEntries(t *testing.T, ex exempleT) []documents.Entry {
	t.Helper()
	return slices.Collect(documents.AvantSession(embedded(t), ex.sess, ex.rep.Avertissements, ex.sess.Planning.DateConvocation, nil))
}

// TestAvantSessionOfTheExample: the example's papers before the jury are
// 22 sound PDF files (qpdf --check, and pdftotext reads them without a
// word on its standard error), every page of each numbered "page n / N",
// every page of an attendance sheet naming its sitting.
func TestAvantSessionOfTheExample(t *testing.T) {
	t.Parallel()
	qpdf := testtool.Need(t, "qpdf", "qpdf")
	pdftotextBin := testtool.Need(t, "pdftotext", "poppler-utils")
	ex := loadExemple(t, nil)
	entries := avantEntries(t, ex)
	var buf bytes.Buffer
	if err := Zip(context.Background(), &buf, slices.Values(entries), []Format{FormatPDF}, fixed, 0, nil); err != nil {
		t.Fatal(err)
	}
	zr, err := zip.NewReader(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	if err != nil {
		t.Fatal(err)
	}
	docs := map[string]documents.Document{}
	for _, e := range entries {
		if e.File == nil {
			docs[strings.TrimPrefix(e.Dir+"/"+e.Doc.Name+".pdf", "/")] = e.Doc
		}
	}
	dir := t.TempDir()
	n := 0
	for _, f := range zr.File {
		d, ok := docs[f.Name]
		if !ok {
			t.Errorf("%s: not a document of AvantSession", f.Name)
			continue
		}
		n++
		path := filepath.Join(dir, fmt.Sprintf("%02d.pdf", n))
		os.WriteFile(path, readZipFile(t, f), 0o644)
		if out, err := exec.Command(qpdf, "--check", path).CombinedOutput(); err != nil {
			t.Errorf("qpdf --check %s: %v\n%s", f.Name, err, out)
		}
		var stdout, stderr bytes.Buffer
		cmd := exec.Command(pdftotextBin, "-layout", "-enc", "UTF-8", path, "-")
		cmd.Stdout, cmd.Stderr = &stdout, &stderr
		if err := cmd.Run(); err != nil || stderr.Len() > 0 {
			t.Errorf("pdftotext %s: %v %s", f.Name, err, stderr.String())
		}
		pages := strings.Split(strings.TrimSuffix(stdout.String(), "\f"), "\f")
		for i, p := range pages {
			flat := normalize(p)
			if want := fmt.Sprintf("page %d / %d", i+1, len(pages)); !strings.Contains(flat, want) {
				t.Errorf("%s page %d: no %q", f.Name, i+1, want)
			}
			if d.RunningHead != "" && !strings.Contains(flat, normalize(d.RunningHead)) {
				t.Errorf("%s page %d: does not name its sitting (%q)", f.Name, i+1, d.RunningHead)
			}
			if d.Kind == documents.KindEmargement && d.RunningHead == "" {
				t.Errorf("%s: an attendance sheet without a running head", f.Name)
			}
		}
	}
	if n != 22 || len(entries) != 22 || documents.AvantSessionCount(ex.sess) != 22 {
		t.Errorf("%d PDF, %d entries, AvantSessionCount %d: want 22 (the planning, 10 sheets, 7 convocations, 4 for the jury)", n, len(entries), documents.AvantSessionCount(ex.sess))
	}
}

// bigSitting returns the example session with a written sitting of n
// candidates more (copies of the example's, numbered 2022-101…): an
// attendance sheet of several pages.
func bigSitting(ex exempleT, n int) (*session.Session, *session.Seance) {
	s := *ex.sess
	s.Candidats = slices.Clone(s.Candidats)
	se := s.Planning.Seances[0]
	se.ID = "GRAND"
	se.Candidats = nil
	for i := range n {
		c := ex.sess.Candidats[i%len(ex.sess.Candidats)]
		c.Numero = fmt.Sprintf("2022-%03d", 101+i)
		s.Candidats = append(s.Candidats, c)
		se.Candidats = append(se.Candidats, session.Convoque{Numero: c.Numero})
	}
	return &s, &se
}

var reNumero = regexp.MustCompile(`^2022-\d{3}$`)

// TestEmargementRows measures, in the PDF, the attendance sheets of the
// example (a written sitting, an oral, a hand-in) and of a written sitting
// of 30 candidates over several pages: each candidate's row is at least
// 12 mm high to sign in (the distance between two successive candidate
// numbers of a page), the table's header is on every page above the first
// row, and the sitting and "page n / N" are named on every page.
func TestEmargementRows(t *testing.T) {
	t.Parallel()
	ex := loadExemple(t, nil)
	r := embedded(t)
	big, grand := bigSitting(ex, 30)
	var docs []documents.Document
	for _, id := range []string{"A1", "B1", "D2"} {
		for i := range ex.sess.Planning.Seances {
			if se := &ex.sess.Planning.Seances[i]; se.ID == id {
				docs = append(docs, documents.Emargement(r, ex.sess, se))
			}
		}
	}
	docs = append(docs, documents.Emargement(r, big, grand))
	const mm = 72 / 25.4
	for _, d := range docs {
		t.Run(d.Name, func(t *testing.T) {
			path := renderPDF(t, d)
			pages := readPDFWords(t, path)
			if d.Name == "emargement-grand" && len(pages) < 2 {
				t.Fatalf("%d page for 30 candidates: the test wants several", len(pages))
			}
			rows := 0
			for i, words := range pages {
				var ys []float64
				header := -1.0
				for _, w := range words {
					switch {
					case reNumero.MatchString(w.Text) && w.XMin < (documents.MarginLeft+20)*mm:
						ys = append(ys, w.YMin)
					case w.Text == "Absent" && header < 0:
						header = w.YMin
					}
				}
				sort.Float64s(ys)
				rows += len(ys)
				if len(ys) > 0 && (header < 0 || header > ys[0]) {
					t.Errorf("page %d: no header row above the first candidate (header at %.0f pt, first row at %.0f pt)", i+1, header, ys[0])
				}
				for j := 1; j < len(ys); j++ {
					if h := (ys[j] - ys[j-1]) / mm; h < 12 {
						t.Errorf("page %d: a candidate's row %.1f mm high, want at least 12 to sign in", i+1, h)
					}
				}
				text := normalize(joinWords(words))
				if want := fmt.Sprintf("page %d / %d", i+1, len(pages)); !strings.Contains(text, want) {
					t.Errorf("page %d: no %q", i+1, want)
				}
				if head := normalize(d.RunningHead); head == "" || !strings.Contains(text, head) {
					t.Errorf("page %d: does not name the sitting (%q)", i+1, d.RunningHead)
				}
			}
			if want := strings.Count(allRowsText(d), "\x00"); rows != want {
				t.Errorf("%d candidates' rows found, want %d", rows, want)
			}
		})
	}
}

// allRowsText marks each candidate's row of an attendance sheet with a NUL.
func allRowsText(d documents.Document) string {
	var b strings.Builder
	for _, bl := range d.Blocks {
		if tb, ok := bl.(documents.Table); ok {
			for _, r := range tb.Rows {
				if reNumero.MatchString(r.Cells[0].Text) {
					b.WriteByte(0)
				}
			}
		}
	}
	return b.String()
}

// readPDFWords returns the words of every page of a PDF, in points.
func readPDFWords(t *testing.T, path string) [][]bboxWord {
	t.Helper()
	out := pdftotext(t, path, "-bbox")
	var pages [][]bboxWord
	for _, chunk := range strings.Split(out, "<page ")[1:] {
		var words []bboxWord
		for _, m := range reWord.FindAllStringSubmatch(chunk, -1) {
			var w bboxWord
			fmt.Sscan(m[1], &w.XMin)
			fmt.Sscan(m[2], &w.YMin)
			fmt.Sscan(m[3], &w.XMax)
			fmt.Sscan(m[4], &w.YMax)
			w.Text = htmlUnescape(m[5])
			words = append(words, w)
		}
		pages = append(pages, words)
	}
	return pages
}

// joinWords writes a page's words in the order pdftotext found them.
func joinWords(words []bboxWord) string {
	s := make([]string, len(words))
	for i, w := range words {
		s[i] = w.Text
	}
	return strings.Join(s, " ")
}

func htmlUnescape(s string) string {
	return strings.NewReplacer("&amp;", "&", "&lt;", "<", "&gt;", ">", "&quot;", `"`, "&apos;", "'").Replace(s)
}
