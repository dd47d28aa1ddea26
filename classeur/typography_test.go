package classeur

import (
	"bytes"
	"regexp"
	"testing"

	"github.com/xuri/excelize/v2"

	"certidoc/internal/testtool"
	"certidoc/referentiel"
	"certidoc/session"
)

// formulaText finds the texts a formula may show ("à établir").
var formulaText = regexp.MustCompile(`"([^"]*)"`)

// Every text the blank workbook shows — cells of every sheet (Lisez-moi,
// titles, help rows, Calculs), texts its formulas show, drop-down prompts
// and error messages, column comments — has its no-break spaces.
func TestWorkbookTextsTypography(t *testing.T) {
	for _, r := range []*referentiel.Referentiel{ref(t), fictitious(t, "rncp99901"), fictitious(t, "rncp99902")} {
		t.Run(r.Certification.CodeRNCP, func(t *testing.T) { workbookTextsTypography(t, r) })
	}
}

func workbookTextsTypography(t *testing.T, r *referentiel.Referentiel) {
	x, err := excelize.OpenReader(bytes.NewReader(workbookOf(t, r, &session.Session{})))
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
				if f, _ := x.GetCellFormula(sheet, ref); f != "" {
					for _, m := range formulaText.FindAllStringSubmatch(f, -1) {
						check(sheet+"!"+ref+" (formula)", m[1])
					}
				}
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
	if texts < 500 {
		t.Fatalf("only %d texts read: the walk is broken", texts)
	}
}
