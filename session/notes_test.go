package session

import (
	"bytes"
	"errors"
	"os"
	"strings"
	"testing"

	"certidoc/referentiel"
)

// marked returns the fictitious marked référentiel and its example session.
func marked(t *testing.T) (*referentiel.Referentiel, []byte) {
	t.Helper()
	r, err := referentiel.LoadFile("../testdata/referentiels/rncp99901.yaml")
	if err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile("../testdata/session-rncp99901.json")
	if err != nil {
		t.Fatal(err)
	}
	return r, data
}

// The example session of the marked référentiel: the proposals and the
// averages its marks give.
func TestDeliberationNotes(t *testing.T) {
	r, data := marked(t)
	for _, parse := range []struct {
		name string
		f    func([]byte, *referentiel.Referentiel, Font) (*Session, *Report, error)
	}{{"Parse", Parse}, {"ParsePacked", ParsePacked}} {
		t.Run(parse.name, func(t *testing.T) {
			s, _, err := parse.f(data, r, font)
			if err != nil {
				t.Fatal(err)
			}
			d := Deliberer(r, s)
			for _, c := range []struct {
				candidat, bloc, moyenne string
				eliminee                bool
				want                    Proposition
			}{
				{"2025-201", "A", "11,58", false, Validee},   // (2×12.5 + 9.75) / 3
				{"2025-201", "C", "14,00", false, Validee},   // one épreuve, levels beside the mark
				{"2025-202", "A", "10,33", false, Validee},   // 8.5 compensated by 14
				{"2025-202", "B", "13,22", true, NonValidee}, // 5.5 below the eliminatory 6
				{"2025-203", "A", "9,92", false, NonValidee}, // (2×10 + 9.75) / 3 = 9.9166…
				{"2025-205", "B", "9,42", false, NonValidee}, // the jury decided otherwise, with a motif
				{"2025-206", "C", "", false, Inconnue},       // absent: no mark
			} {
				var got *EtatBloc
				for i := range d.Candidats {
					if d.Candidats[i].Candidat.Numero == c.candidat {
						for j := range d.Candidats[i].Blocs {
							if d.Candidats[i].Blocs[j].Bloc.Lettre == c.bloc {
								got = &d.Candidats[i].Blocs[j]
							}
						}
					}
				}
				if got == nil {
					t.Fatalf("%s %s: no bloc", c.candidat, c.bloc)
				}
				moyenne := ""
				if got.Moyenne != nil {
					moyenne = got.Moyenne.Deux()
				}
				if got.Proposition != c.want || moyenne != c.moyenne || got.Eliminee != c.eliminee {
					t.Errorf("%s bloc %s: got %v, moyenne %q, éliminé %v; want %v, %q, %v", c.candidat, c.bloc, got.Proposition, moyenne, got.Eliminee, c.want, c.moyenne, c.eliminee)
				}
			}
			tot := d.Totaux()
			if tot.Totales != 2 || tot.Partielles != 3 || tot.Absents != 1 {
				t.Errorf("totaux: got %+v", tot)
			}
		})
	}
}

// What a marked session may get wrong, each named by its path.
func TestNotesProblems(t *testing.T) {
	r, data := marked(t)
	cisp := ref(t)
	for _, c := range []struct {
		name      string
		from, to  string
		ref       *referentiel.Referentiel
		path, msg string
	}{
		{"a mark as text", `"note": 12.5`, `"note": "12,5"`, r, "candidats[0].evaluations[0].note", "nombre d’au plus deux décimales (par exemple 12.5, sans guillemets) attendu, un texte trouvé"},
		{"three decimals", `"note": 12.5`, `"note": 12.125`, r, "candidats[0].evaluations[0].note", "nombre d’au plus deux décimales"},
		{"off the step", `"note": 12.5`, `"note": 12.1`, r, "candidats[0].evaluations[0].note", "note 12,1 hors de l’échelle\u00a0: attendu de 0 à 20 par pas de 0,25"},
		{"above the maximum", `"note": 12.5`, `"note": 21`, r, "candidats[0].evaluations[0].note", "note 21 hors de l’échelle"},
		{"missing", `"note": 12.5,`, ``, r, "candidats[0].evaluations[0].note", "note manquante\u00a0: indiquez la note de l’épreuve A-1, de 0 à 20"},
		{"a level in an épreuve without", `"commentaire": "Incidents datés et signés."`, `"commentaire": "Incidents datés et signés.", "niveau": "A"`, r, "candidats[0].evaluations[0].criteres[0].niveau", "sans objet"},
		{"a level missing where the épreuve asks one", `"niveau": "A"
            },
            {
              "competence": "3.2",
              "niveau": "A"`, `"niveau": "A"`, r, "candidats[0].evaluations[5].criteres", "niveau manquant pour 3.2"},
	} {
		t.Run(c.name, func(t *testing.T) {
			in := []byte(strings.Replace(string(data), c.from, c.to, 1))
			if bytes.Equal(in, data) {
				t.Fatalf("%q not in the example", c.from)
			}
			_, _, err := Parse(in, c.ref, font)
			rep, ok := errors.AsType[*Report](err)
			if !ok {
				t.Fatalf("got %v, want a report", err)
			}
			for _, p := range rep.Problemes {
				if p.Chemin == c.path && strings.Contains(p.Message, c.msg) {
					return
				}
			}
			t.Errorf("no problem %s «%s» in %v", c.path, c.msg, rep.Problemes)
		})
	}
	// A mark with a référentiel of levels.
	in := edit(t, func(s map[string]any) {
		ev := s["candidats"].([]any)[0].(map[string]any)["evaluations"].([]any)[0].(map[string]any)
		ev["note"] = 12
	})
	_, _, err := Parse(in, cisp, font)
	rep, ok := errors.AsType[*Report](err)
	if !ok || len(rep.Problemes) != 1 || rep.Problemes[0].Chemin != "candidats[0].evaluations[0].note" || !strings.Contains(rep.Problemes[0].Message, "sans objet") {
		t.Errorf("a mark with levels: got %v", err)
	}
}
