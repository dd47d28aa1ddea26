package classeur

import (
	"errors"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"certidoc/generator"
	"certidoc/internal/testtool"
	"certidoc/session"
)

// Messages point at the cell to fix, in the words the workbook uses.
func TestImportMessagesPointAtTheCell(t *testing.T) {
	t.Parallel() // writes and reads workbooks only: beside the other such tests
	for _, c := range []struct {
		name       string
		edit       func(t *testing.T, x *excelize.File)
		cell, text string
		not        string // a wording that must not appear anywhere
	}{
		{"duplicate number names both rows", func(t *testing.T, x *excelize.File) {
			v, _ := x.GetCellValue("Candidats", "A3")
			set(t, x, "Candidats", "A9", v)
		}, "Candidats!A9", "les lignes 3 et 9 de la feuille Candidats", ""},
		{"numbers differing by punctuation name both rows", func(t *testing.T, x *excelize.File) {
			v, _ := x.GetCellValue("Candidats", "A3")
			set(t, x, "Candidats", "A9", strings.ReplaceAll(v, "-", " "))
		}, "Candidats!A9", "la ligne 3 de la feuille Candidats", "candidats["},
		{"empty level with a comment", func(t *testing.T, x *excelize.File) {
			set(t, x, "Bloc B – épreuve 1", "J3", "")
			set(t, x, "Bloc B – épreuve 1", "N3", "commentaire sans niveau")
		}, "Bloc B – épreuve 1!J3", "niveau manquant pour le critère 2.2 du candidat 2022-001\u00a0:", "«\u00a0\u00a0»"},
		{"empty level without a comment", func(t *testing.T, x *excelize.File) {
			set(t, x, "Bloc B – épreuve 1", "I3", "")
			set(t, x, "Bloc B – épreuve 1", "M3", "")
		}, "Bloc B – épreuve 1!I3", "niveau manquant pour le critère 2.1 du candidat 2022-001\u00a0:", ""},
		{"missing birth date asks for JJ/MM/AAAA", func(t *testing.T, x *excelize.File) {
			set(t, x, "Candidats", "G4", "")
		}, "Candidats!G4", "JJ/MM/AAAA", "AAAA-MM-JJ"},
		{"missing épreuve date asks for JJ/MM/AAAA", func(t *testing.T, x *excelize.File) {
			set(t, x, "Bloc A – épreuve 1", "C3", "")
		}, "Bloc A – épreuve 1!C3", "JJ/MM/AAAA", "AAAA-MM-JJ"},
		{"a row beyond the capacity", func(t *testing.T, x *excelize.File) {
			set(t, x, "Candidats", "A303", "2022-999")
		}, "Candidats!A303", "au-delà de la capacité du classeur (300 candidats", ""},
		{"a date shown as the cell shows it", func(t *testing.T, x *excelize.File) {
			set(t, x, "Session", "B3", "30/11/2022") // first épreuve after the last
		}, "Session!B4", "(valeur «\u00a010/11/2022\u00a0»)", "valeur «\u00a04"},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, _, err := Read(edit(t, func(x *excelize.File) { c.edit(t, x) }), ref(t), generator.Font(), DefaultLimits())
			var rep *session.Report
			if !errors.As(err, &rep) {
				t.Fatalf("got %v, want a report", err)
			}
			found := false
			for _, p := range rep.Problemes {
				testtool.CheckTypo(t, "problem", p.String())
				found = found || (p.Chemin == c.cell && strings.Contains(p.Message, c.text))
				if c.not != "" && strings.Contains(p.Message, c.not) {
					t.Errorf("%s\u00a0: %s — must not say %q", p.Chemin, p.Message, c.not)
				}
			}
			if !found {
				t.Errorf("no problem at %s with %q", c.cell, c.text)
			}
			if t.Failed() {
				for _, p := range rep.Problemes {
					t.Logf("%s", p)
				}
			}
		})
	}
}
