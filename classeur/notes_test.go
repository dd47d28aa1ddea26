package classeur

import (
	"bytes"
	"errors"
	"os"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"certidoc/generator"
	"certidoc/internal/testtool"
	"certidoc/referentiel"
	"certidoc/session"
)

// fictitious loads a fictitious référentiel of testdata/referentiels
// ("rncp99901": marks; "rncp99902": levels and part_minimale).
func fictitious(t testing.TB, name string) *referentiel.Referentiel {
	t.Helper()
	r, err := referentiel.LoadFile("../testdata/referentiels/" + name + ".yaml")
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// fictitiousExample is the example session of a fictitious référentiel.
func fictitiousExample(t testing.TB, r *referentiel.Referentiel) *session.Session {
	t.Helper()
	data, err := os.ReadFile("../testdata/session-" + strings.ToLower(r.Certification.CodeRNCP) + ".json")
	if err != nil {
		t.Fatal(err)
	}
	s, _, err := session.Parse(data, r, generator.Font())
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func workbookOf(t testing.TB, r *referentiel.Referentiel, s *session.Session) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := Write(&buf, r, s, now); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// The example session of each fictitious référentiel goes through its
// workbook unchanged: marks, coefficients' blocs, levels inside a marked
// épreuve, comments of criteria without a level.
func TestRoundTripFictitiousExamples(t *testing.T) {
	for _, name := range []string{"rncp99901", "rncp99902"} {
		t.Run(name, func(t *testing.T) {
			r := fictitious(t, name)
			s := fictitiousExample(t, r)
			got, rep, err := Read(workbookOf(t, r, s), r, generator.Font(), DefaultLimits())
			if err != nil {
				t.Fatalf("import: %v", err)
			}
			if len(rep.Avertissements) != 0 {
				t.Errorf("warnings: %v", rep.Avertissements)
			}
			// Read with the référentiel alone: the session need not name it.
			want := *s
			want.Certification = ""
			if a, b := asJSON(t, &want), asJSON(t, got); a != b {
				t.Errorf("round trip changed the session:\n%s", testtool.FirstDifference(a, b))
			}
		})
	}
}

// editOf opens a workbook, lets f change cells, and saves it.
func editOf(t *testing.T, data []byte, f func(x *excelize.File)) []byte {
	t.Helper()
	x, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	f(x)
	var buf bytes.Buffer
	if _, err := x.WriteTo(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// Marks typed as French users type them import as numbers; a mark the
// import refuses is named at its cell with the candidate and what to type.
func TestMarksTyped(t *testing.T) {
	t.Parallel() // writes and reads workbooks only: beside the other such tests
	r := fictitious(t, "rncp99901")
	s := fictitiousExample(t, r)
	const sheet = "Bloc A – épreuve 1"
	cases := []struct {
		name  string
		value any // a string is written as text, a float64 as a number
		want  string
		prob  string
	}{
		{"comma", "12,5", "12.5", ""},
		{"point", "12.5", "12.5", ""},
		{"whole", "12", "12", ""},
		{"spaces around", " 9,75 ", "9.75", ""},
		{"no-break space", "\u00a09,75\t", "9.75", ""},
		{"number", 12.25, "12.25", ""},
		{"number as Excel writes 9.95", 9.9499999999999993, "", "hors du pas de l’échelle"},
		{"trailing zeros", "12,500", "12.5", ""},
		{"maximum", "20", "20", ""},
		{"minimum", "0", "0", ""},
		{"above the scale", "20,25", "", "note du candidat NUM hors de l’échelle\u00a0: attendu de 0 à 20 (valeur «\u00a020,25\u00a0»)"},
		{"number above the scale", 21.0, "", "hors de l’échelle\u00a0: attendu de 0 à 20"},
		{"negative", "-1", "", "hors de l’échelle"},
		{"off the step", "12,3", "", "note du candidat NUM hors du pas de l’échelle\u00a0: attendu de 0 à 20 par pas de 0,25 (par exemple 10 ou 10,25)"},
		{"number off the step", 12.1, "", "hors du pas"},
		{"three decimals", "12,255", "", "hors du pas"},
		{"letters", "douze", "", "note du candidat NUM illisible\u00a0: écrivez un nombre de 0 à 20, avec une virgule ou un point (12,5 ou 12.5)"},
		{"two commas", "12,5,1", "", "illisible"},
		{"fraction", "12/20", "", "illisible"},
		{"a date", 46154.0, "", "contient peut-être une date"},
		{"boolean", true, "", "illisible"},
	}
	for i := range s.Candidats {
		s.Candidats[i].Decisions = nil // a mark changed would need a motif
	}
	base := workbookOf(t, r, s)
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var at string
			data := editOf(t, base, func(x *excelize.File) {
				num, _ := x.GetCellValue(sheet, "A3")
				if num != s.Candidats[0].Numero {
					t.Fatalf("row 3 of %s is %q", sheet, num)
				}
				at = cell(firstLevelCol, 3)
				if err := x.SetCellValue(sheet, at, c.value); err != nil {
					t.Fatal(err)
				}
			})
			got, _, err := Read(data, r, generator.Font(), DefaultLimits())
			if c.prob == "" {
				if err != nil {
					t.Fatalf("import: %v", err)
				}
				ev := got.Candidats[0].EvaluationOf("A", 1)
				if ev == nil || ev.Note == nil || ev.Note.String() != c.want {
					t.Fatalf("mark: got %+v, want %s", ev, c.want)
				}
				return
			}
			var rep *session.Report
			if !errors.As(err, &rep) {
				t.Fatalf("import: got %v, want problems", err)
			}
			prob := strings.ReplaceAll(c.prob, "NUM", s.Candidats[0].Numero)
			if len(rep.Problemes) != 1 || rep.Problemes[0].Chemin != sheet+"!"+at || !strings.Contains(rep.Problemes[0].Message, prob) {
				t.Errorf("problems: got %v\nwant one at %s!%s saying %q", rep.Problemes, sheet, at, c.prob)
			}
		})
	}
}

// A mark cell never panics the import, and what it accepts is a mark of
// the scale which, typed back with a comma or a point, reads the same.
func FuzzReadNote(f *testing.F) {
	for _, s := range []string{"12,5", "12.5", " 9,75 ", "12", "20,25", "-1", "douze", "1e1", "12,500", "0,0000001", "99999999999,99", ".5", "5.", ",", "\u00a012,5\t"} {
		f.Add(s, false)
		f.Add(s, true)
	}
	r := fictitious(f, "rncp99901")
	f.Fuzz(func(t *testing.T, raw string, number bool) {
		typ := excelize.CellTypeSharedString
		if number {
			typ = excelize.CellTypeNumber
		}
		n, state := readNote(r.Echelle, raw, typ)
		if state != noteBonne {
			if n != 0 {
				t.Errorf("%q refused (%d) with a mark %s", raw, state, n)
			}
			_ = noteMessage(r.Echelle, state, "", raw, typ)
			return
		}
		if !r.Echelle.NoteValide(n) {
			t.Errorf("%q read as %s, off the scale", raw, n)
		}
		for _, again := range []string{n.String(), n.Francais()} {
			if m, st := readNote(r.Echelle, again, excelize.CellTypeSharedString); st != noteBonne || m != n {
				t.Errorf("%q read as %s, but %q reads as %s (%d)", raw, n, again, m, st)
			}
		}
	})
}
