package classeur

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"certidoc/internal/testtool"
	"certidoc/session"
)

// longue is the session of long texts: 700-character motifs, long
// préconisations and comments, seven-line addresses.
func longue(t testing.TB) *session.Session {
	t.Helper()
	return cispSession(t, "session-longue.json")
}

// A pre-filled row is as tall as its longest text wraps to, for neither
// Excel nor Calc sizes rows as a file opens: a 700-character motif in the
// 60-character Motif column needs at least ten lines of 12 points (no
// proportional font fits more than 70 of these characters on such a line).
// A row of short texts keeps the default height, which the program adjusts
// as the user types.
func TestPrefilledRowsFitTheirText(t *testing.T) {
	s := longue(t)
	f, err := excelize.OpenReader(bytes.NewReader(workbook(t, s)))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := f.GetRows(sheetDecisions)
	if err != nil {
		t.Fatal(err)
	}
	motif, decision := -1, -1
	for i, title := range rows[0] {
		switch title {
		case "Motif":
			motif = i
		case "Décision du jury":
			decision = i
		}
	}
	if motif < 0 || decision < 0 {
		t.Fatalf("no Motif or Décision column in %v", rows[0])
	}
	width, err := f.GetColWidth(sheetDecisions, colName(motif+1))
	if err != nil {
		t.Fatal(err)
	}
	long, short := 0, 0
	for i, r := range rows[firstDataRow-1:] {
		n := firstDataRow + i
		h, err := f.GetRowHeight(sheetDecisions, n)
		if err != nil {
			t.Fatal(err)
		}
		text, decided := "", decision < len(r) && r[decision] != ""
		if motif < len(r) {
			text = r[motif]
		}
		switch runes := float64(utf8.RuneCountInString(text)); {
		case runes > width:
			long++
			if need := runes / (width + 10) * 12; h < need || h > 409 {
				t.Errorf("%s row %d: %.0f points for a %d-character motif, want from %.0f to 409", sheetDecisions, n, h, int(runes), need)
			}
		case decided:
			short++
			if h != 15 {
				t.Errorf("%s row %d: %.0f points for one line, want the default 15", sheetDecisions, n, h)
			}
		}
	}
	if long < 2 || short < 10 {
		t.Errorf("%d rows with a long motif and %d short ones: the session changed?", long, short)
	}
}

// What a pre-filled workbook holds shows whole once LibreOffice lays it
// out: the end of every motif, préconisation and comment of the long
// session is in the text of the PDF it prints (cut rows hid all but the
// first lines). Each sheet prints its filled rows only (printFilled).
func TestPrefilledTextsPrintWhole(t *testing.T) {
	t.Parallel() // waits on LibreOffice: other tests run meanwhile
	pdftotext := testtool.Need(t, "pdftotext", "poppler-utils")
	s := longue(t)
	dir := t.TempDir()
	in := filepath.Join(dir, "longue.xlsx")
	if err := os.WriteFile(in, printFilled(t, workbook(t, s)), 0o644); err != nil {
		t.Fatal(err)
	}
	office.Convert(t, "pdf", dir, in)
	out, err := exec.Command(pdftotext, filepath.Join(dir, "longue.pdf"), "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	printed := strings.Join(strings.Fields(string(out)), " ")
	var texts []string
	for _, c := range s.Candidats {
		texts = append(texts, c.Preconisations)
		for _, d := range c.Decisions {
			texts = append(texts, d.Motif)
		}
		for _, e := range c.Evaluations {
			texts = append(texts, e.Appreciation)
			for _, cr := range e.Criteres {
				texts = append(texts, cr.Commentaire)
			}
		}
	}
	checked := 0
	for _, text := range texts {
		words := strings.Fields(text)
		if len(words) < 12 {
			continue
		}
		end := strings.Join(words[len(words)-4:], " ")
		checked++
		if !strings.Contains(printed, end) {
			t.Errorf("the printed workbook lacks the end of %.50q…: %q", text, end)
		}
	}
	if checked < 5 {
		t.Errorf("%d long texts checked: the session changed?", checked)
	}
}

// printFilled gives each visible sheet of a workbook a print area that
// ends with its last row and column holding a value, and each hidden sheet
// (which LibreOffice prints, Excel not) its first cell. The rows prepared
// for more candidates hold formulas that show nothing and a shaded column:
// printed, they are a hundred blank pages (127 pages for the long session,
// 20 with text), which LibreOffice lays out for nothing; the hidden Calculs
// sheet, printed whole, would be 24 more. Rows and their heights are
// untouched.
func printFilled(t *testing.T, data []byte) []byte {
	t.Helper()
	return editOf(t, data, func(f *excelize.File) {
		for _, sheet := range f.GetSheetList() {
			visible, err := f.GetSheetVisible(sheet)
			if err != nil {
				t.Fatal(err)
			}
			last, width := 1, 1 // a hidden sheet: LibreOffice prints it too
			if visible {
				rows, err := f.GetRows(sheet)
				if err != nil {
					t.Fatal(err)
				}
				last, width = 0, 0
				for i, r := range rows {
					for j, v := range r {
						if v != "" {
							last, width = i+1, max(width, j+1)
						}
					}
				}
			}
			if last == 0 {
				continue
			}
			area := fmt.Sprintf("%s!$A$1:$%s$%d", quoted(sheet), colName(width), last)
			if err := f.SetDefinedName(&excelize.DefinedName{Name: "_xlnm.Print_Area", RefersTo: area, Scope: sheet}); err != nil {
				t.Fatal(err)
			}
		}
	})
}
