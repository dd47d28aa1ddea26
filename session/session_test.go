package session

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"

	"certidoc/generator/fonts"
	"certidoc/referentiel"
)

// font is the documents' font, as the layer that renders them gives it
// (generator.Font): the rule's tests check it on the real repertoire.
var font = Font{Covers: fonts.Covers, Replacement: fonts.Replacement}

func ref(t testing.TB) *referentiel.Referentiel {
	t.Helper()
	r, err := referentiel.Embedded()
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func exemple(t testing.TB) []byte {
	t.Helper()
	data, err := os.ReadFile("../testdata/session-exemple.json")
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// edit decodes the example, lets f change it, and encodes it again.
func edit(t *testing.T, f func(s map[string]any)) []byte {
	t.Helper()
	var s map[string]any
	if err := json.Unmarshal(exemple(t), &s); err != nil {
		t.Fatal(err)
	}
	f(s)
	out, err := json.Marshal(s)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func cand(s map[string]any, i int) map[string]any {
	return s["candidats"].([]any)[i].(map[string]any)
}

func TestExempleIsValid(t *testing.T) {
	s, rep, err := Parse(exemple(t), ref(t), font)
	if err != nil {
		t.Fatalf("example session: %v", err)
	}
	if len(s.Candidats) < 6 {
		t.Errorf("%d candidates, want at least 6", len(s.Candidats))
	}
	if len(rep.Avertissements) != 0 {
		t.Errorf("warnings on the example: %v", rep.Avertissements)
	}
}

func TestDeliberer(t *testing.T) {
	r := ref(t)
	s, _, err := Parse(exemple(t), r, font)
	if err != nil {
		t.Fatal(err)
	}
	d := Deliberer(r, s)
	if d.Preparatoire {
		t.Error("every decision is taken, yet the deliberation is preparatory")
	}
	want := map[string]Resultat{
		"2022-001": Totale,    // every bloc in one session
		"2022-002": Totale,    // VAE, A–C acquired earlier
		"2022-003": Partielle, // D and E not validated
		"2022-004": Partielle, // jury validated B against the grids
		"2022-005": Absent,
		"2022-006": Partielle, // jury refused B against the grids
		"2022-007": NonAdmis,
	}
	for _, rc := range d.Candidats {
		if got := rc.Resultat; got != want[rc.Candidat.Numero] {
			t.Errorf("%s: got %v, want %v", rc.Candidat.Numero, got, want[rc.Candidat.Numero])
		}
	}
	// The jury's decision is kept apart from the proposal.
	b := d.Candidats[3].Blocs[1]
	if b.Proposition != NonValidee || b.Decision != DecisionValide || !b.Ecart() || b.Motif == "" {
		t.Errorf("2022-004 bloc B: %+v", b)
	}
	tot := d.Totaux()
	if tot.Totales != 2 || tot.Partielles != 3 || tot.NonAdmis != 1 || tot.Absents != 1 || tot.Presents != 6 {
		t.Errorf("totals: %+v", tot)
	}
	n := 0
	for _, v := range tot.BlocsValides {
		n += v
	}
	if n != 14 {
		t.Errorf("%d blocs validated, want 14", n)
	}
}

func TestPreparatory(t *testing.T) {
	r := ref(t)
	data := edit(t, func(s map[string]any) {
		for _, c := range s["candidats"].([]any) {
			delete(c.(map[string]any), "decisions")
		}
	})
	s, _, err := Parse(data, r, font)
	if err != nil {
		t.Fatal(err)
	}
	d := Deliberer(r, s)
	if !d.Preparatoire {
		t.Fatal("no decision taken, yet not preparatory")
	}
	for _, rc := range d.Candidats {
		if rc.Resultat != EnAttente {
			t.Errorf("%s: got %v, want EnAttente", rc.Candidat.Numero, rc.Resultat)
		}
	}
	if got := d.Candidats[0].Provisoire; got != Totale {
		t.Errorf("2022-001 provisional result: got %v, want Totale", got)
	}
	if got := d.Candidats[3].Provisoire; got != Partielle {
		t.Errorf("2022-004 provisional result: got %v, want Partielle (B proposed non validé)", got)
	}
}

// TestValidation has one case per kind of problem; each names its path.
func TestValidation(t *testing.T) {
	for _, c := range []struct {
		name       string
		edit       func(s map[string]any)
		path, text string
	}{
		{"unknown bloc", func(s map[string]any) { cand(s, 0)["blocs_presentes"] = []any{"A", "F"} },
			"candidats[0].blocs_presentes[1]", "bloc «\u00a0F\u00a0» inconnu"},
		{"unknown criterion", func(s map[string]any) {
			ev := cand(s, 0)["evaluations"].([]any)[0].(map[string]any)
			ev["criteres"].([]any)[0].(map[string]any)["competence"] = "2.1"
		}, "candidats[0].evaluations[0].criteres[0].competence", "compétence «\u00a02.1\u00a0» non évaluée par l’épreuve A-1"},
		{"level not in the scale", func(s map[string]any) {
			ev := cand(s, 0)["evaluations"].([]any)[1].(map[string]any)
			ev["criteres"].([]any)[2].(map[string]any)["niveau"] = "B+"
		}, "candidats[0].evaluations[1].criteres[2].niveau", "niveau «\u00a0B+\u00a0» hors de l’échelle"},
		{"épreuve not presented", func(s map[string]any) {
			cand(s, 1)["blocs_presentes"] = []any{"D"}
			cand(s, 1)["decisions"] = []any{map[string]any{"bloc": "D", "decision": "valide"}}
		},
			"candidats[1].evaluations[2].bloc", "évaluation de l’épreuve E-1 alors que le candidat ne présente pas le bloc E"},
		{"decision differs without motif", func(s map[string]any) {
			delete(cand(s, 3)["decisions"].([]any)[1].(map[string]any), "motif")
		}, "candidats[3].decisions[1].motif", "diffère de la proposition des grilles (non validé)"},
		{"missing identity field", func(s map[string]any) { cand(s, 2)["prenoms"] = " " },
			"candidats[2].prenoms", "champ vide\u00a0: indiquez les prénoms"},
		{"impossible date", func(s map[string]any) { cand(s, 4)["naissance"].(map[string]any)["date"] = "1989-02-29" },
			"candidats[4].naissance.date", "«\u00a01989-02-29\u00a0» impossible"},
		{"too young", func(s map[string]any) { cand(s, 4)["naissance"].(map[string]any)["date"] = "2020-01-01" },
			"candidats[4].naissance.date", "moins de 15 ans"},
		{"bad INSEE code", func(s map[string]any) { cand(s, 0)["naissance"].(map[string]any)["code_insee"] = "6926" },
			"candidats[0].naissance.code_insee", "code INSEE «\u00a06926\u00a0» invalide"},
		{"missing criterion level", func(s map[string]any) {
			ev := cand(s, 0)["evaluations"].([]any)[0].(map[string]any)
			ev["criteres"] = ev["criteres"].([]any)[:1]
		}, "candidats[0].evaluations[0].criteres", "niveau manquant pour 1.6"},
		{"unknown decision", func(s map[string]any) { cand(s, 0)["decisions"].([]any)[0].(map[string]any)["decision"] = "ajourné" },
			"candidats[0].decisions[0].decision", "décision «\u00a0ajourné\u00a0» inconnue"},
		{"duplicate number", func(s map[string]any) { cand(s, 1)["numero"] = "2022-001" },
			"candidats[1].numero", "déjà donné à candidats[0]"},
		{"numbers differing by a space", func(s map[string]any) { cand(s, 1)["numero"] = "2022 001" },
			"candidats[1].numero", "numéro «\u00a02022 001\u00a0» trop proche de «\u00a02022-001\u00a0» (candidats[0])\u00a0: les deux donnent les mêmes numéros de document (CISP-2022-02-2022-001-CERT"},
		{"numbers differing by punctuation and case", func(s map[string]any) { cand(s, 0)["numero"] = "A.22/1"; cand(s, 6)["numero"] = "a_22_1" },
			"candidats[6].numero", "trop proche de «\u00a0A.22/1\u00a0» (candidats[0])"},
		{"numbers differing by an accent", func(s map[string]any) { cand(s, 2)["numero"] = "É-3"; cand(s, 3)["numero"] = "e 3" },
			"candidats[3].numero", "trop proche de «\u00a0É-3\u00a0» (candidats[2])"},
		{"numbers without a letter or a digit", func(s map[string]any) { cand(s, 2)["numero"] = "--"; cand(s, 3)["numero"] = "//" },
			"candidats[3].numero", "trop proche de «\u00a0--\u00a0» (candidats[2])"},
		{"unknown route", func(s map[string]any) { cand(s, 0)["voie_acces"] = "alternance" },
			"candidats[0].voie_acces", "voie d’accès «\u00a0alternance\u00a0» inconnue"},
		{"unknown field", func(s map[string]any) { cand(s, 0)["nom_naisance"] = "X" },
			"candidats[0].nom_naisance", "champ inconnu"},
		{"wrong JSON type", func(s map[string]any) { cand(s, 0)["evaluations"].([]any)[0].(map[string]any)["epreuve"] = "1" },
			"candidats[0].evaluations[0].epreuve", "nombre entier attendu, un texte trouvé"},
		{"date as a number", func(s map[string]any) { cand(s, 4)["naissance"].(map[string]any)["date"] = 19890228 },
			"candidats[4].naissance.date", "texte entre guillemets attendu, un nombre trouvé"},
		{"heure as a number", func(s map[string]any) { s["session"].(map[string]any)["deliberation"].(map[string]any)["heure"] = 14.5 },
			"session.deliberation.heure", "texte entre guillemets attendu, un nombre trouvé"},
		{"heure out of the day", func(s map[string]any) {
			s["session"].(map[string]any)["deliberation"].(map[string]any)["heure"] = "24:00"
		},
			"session.deliberation.heure", "heure «\u00a024:00\u00a0» mal écrite"},
		{"deliberation before the épreuves", func(s map[string]any) {
			s["session"].(map[string]any)["deliberation"].(map[string]any)["date"] = "2022-11-01"
		},
			"session.deliberation.date", "précède la dernière épreuve"},
		{"bloc acquired and presented", func(s map[string]any) { cand(s, 1)["blocs_acquis"].([]any)[0].(map[string]any)["bloc"] = "D" },
			"candidats[1].blocs_acquis[0].bloc", "déjà acquis et présenté à nouveau"},
		{"comment too long", func(s map[string]any) { cand(s, 2)["preconisations"] = strings.Repeat("é", MaxTexte+1) },
			"candidats[2].preconisations", "texte trop long"},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, _, err := Parse(edit(t, c.edit), ref(t), font)
			var rep *Report
			if !errors.As(err, &rep) || !errors.Is(err, ErrInvalid) {
				t.Fatalf("got %v, want a *Report", err)
			}
			for _, p := range rep.Problemes {
				if p.Chemin == c.path && strings.Contains(p.Message, c.text) {
					return
				}
			}
			t.Errorf("no problem at %s containing %q; got:\n%v", c.path, c.text, err)
		})
	}
}

// Wrong dates do not stop the reading: each is named at its path with the
// text as typed, beside the other problems; a wrong field elsewhere adds
// its own problem and no other (dates are text to the JSON shape check).
func TestEveryDateProblemAtOnce(t *testing.T) {
	for _, c := range []struct {
		name  string
		edit  func(s map[string]any)
		wants map[string]string // path → part of the message
	}{
		{"dates", func(s map[string]any) {
			s["session"].(map[string]any)["epreuves_du"] = "31/02/2022"
			s["session"].(map[string]any)["date_delivrance"] = "2022-13-01"
			cand(s, 4)["naissance"].(map[string]any)["date"] = "1989-02-29"
			cand(s, 0)["evaluations"].([]any)[0].(map[string]any)["date"] = "hier"
			cand(s, 2)["prenoms"] = ""
		}, map[string]string{
			"session.epreuves_du":              "«\u00a031/02/2022\u00a0» impossible ou mal écrite",
			"session.date_delivrance":          "«\u00a02022-13-01\u00a0» impossible ou mal écrite",
			"candidats[4].naissance.date":      "«\u00a01989-02-29\u00a0» impossible ou mal écrite",
			"candidats[0].evaluations[0].date": "«\u00a0hier\u00a0» impossible ou mal écrite",
			"candidats[2].prenoms":             "champ vide",
		}},
		{"an unknown field beside good dates", func(s map[string]any) { cand(s, 0)["nom_naisance"] = "X" },
			map[string]string{"candidats[0].nom_naisance": "champ inconnu"}},
		{"a date of the wrong type beside good dates", func(s map[string]any) { s["session"].(map[string]any)["epreuves_au"] = true },
			map[string]string{"session.epreuves_au": "texte entre guillemets attendu, un booléen trouvé"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, _, err := Parse(edit(t, c.edit), ref(t), font)
			var rep *Report
			if !errors.As(err, &rep) {
				t.Fatalf("got %v, want a *Report", err)
			}
			got := map[string]string{}
			for _, p := range rep.Problemes {
				got[p.Chemin] = p.Message
			}
			for path, want := range c.wants {
				if !strings.Contains(got[path], want) {
					t.Errorf("%s: got %q, want %q", path, got[path], want)
				}
			}
			if len(rep.Problemes) != len(c.wants) {
				t.Errorf("got %d problems, want %d:\n%v", len(rep.Problemes), len(c.wants), err)
			}
		})
	}
}

func TestEveryProblemAtOnce(t *testing.T) {
	data := edit(t, func(s map[string]any) {
		cand(s, 0)["sexe"] = "X"
		cand(s, 1)["civilite"] = "Monsieur"
		s["session"].(map[string]any)["identifiant"] = ""
	})
	_, _, err := Parse(data, ref(t), font)
	var rep *Report
	if !errors.As(err, &rep) || len(rep.Problemes) != 3 {
		t.Fatalf("want 3 problems, got %v", err)
	}
}

func TestMalformed(t *testing.T) {
	for _, c := range []struct {
		name, data string
		line, col  int
	}{
		{"empty", "", 1, 1},
		{"cut", "{\n  \"session\": {", 2, 15},
		{"syntax", "{\n  \"session\": {},\n  \"jury\": [,]\n}", 3, 12},
		{"trailing", "{} {}", 1, 4},
		{"not UTF-8", "{\n  \"incidents\": [\"caf\xe9\"]\n}", 2, 21},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, _, err := Parse([]byte(c.data), ref(t), font)
			var me *MalformedError
			if !errors.As(err, &me) || !errors.Is(err, ErrMalformed) {
				t.Fatalf("got %v, want *MalformedError", err)
			}
			if me.Line != c.line || me.Column != c.col {
				t.Errorf("got line %d col %d, want %d:%d", me.Line, me.Column, c.line, c.col)
			}
		})
	}
}

