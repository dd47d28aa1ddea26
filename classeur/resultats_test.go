package classeur

import (
	"bytes"
	"encoding/csv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"certidoc/referentiel"
	"certidoc/session"
)

// resultatsCSV writes the results of s as CSV and reads the records back,
// header first.
func resultatsCSV(t *testing.T, r *referentiel.Referentiel, s *session.Session, d *session.Resultats) [][]string {
	t.Helper()
	var buf bytes.Buffer
	if err := ResultatsCSV(&buf, r, s, d); err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(&buf).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return recs
}

// resultatsSheet writes the results workbook of s and opens it; it is
// closed when the test ends.
func resultatsSheet(t *testing.T, r *referentiel.Referentiel, s *session.Session, d *session.Resultats) *excelize.File {
	t.Helper()
	var buf bytes.Buffer
	if err := Resultats(&buf, r, s, d, now); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

func TestResultats(t *testing.T) {
	r := ref(t)
	s := exemple(t)
	s.Candidats[0].Preconisations = "=HYPERLINK(\"http://x\")"
	s.Candidats[1].NomNaissance = "-Tiret"
	d := session.Deliberer(r, s)

	f := resultatsSheet(t, r, s, d)
	rows, err := f.GetRows("Résultats", excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(rows[0], ",") != strings.Join(ResultatsColumns, ",") {
		t.Errorf("header: %v", rows[0])
	}
	// 2022-001: 5 blocs + 1; 002: 3 acquired + 2 + 1; 003: 5+1; 004: 3+1; 005: 2+1; 006: 2+1; 007: 2+1.
	if got, want := len(rows)-1, 6+6+6+4+3+3+3; got != want {
		t.Errorf("%d rows, want %d", got, want)
	}
	// Dates are typed: the raw value is a serial number, shown as a date.
	if v := rows[1][13]; v != "44889" {
		t.Errorf("date_decision raw value %q, want the serial 44889 (2022-11-24)", v)
	}
	shown, _ := f.GetCellValue("Résultats", "N2")
	if shown != "2022-11-24" {
		t.Errorf("date_decision shown as %q", shown)
	}

	recs := resultatsCSV(t, r, s, d)
	if len(recs) != len(rows) {
		t.Errorf("CSV has %d records, the sheet %d rows", len(recs), len(rows))
	}
	var found bool
	for _, rec := range recs {
		if rec[2] == "'-Tiret" {
			found = true
		}
		for _, v := range rec {
			if v != "" && strings.ContainsRune("=+-@", rune(v[0])) {
				t.Errorf("unneutralised value %q", v)
			}
		}
	}
	if !found {
		t.Error("a name starting with - is not neutralised")
	}
	last := recs[len(recs)-1]
	if last[8] != "certification" || last[9] != "RNCP36128" || last[12] != "non admission" {
		t.Errorf("last record: %v", last)
	}
	for _, rec := range recs {
		if rec[0] == "2022-001" && rec[8] == "certification" && rec[12] != "certification totale" {
			t.Errorf("2022-001: %v", rec)
		}
	}
}

// The certification row's proposition is the grids' alone; its decision the
// jury's; a candidate absent from every bloc has an empty proposition.
func TestResultatsCertificationRow(t *testing.T) {
	r := ref(t)
	s := exemple(t)
	c := &s.Candidats[0] // every bloc proposed validé
	c.Decisions[0].Decision, c.Decisions[0].Motif = session.DecisionNonValide, "Motif fictif du jury"
	recs := resultatsCSV(t, r, s, session.Deliberer(r, s))
	want := map[string][2]string{
		c.Numero:                               {"certification totale", "validation partielle"},
		s.Candidats[4].Numero:                  {"", "absente"},
		s.Candidats[len(s.Candidats)-1].Numero: {"non admission", "non admission"},
	}
	for _, rec := range recs {
		w, ok := want[rec[0]]
		if !ok || rec[8] != "certification" {
			continue
		}
		if got := [2]string{rec[11], rec[12]}; got != w {
			t.Errorf("%s certification row: proposition, decision = %q, want %q", rec[0], got, w)
		}
		delete(want, rec[0])
	}
	if len(want) > 0 {
		t.Errorf("no certification row for %v", want)
	}
}

// A candidate absent from every bloc is written absent or absente, agreed
// with the candidate's sex (the CSV and the workbook share their rows).
func TestResultatsAbsentAgreed(t *testing.T) {
	r := ref(t)
	for _, c := range []struct {
		name string
		sexe session.Sexe
		want string
	}{
		{"a woman", session.Feminin, "absente"},
		{"a man", session.Masculin, "absent"},
	} {
		t.Run(c.name, func(t *testing.T) {
			s := exemple(t)
			absent := &s.Candidats[4] // absent from every bloc presented
			absent.Sexe = c.sexe
			recs := resultatsCSV(t, r, s, session.Deliberer(r, s))
			found := false
			for _, rec := range recs {
				if rec[0] == absent.Numero && rec[8] == "certification" {
					found = true
					if rec[12] != c.want {
						t.Errorf("decision: got %q, want %q", rec[12], c.want)
					}
				}
			}
			if !found {
				t.Fatalf("no certification row for %s", absent.Numero)
			}
		})
	}
}

// A marked certification's bloc rows carry the bloc's weighted average, as
// the PV prints it (a number in the sheet, shown with two decimals; a point
// in the CSV); a bloc assessed by level, acquired earlier or the
// certification's row leave it empty. Averages worked out by hand from
// testdata/session-rncp99901.json and the référentiel's coefficients.
func TestResultatsMoyenne(t *testing.T) {
	r := fictitious(t, "rncp99901")
	s := fictitiousExample(t, r)
	d := session.Deliberer(r, s)
	col := len(ResultatsColumns) - 1
	if ResultatsColumns[col] != "moyenne" {
		t.Fatalf("last column %q, want moyenne (after the columns systems already import)", ResultatsColumns[col])
	}
	want := map[string]string{
		"2025-201 RNCP99901BC01": "11.58", // (12.5×2 + 9.75×1) / 3 = 11.583
		"2025-201 RNCP99901BC02": "10.89", // (11×2 + 12×1 + 10×1.5) / 4.5 = 10.888
		"2025-201 RNCP99901BC03": "14",
		"2025-201 RNCP99901":     "",
	}

	recs := resultatsCSV(t, r, s, d)
	if recs[0][col] != "moyenne" {
		t.Errorf("CSV header ends with %q", recs[0][col])
	}
	got := map[string]string{}
	for _, rec := range recs[1:] {
		got[rec[0]+" "+rec[9]] = rec[col]
	}
	for k, w := range want {
		if got[k] != w {
			t.Errorf("CSV %s: moyenne %q, want %q", k, got[k], w)
		}
	}

	f := resultatsSheet(t, r, s, d)
	rows, err := f.GetRows("Résultats")
	if err != nil {
		t.Fatal(err)
	}
	for i, row := range rows[1:] {
		if row[0] != "2025-201" {
			continue
		}
		at, _ := excelize.CoordinatesToCellName(col+1, i+2)
		typ, _ := f.GetCellType("Résultats", at)
		shown, _ := f.GetCellValue("Résultats", at)
		switch w := want[row[0]+" "+row[9]]; {
		case w == "":
			if shown != "" {
				t.Errorf("%s %s: moyenne %q, want empty", row[0], row[9], shown)
			}
		case typ != excelize.CellTypeNumber && typ != excelize.CellTypeUnset:
			t.Errorf("%s %s: moyenne is a %v cell, want a number", row[0], row[9], typ)
		default:
			wantShown := w
			if !strings.Contains(w, ".") {
				wantShown += ".00"
			}
			if shown != wantShown {
				t.Errorf("%s %s: moyenne shown %q, want %q", row[0], row[9], shown, wantShown)
			}
		}
	}

	// The CISP (levels) has the column, empty on every row.
	cisp := exemple(t)
	for _, rec := range resultatsCSV(t, ref(t), cisp, session.Deliberer(ref(t), cisp))[1:] {
		if rec[col] != "" {
			t.Errorf("CISP %s %s: moyenne %q, want empty", rec[0], rec[9], rec[col])
		}
	}
}
