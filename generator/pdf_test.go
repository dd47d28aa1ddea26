package generator

import (
	"bytes"
	"errors"
	"flag"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode"

	"certidoc/documents"
	"certidoc/internal/testtool"
	"certidoc/referentiel"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

var fixed = Options{Now: time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC)}

func embedded(t testing.TB) *referentiel.Referentiel {
	t.Helper()
	r, err := referentiel.Embedded()
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func renderPDF(t *testing.T, d documents.Document) string {
	t.Helper()
	var buf bytes.Buffer
	if err := PDF(&buf, d, fixed); err != nil {
		t.Fatalf("PDF(%s): %v", d.Name, err)
	}
	path := filepath.Join(t.TempDir(), d.Name+".pdf")
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// normalize folds every kind of space and line break into one space, so
// that text wrapped across lines compares with the référentiel's; a line
// broken after a hyphen joins without a space.
func normalize(s string) string {
	s = strings.ReplaceAll(s, "-\n", "-") // a line broken after a hyphen
	return strings.Join(strings.FieldsFunc(s, func(r rune) bool {
		return unicode.IsSpace(r) || r == '\u202f' || r == '\u00a0'
	}), " ")
}

func pdftotext(t *testing.T, path string, args ...string) string {
	t.Helper()
	out, err := cachedOutput(path, testtool.Need(t, "pdftotext", "poppler-utils"), append(append([]string{"-enc", "UTF-8"}, args...), path, "-")...)
	if err != nil {
		t.Fatalf("pdftotext %s: %v", path, err)
	}
	return string(out)
}

func pageCount(t *testing.T, path string) int {
	t.Helper()
	out, err := exec.Command(testtool.Need(t, "qpdf", "qpdf"), "--show-npages", path).Output()
	if err != nil {
		t.Fatalf("qpdf --show-npages: %v", err)
	}
	n, err := strconv.Atoi(strings.TrimSpace(string(out)))
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// TestGrillesPDFText checks, for every épreuve, that the text extracted from
// its PDF holds each evaluated compétence's code, wording and criterion word
// for word, that qpdf finds the file sound, and that every page is numbered.
func TestGrillesPDFText(t *testing.T) {
	t.Parallel()
	r := embedded(t)
	qpdf := testtool.Need(t, "qpdf", "qpdf")
	for bi := range r.Blocs {
		b := &r.Blocs[bi]
		for ei := range b.Epreuves {
			e := &b.Epreuves[ei]
			t.Run(b.EpreuveID(e), func(t *testing.T) {
				path := renderPDF(t, documents.Grille(r, b, e))
				if out, err := exec.Command(qpdf, "--check", path).CombinedOutput(); err != nil {
					t.Fatalf("qpdf --check: %v\n%s", err, out)
				}
				// -raw keeps the order in which text is drawn: cell by cell.
				text := normalize(pdftotext(t, path, "-raw"))
				for _, want := range []string{r.Certification.Intitule, r.Certification.CodeRNCP, b.Code, b.Intitule, e.Intitule, r.Certification.Certificateur} {
					if !strings.Contains(text, normalize(want)) {
						t.Errorf("text lacks %q", want)
					}
				}
				for _, code := range e.Competences {
					c, _, _ := b.Competence(code)
					for _, want := range []string{code, c.Intitule, c.Critere} {
						if !strings.Contains(text, normalize(want)) {
							t.Errorf("compétence %s: text lacks %q", code, want)
						}
					}
				}
				for _, role := range e.Evaluateurs {
					if !strings.Contains(text, role) {
						t.Errorf("no signature block for %q", role)
					}
				}
				n := pageCount(t, path)
				pages := strings.Split(pdftotext(t, path), "\f") // a form feed ends each page
				if len(pages) != n+1 {
					t.Fatalf("pdftotext gives %d pages, qpdf %d", len(pages)-1, n)
				}
				for p := 1; p <= n; p++ {
					if want := "page " + strconv.Itoa(p) + " / " + strconv.Itoa(n); !strings.Contains(pages[p-1], want) {
						t.Errorf("page %d lacks %q", p, want)
					}
				}
			})
		}
	}
}

// A table that breaks across pages repeats its header row on the next page.
func TestLongTableRepeatsHeader(t *testing.T) {
	r := embedded(t)
	b, _ := r.Bloc("A")
	e, _ := b.Epreuve(2) // 11 compétences: more than a page
	path := renderPDF(t, documents.Grille(r, b, e))
	n := pageCount(t, path)
	if n < 2 {
		t.Fatalf("grid A-2 has %d page(s); the test needs a table on two pages", n)
	}
	page2 := pdftotext(t, path, "-f", "2", "-l", "2")
	for _, want := range []string{"Code", "Compétence", "Critère d’évaluation", "Commentaire"} {
		if !strings.Contains(page2, want) {
			t.Errorf("page 2 lacks the header %q", want)
		}
	}
	// No row is cut: each code appears on exactly one page.
	seen := map[string]int{}
	for p := 1; p <= n; p++ {
		page := normalize(pdftotext(t, path, "-raw", "-f", strconv.Itoa(p), "-l", strconv.Itoa(p)))
		for _, code := range e.Competences {
			c, _, _ := b.Competence(code)
			if strings.Contains(page, normalize(c.Critere)) {
				seen[code]++
			}
		}
	}
	for _, code := range e.Competences {
		if seen[code] != 1 {
			t.Errorf("criterion of %s whole on %d pages, want 1", code, seen[code])
		}
	}
}

// French typography survives: the embedded font has every glyph.
func TestPDFFrenchTypography(t *testing.T) {
	const s = "é è ê à ç œ Œ « guillemets » l’apostrophe – tiret 20\u00a0€ critère\u00a0: un\u202f; deux\u202f! trois\u202f?"
	d := documents.Document{Name: "typo", Footer: "typo", Blocks: []documents.Block{documents.Paragraph{Text: s}}}
	// pdftotext gives no-break spaces back as plain spaces: compare folded.
	got := normalize(pdftotext(t, renderPDF(t, d)))
	if !strings.Contains(got, normalize(s)) {
		t.Errorf("extracted text:\n%q\nwant it to contain\n%q", got, s)
	}
}

// A text's bytes in the PDF are UTF-16 with \ ( ) and CR escaped, also
// where they are half of a character: Ĩ is 01 28, ĩ 01 29, Ŝ 01 5C, č 01 0D.
func TestPDFEscapesUTF16Bytes(t *testing.T) {
	const s = "Ĩĩ Ŝŝ čČ (entre parenthèses) \\ barre ĨŜč)(\\"
	d := documents.Document{Name: "echap", Footer: "echap", Blocks: []documents.Block{
		documents.Paragraph{Text: s},
		documents.Table{Columns: []documents.Column{{Header: "(Ĩ)", Width: 60}}, Rows: []documents.Row{{Cells: []documents.Cell{{Text: s}}}}},
	}}
	got := normalize(pdftotext(t, renderPDF(t, d)))
	if strings.Count(got, normalize(s)) != 2 || !strings.Contains(got, "(Ĩ)") {
		t.Errorf("extracted text:\n%q\nwant it to hold twice\n%q", got, s)
	}
}

func TestPDFDeterministic(t *testing.T) {
	r := embedded(t)
	b, _ := r.Bloc("B")
	e, _ := b.Epreuve(1)
	d := documents.Grille(r, b, e)
	var a, c, later bytes.Buffer
	if err := PDF(&a, d, fixed); err != nil {
		t.Fatal(err)
	}
	if err := PDF(&c, d, fixed); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a.Bytes(), c.Bytes()) {
		t.Error("the same document and clock gave different bytes")
	}
	if err := PDF(&later, d, Options{Now: fixed.Now.Add(time.Hour)}); err != nil {
		t.Fatal(err)
	}
	if bytes.Equal(a.Bytes(), later.Bytes()) {
		t.Error("the clock does not reach the file")
	}
	golden := filepath.Join("testdata", "grille-B-1.pdf")
	if *update {
		if err := os.WriteFile(golden, a.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test ./generator -update)", err)
	}
	if !bytes.Equal(a.Bytes(), want) {
		t.Errorf("grille-B-1.pdf differs from %s; look at both, then go test ./generator -update", golden)
	}
}

// failingWriter accepts `room` bytes, then fails.
type failingWriter struct{ room int }

func (w *failingWriter) Write(p []byte) (int, error) {
	if len(p) > w.room {
		n := w.room
		w.room = 0
		return n, errors.New("disk full")
	}
	w.room -= len(p)
	return len(p), nil
}

func TestPDFFailingWriter(t *testing.T) {
	r := embedded(t)
	d := documents.Grille(r, &r.Blocs[0], &r.Blocs[0].Epreuves[0])
	for _, room := range []int{0, 100, 10000} {
		if err := PDF(&failingWriter{room: room}, d, fixed); err == nil {
			t.Errorf("writer failing after %d bytes: no error", room)
		}
	}
}

func TestParseFormat(t *testing.T) {
	for _, c := range []struct {
		in   string
		want Format
		err  bool
	}{{"pdf", FormatPDF, false}, {" PDF ", FormatPDF, false}, {"odt", "", true}, {"", "", true}} {
		got, err := ParseFormat(c.in)
		if got != c.want || (err != nil) != c.err {
			t.Errorf("ParseFormat(%q): got %q, %v", c.in, got, err)
		}
		if err != nil && !errors.Is(err, ErrFormat) {
			t.Errorf("ParseFormat(%q): error %v is not ErrFormat", c.in, err)
		}
	}
}

func FuzzPDFText(f *testing.F) {
	f.Add("Élodie L’Hôte-Œuvray <b>&amp;</b> {{x}} ]]>")
	f.Add(strings.Repeat("mot", 200))
	f.Add("\x00\xff\u202f\n\n")
	f.Add("Élodie 😀 Ștefan Nguyễn 中 \U0010ffff \ufffe") // beyond the BMP: fpdf used to panic
	f.Fuzz(func(t *testing.T, s string) {
		d := documents.Document{Name: "fuzz", Footer: s, Blocks: []documents.Block{
			documents.Paragraph{Text: s},
			documents.Table{Columns: []documents.Column{{Header: s, Width: 40}, {Header: "x", Width: 10, Check: true}}, Rows: []documents.Row{{Cells: []documents.Cell{{Text: s}, {}}}}},
			documents.Signatures{Signers: []documents.Signer{{Role: s, Name: s}}, Height: 30},
		}}
		var buf bytes.Buffer
		if err := PDF(&buf, d, fixed); err != nil {
			t.Fatalf("PDF: %v", err)
		}
		if !bytes.HasPrefix(buf.Bytes(), []byte("%PDF-")) || !bytes.Contains(buf.Bytes(), []byte("%%EOF")) {
			t.Fatal("output is not a whole PDF")
		}
	})
}

func BenchmarkGrillePDF(b *testing.B) {
	r := embedded(b)
	bl, _ := r.Bloc("B")
	e, _ := bl.Epreuve(1)
	d := documents.Grille(r, bl, e)
	var buf bytes.Buffer
	b.ReportAllocs()
	for b.Loop() {
		buf.Reset()
		if err := PDF(&buf, d, fixed); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(buf.Len()), "bytes/pdf")
}

// A 2,000-character word (a comment without spaces) wraps in linear time:
// cutting it used to cost seconds per document.
func TestLongWordIsCheap(t *testing.T) {
	word := strings.Repeat("é", 2000)
	d := documents.Document{Name: "mot", Footer: "mot", Blocks: []documents.Block{
		documents.Table{Columns: []documents.Column{{Header: "Commentaire", Width: 45}}, Rows: []documents.Row{{Cells: []documents.Cell{{Text: word}}}}},
	}}
	start := time.Now()
	text := normalize(pdftotext(t, renderPDF(t, d)))
	if d := time.Since(start); d > 3*time.Second {
		t.Errorf("a long word took %v", d)
	}
	if strings.Count(text, "é") != 2000 {
		t.Errorf("%d characters came back, want 2000", strings.Count(text, "é"))
	}
}

// A comment or an overall appreciation longer than a page goes on over the
// next pages: no text falls off a page.
func TestTextLongerThanAPage(t *testing.T) {
	long := strings.TrimSpace(strings.Repeat("appréciation détaillée ", 400))
	d := documents.Document{Name: "long", Footer: "long", Blocks: []documents.Block{
		documents.WritingBox{Label: "Appréciation générale", Text: long, Height: 30},
		documents.Table{Columns: []documents.Column{{Header: "Commentaire", Width: 40}, {Header: "A", Width: 10, Check: true}},
			Rows: []documents.Row{{Cells: []documents.Cell{{Text: long}, {Checked: true}}}}},
	}}
	path := renderPDF(t, d)
	text := normalize(pdftotext(t, path))
	if got := strings.Count(text, "appréciation détaillée"); got != 800 {
		t.Errorf("%d copies came back, want 800", got)
	}
	if n := pageCount(t, path); n < 3 {
		t.Errorf("%d pages for text longer than two pages", n)
	}
}

// Names break at spaces and after hyphens, never inside a word: a name too
// long for its column is printed smaller, whole; and the candidate field of
// a completed grid holds the whole name, on as many lines as it needs.
func TestNamesNeverCut(t *testing.T) {
	d := namesDocument()
	text := pdftotext(t, renderPDF(t, d), "-raw")
	checkNamesWhole(t, "PDF", text)
}

// A DOCX through LibreOffice keeps the names whole too.
func TestNamesNeverCutDOCX(t *testing.T) {
	t.Parallel() // waits on LibreOffice: other tests run meanwhile
	dir := t.TempDir()
	p := filepath.Join(dir, "noms.docx")
	if err := os.WriteFile(p, renderDOCX(t, namesDocument(), fixed), 0o644); err != nil {
		t.Fatal(err)
	}
	office.Convert(t, "pdf", dir, p)
	checkNamesWhole(t, "DOCX through LibreOffice", pdftotext(t, filepath.Join(dir, "noms.pdf"), "-raw"))
}

// The table names the candidate twice, in a narrow column and a wide one;
// the field below names her with her birth name. Each occurrence must keep
// its words whole: "HAUSENBERGERDORFF-" is counted 3 times.
const longName = "Anne-Sophie HAUSENBERGERDORFF-KERGOAT DE VILLENEUVE-LAMOTHE"

func namesDocument() documents.Document {
	name := longName
	return documents.Document{Name: "noms", Footer: "noms", Blocks: []documents.Block{
		documents.Table{Columns: []documents.Column{{Header: "N°", Width: 15}, {Header: "Candidat(e)", Width: 30}, {Header: "Résultat", Width: 30}, {Header: "Rappel", Width: 90}},
			Rows: []documents.Row{{Cells: []documents.Cell{{Text: "1"}, {Text: name, Bold: true}, {Text: "Validation partielle"}, {Text: name}}}}},
		documents.Fields{Items: []documents.Field{{Label: "Candidat(e) – nom et prénom", Value: name + ", née KERGOAT-VASSEUR DE VILLENEUVE-LAMOTHE-CASTELNAU (n° 2022-006)", Width: 2}, {Label: "Date", Value: "07/10/2022", Width: 1}}},
	}}
}

func checkNamesWhole(t *testing.T, format, text string) {
	t.Helper()
	for word, want := range map[string]int{"HAUSENBERGERDORFF-": 3, "Anne-": 3, "VILLENEUVE-": 4, "LAMOTHE": 4, "CASTELNAU": 1, "2022-006": 1} {
		if n := strings.Count(text, word); n != want {
			t.Errorf("%s: %q whole %d times, want %d (a word cut across lines):\n%s", format, word, n, want, text)
		}
	}
	if !strings.Contains(normalize(text), "LAMOTHE-CASTELNAU (n° 2022-006)") {
		t.Errorf("%s: the grid's candidate field lost the end of the name:\n%s", format, text)
	}
}
