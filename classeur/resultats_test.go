package classeur

import (
	"bytes"
	"encoding/csv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"certidoc/session"
)

func TestResultats(t *testing.T) {
	r := ref(t)
	s := exemple(t)
	s.Candidats[0].Preconisations = "=HYPERLINK(\"http://x\")"
	s.Candidats[1].NomNaissance = "-Tiret"
	d := session.Deliberer(r, s)

	var x bytes.Buffer
	if err := Resultats(&x, r, s, d, now); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(bytes.NewReader(x.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
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

	var c bytes.Buffer
	if err := ResultatsCSV(&c, r, s, d); err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(&c).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
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
	var buf bytes.Buffer
	if err := ResultatsCSV(&buf, r, s, session.Deliberer(r, s)); err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(&buf).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
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
			var buf bytes.Buffer
			if err := ResultatsCSV(&buf, r, s, session.Deliberer(r, s)); err != nil {
				t.Fatal(err)
			}
			recs, err := csv.NewReader(&buf).ReadAll()
			if err != nil {
				t.Fatal(err)
			}
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