func TestJuryWarnings(t *testing.T) {
	for _, c := range []struct {
		name string
		edit func(s map[string]any)
		want string
	}{
		{"no president", func(s map[string]any) { s["jury"].([]any)[0].(map[string]any)["role"] = "membre" }, "aucun président"},
		{"one member", func(s map[string]any) { s["jury"] = s["jury"].([]any)[:1] }, "au moins deux"},
		{"too few external", func(s map[string]any) {
			for _, m := range s["jury"].([]any)[1:] {
				m.(map[string]any)["externe"] = false
			}
		}, "au moins la moitié"},
		{"trainer on the jury", func(s map[string]any) {
			m := s["jury"].([]any)[2].(map[string]any)
			m["prenom"], m["nom"] = "claire", "FONTANEL"
		}, "a formé le candidat 2022-001"},
		{"VAE jury of one sex", func(s map[string]any) {
			for _, m := range s["jury"].([]any) {
				m.(map[string]any)["civilite"] = "Mme"
			}
		}, "D6412-6"},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, rep, err := Parse(edit(t, c.edit), ref(t), font)
			if err != nil {
				t.Fatalf("warnings must not stop the session: %v", err)
			}
			for _, w := range rep.Avertissements {
				if strings.Contains(w.Message, c.want) {
					return
				}
			}
			t.Errorf("no warning with %q: %v", c.want, rep.Avertissements)
		})
	}
}

