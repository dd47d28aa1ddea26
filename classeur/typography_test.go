package classeur

import (
	"archive/zip"
	"bytes"
	"html"
	"io"
	"regexp"
	"testing"

	"github.com/xuri/excelize/v2"

	"certidoc/internal/testtool"
	"certidoc/referentiel"
	"certidoc/session"
)

// formulaText finds the texts a formula may show ("à établir").
var formulaText = regexp.MustCompile(`"([^"]*)"`)

var (
	sheetEntry = regexp.MustCompile(`<sheet name="([^"]*)"[^>]*? r:id="([^"]+)"`)
	relXML     = regexp.MustCompile(`<Relationship Id="([^"]+)" Target="([^"]+)"`)
	formulaXML = regexp.MustCompile(`<c r="([A-Z]+[0-9]+)"[^>]*><f[^>]*>([^<]+)</f>`)
)

// formulas returns every formula written in a workbook's sheets, by sheet
// and cell ("Décisions!D3"), read from the sheets' XML: a shared formula
// once, on the cell that holds it (excelize's GetCellFormula works out
// each cell's copy, seconds for the blank workbook's thousands).
func formulas(t *testing.T, data []byte) map[string]string {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	read := func(name string) string {
		f, err := zr.Open(name)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		b, err := io.ReadAll(f)
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	targets := map[string]string{}
	for _, m := range relXML.FindAllStringSubmatch(read("xl/_rels/workbook.xml.rels"), -1) {
		targets[m[1]] = m[2]
	}
	out := map[string]string{}
	for _, sh := range sheetEntry.FindAllStringSubmatch(read("xl/workbook.xml"), -1) {
		name := html.UnescapeString(sh[1])
		for _, m := range formulaXML.FindAllStringSubmatch(read("xl/"+targets[sh[2]]), -1) {
			out[name+"!"+m[1]] = html.UnescapeString(m[2])
		}
	}
	if len(out) == 0 {
		t.Fatal("no formula found in the workbook: the reading is broken")
	}
	return out
}

// Every text the blank workbook shows — cells of every sheet (Lisez-moi,
// titles, help rows, Calculs), texts its formulas show, drop-down prompts
// and error messages, column comments — has its no-break spaces.
func TestWorkbookTextsTypography(t *testing.T) {
	t.Parallel() // writes and reads workbooks only: beside the other such tests
	for _, r := range []*referentiel.Referentiel{ref(t), fictitious(t, "rncp99901"), fictitious(t, "rncp99902")} {
		t.Run(r.Certification.CodeRNCP, func(t *testing.T) { workbookTextsTypography(t, r) })
	}
}

func workbookTextsTypography(t *testing.T, r *referentiel.Referentiel) {
	blank := workbookOf(t, r, &session.Session{})
	x, err := excelize.OpenReader(bytes.NewReader(blank))
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	texts := 0
	check := func(where, s string) {
		texts++
		testtool.CheckTypo(t, where, s)
	}
	for _, sheet := range x.GetSheetList() {
		rows, err := x.GetRows(sheet)
		if err != nil {
			t.Fatal(err)
		}
		for r, row := range rows {
			for c, v := range row {
				ref, _ := excelize.CoordinatesToCellName(c+1, r+1)
				check(sheet+"!"+ref, v)
			}
		}
		dvs, err := x.GetDataValidations(sheet)
		if err != nil {
			t.Fatal(err)
		}
		for _, dv := range dvs {
			for _, s := range []*string{dv.ErrorTitle, dv.Error, dv.PromptTitle, dv.Prompt} {
				if s != nil {
					check(sheet+" "+dv.Sqref+" (drop-down)", *s)
				}
			}
		}
		comments, err := x.GetComments(sheet)
		if err != nil {
			t.Fatal(err)
		}
		for _, cm := range comments {
			for _, p := range cm.Paragraph {
				check(sheet+"!"+cm.Cell+" (comment)", p.Text)
			}
		}
	}
	for where, f := range formulas(t, blank) {
		for _, m := range formulaText.FindAllStringSubmatch(f, -1) {
			check(where+" (formula)", m[1])
		}
	}
	if texts < 500 {
		t.Fatalf("only %d texts read: the walk is broken", texts)
	}
}