func FuzzParse(f *testing.F) {
	f.Add(exemple(f))
	f.Add([]byte(`{"candidats":[{"numero":1}]}`))
	f.Add([]byte(`[]`))
	r := ref(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		s, rep, err := Parse(data, r, font)
		switch {
		case err == nil && (s == nil || rep == nil):
			t.Fatal("nil session without error")
		case err != nil && !errors.Is(err, ErrMalformed) && !errors.Is(err, ErrInvalid):
			t.Fatalf("unexpected error kind: %v", err)
		case err == nil:
			Deliberer(r, s) // must not panic on any valid session
			// A valid session holds only texts within their length, and
			// outside free text only characters the font prints.
			eachText(reflect.ValueOf(s).Elem(), "", "", func(path, pattern, v string) {
				rule, ok := textRules[pattern]
				if !ok {
					rule = textRule{MaxCourt, false}
				}
				if utf8.RuneCountInString(v) > rule.max {
					t.Fatalf("%s: %d characters accepted", path, utf8.RuneCountInString(v))
				}
				for _, c := range v {
					if !rule.free && !font.Covers(c) {
						t.Fatalf("%s: %U accepted, the font lacks it", path, c)
					}
				}
			})
		}
	})
}

// A blank date of issue is no date: the documents use the deliberation's
// (a blank text used to be taken as the date, and documents printed none).
func TestDelivranceBlank(t *testing.T) {
	for _, c := range []struct {
		name string
		text any
		want string
	}{
		{"absent", nil, "2022-11-24"},
		{"empty", "", "2022-11-24"},
		{"blank", "  ", "2022-11-24"},
		{"given", "2022-12-01", "2022-12-01"},
	} {
		t.Run(c.name, func(t *testing.T) {
			s, _, err := Parse(edit(t, func(s map[string]any) {
				if c.text != nil {
					s["session"].(map[string]any)["date_delivrance"] = c.text
				}
			}), ref(t), font)
			if err != nil {
				t.Fatal(err)
			}
			if got := fmt.Sprint(s.Session.Delivrance()); got != c.want {
				t.Errorf("Delivrance: got %q, want %q", got, c.want)
			}
		})
	}
}
