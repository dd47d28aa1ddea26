package session

import (
	"errors"
	"strings"
	"testing"

	"certidoc/fr"
)

// withPlanning is the example session, with its planning, edited by f.
func withPlanning(t *testing.T, f func(s map[string]any)) []byte {
	t.Helper()
	return edit(t, f)
}

// seanceByID returns the sitting of the example with that id.
func seanceByID(t *testing.T, s map[string]any, id string) map[string]any {
	t.Helper()
	for _, se := range s["planning"].(map[string]any)["seances"].([]any) {
		if se.(map[string]any)["id"] == id {
			return se.(map[string]any)
		}
	}
	t.Fatalf("no sitting %s in the example", id)
	return nil
}

// convoque returns the convened candidate j of a sitting.
func convoque(se map[string]any, j int) map[string]any {
	return se["candidats"].([]any)[j].(map[string]any)
}

// TestPlanning checks each check of the planning: problems block,
// warnings do not; each names its path.
func TestPlanning(t *testing.T) {
	for _, c := range []struct {
		name     string
		edit     func(t *testing.T, s map[string]any)
		problem  string // path: message fragment
		warning  string
		problems int // 0: exactly one problem when problem is set
	}{
		{name: "l’exemple est sans problème ni avertissement de planning", edit: func(*testing.T, map[string]any) {}},
		{name: "convoqué à une épreuve d’un bloc non présenté", edit: func(t *testing.T, s map[string]any) {
			// 2022-002 presents D and E only
			se := seanceByID(t, s, "A1")
			se["candidats"] = append(se["candidats"].([]any), map[string]any{"numero": "2022-002"})
		}, problem: "planning.seances[0].candidats[4].numero: candidat 2022-002 convoqué à l’épreuve A-1 alors qu’il ne présente pas le bloc A"},
		{name: "non convoqué à une épreuve d’un bloc présenté", edit: func(t *testing.T, s map[string]any) {
			se := seanceByID(t, s, "C2")
			se["candidats"] = se["candidats"].([]any)[1:] // 2022-001 left out
		}, problem: "planning.seances: candidat 2022-001 non convoqué à l’épreuve C-2, d’un bloc qu’il présente"},
		{name: "candidat dans deux séances qui se chevauchent", edit: func(t *testing.T, s map[string]any) {
			// D1 moved onto A1's morning: 2022-001 and 2022-003 sit both
			se := seanceByID(t, s, "D1")
			se["date"], se["heure"] = "2022-10-05", "10:00"
		}, problem: "planning.seances[5]: le candidat 2022-001 est convoqué à deux séances en même temps, A1 et D1", problems: 3}, // 2022-003 and Claire Fontanel too
		{name: "passage oral hors du chevauchement", edit: func(t *testing.T, s map[string]any) {
			// an oral passage at 13:00 does not overlap A1 (9:00–12:00)
			se := seanceByID(t, s, "B1")
			se["date"], se["heure"], se["duree_minutes"] = "2022-10-05", "12:00", 240
			for j, h := range []string{"12:00", "12:40", "13:20", "14:00", "14:40"} {
				convoque(se, j)["heure"] = h
			}
		}},
		{name: "passage oral qui chevauche une séance écrite", edit: func(t *testing.T, s map[string]any) {
			se := seanceByID(t, s, "B1")
			se["date"], se["heure"], se["duree_minutes"] = "2022-10-05", "11:30", 240
			for j, h := range []string{"13:00", "11:40", "12:20", "14:00", "14:40"} {
				convoque(se, j)["heure"] = h // 2022-003 passes at 11:40, during A1
			}
		}, problem: "le candidat 2022-003 est convoqué à deux séances en même temps, A1 et B1", problems: 2}, // and Claire Fontanel
		{name: "deux passages en même temps dans une séance orale", edit: func(t *testing.T, s map[string]any) {
			convoque(seanceByID(t, s, "B1"), 1)["heure"] = "09:10"
		}, problem: "planning.seances[1].candidats[1].heure: passage du candidat 2022-003 à 9\u00a0h\u00a010 pendant celui d’un autre candidat de la séance B1"},
		{name: "évaluateur dans deux séances qui se chevauchent", edit: func(t *testing.T, s map[string]any) {
			// E2 (Karim Benali-Dufour) moved onto C1's morning, candidates apart
			se := seanceByID(t, s, "E2")
			se["date"], se["heure"] = "2022-10-27", "11:00"
		}, problem: "planning.seances[8].evaluateurs: l’évaluateur Karim Benali-Dufour est attendu à deux séances en même temps, C1 et E2"},
		{name: "séance un dimanche", edit: func(t *testing.T, s map[string]any) {
			seanceByID(t, s, "D2")["date"] = "2022-11-06"
		}, warning: "planning.seances[9].date: séance le dimanche 6\u00a0novembre 2022"},
		{name: "séance le 11 novembre", edit: func(t *testing.T, s map[string]any) {
			seanceByID(t, s, "D2")["date"] = "2022-11-11"
		}, warning: "planning.seances[9].date: séance le 11\u00a0novembre 2022, jour férié (armistice 1918)"},
		{name: "séance le lundi de Pentecôte", edit: func(t *testing.T, s map[string]any) {
			s["session"].(map[string]any)["epreuves_du"] = "2022-06-01"
			seanceByID(t, s, "A1")["date"] = "2022-06-06"
		}, warning: "séance le 6\u00a0juin 2022, jour férié (lundi de Pentecôte)"},
		{name: "séance hors de la période des épreuves", edit: func(t *testing.T, s map[string]any) {
			seanceByID(t, s, "A1")["date"] = "2022-10-04"
		}, warning: "planning.seances[0].date: séance du 4\u00a0octobre 2022 hors de la période des épreuves"},
		{name: "un formateur évalue son candidat comme membre du jury", edit: func(t *testing.T, s map[string]any) {
			// Claire Fontanel trained 2022-001; as a jury member she should not evaluate them
			se := seanceByID(t, s, "E1")
			se["evaluateurs"].([]any)[1].(map[string]any)["nom"] = "Claire Fontanel"
		}, warning: "planning.seances[7].evaluateurs[1]: Claire Fontanel a formé le candidat 2022-001"},
		{name: "épreuve inconnue", edit: func(t *testing.T, s map[string]any) {
			seanceByID(t, s, "E2")["epreuves"] = []any{"E-2", "F-1"}
		}, problem: "planning.seances[8].epreuves[1]: épreuve «\u00a0F-1\u00a0» inconnue\u00a0: épreuves du référentiel A-1, A-2"},
		{name: "candidat inconnu", edit: func(t *testing.T, s map[string]any) {
			convoque(seanceByID(t, s, "E2"), 0)["numero"] = "2022-099"
		}, problem: "planning.seances[8].candidats[0].numero: candidat «\u00a02022-099\u00a0» inconnu", problems: 2},
		{name: "identifiant de séance en double", edit: func(t *testing.T, s map[string]any) {
			seanceByID(t, s, "E2")["id"] = "E1"
		}, problem: "planning.seances[8].id: identifiant «\u00a0E1\u00a0» déjà donné à planning.seances[7]"},
		{name: "séance orale sans heure de passage", edit: func(t *testing.T, s map[string]any) {
			delete(convoque(seanceByID(t, s, "C1"), 2), "heure")
		}, problem: "planning.seances[4].candidats[2].heure: heure de passage manquante pour le candidat 2022-004"},
		{name: "passage après la fin de la séance", edit: func(t *testing.T, s map[string]any) {
			convoque(seanceByID(t, s, "C1"), 3)["heure"] = "11:15"
		}, problem: "planning.seances[4].candidats[3].heure: passage du candidat 2022-007 à 11\u00a0h\u00a015 hors de la séance (9\u00a0h–11\u00a0h\u00a030)"},
		{name: "heure de passage dans une séance écrite", edit: func(t *testing.T, s map[string]any) {
			convoque(seanceByID(t, s, "A1"), 0)["heure"] = "09:00"
		}, problem: "planning.seances[0].candidats[0].heure: heure de passage dans une séance «\u00a0ecrit\u00a0»"},
		{name: "forme, heure, durée et lieu faux ensemble", edit: func(t *testing.T, s map[string]any) {
			se := seanceByID(t, s, "D2")
			se["forme"], se["heure"], se["duree_minutes"], se["lieu"] = "visio", "9h", 0, " "
		}, problem: "planning.seances[9].forme: forme «\u00a0visio\u00a0» inconnue", problems: 4},
		{name: "séance qui finit après minuit", edit: func(t *testing.T, s map[string]any) {
			se := seanceByID(t, s, "D1")
			se["heure"], se["duree_minutes"] = "22:00", 180
		}, problem: "planning.seances[5].duree_minutes: la séance commencée à 22\u00a0h finirait après minuit"},
		{name: "sans contact pour les aménagements", edit: func(t *testing.T, s map[string]any) {
			delete(s["planning"].(map[string]any), "contact_amenagement")
		}, problem: "planning.contact_amenagement: champ vide"},
		{name: "convoqué deux fois à la même épreuve", edit: func(t *testing.T, s map[string]any) {
			se := seanceByID(t, s, "D2")
			se["epreuves"] = []any{"D-2", "D-1"}
		}, problem: "candidat 2022-001 convoqué deux fois à l’épreuve D-1 (séances D1 et D2)", problems: 4},
	} {
		t.Run(c.name, func(t *testing.T) {
			data := withPlanning(t, func(s map[string]any) { c.edit(t, s) })
			_, rep, err := Parse(data, ref(t), font)
			if err != nil && !errors.As(err, &rep) {
				t.Fatal(err)
			}
			var problems, warnings []string
			for _, p := range rep.Problemes {
				problems = append(problems, p.Chemin+": "+p.Message)
			}
			for _, w := range rep.Avertissements {
				if strings.HasPrefix(w.Chemin, "planning") {
					warnings = append(warnings, w.Chemin+": "+w.Message)
				}
			}
			switch {
			case c.problem == "" && len(problems) > 0:
				t.Errorf("problems, want none:\n%s", strings.Join(problems, "\n"))
			case c.problem != "" && !containsFragment(problems, c.problem):
				t.Errorf("no problem %q among:\n%s", c.problem, strings.Join(problems, "\n"))
			case c.problem != "" && c.problems == 0 && len(problems) != 1:
				t.Errorf("%d problems, want 1:\n%s", len(problems), strings.Join(problems, "\n"))
			case c.problems != 0 && len(problems) != c.problems:
				t.Errorf("%d problems, want %d:\n%s", len(problems), c.problems, strings.Join(problems, "\n"))
			}
			switch {
			case c.warning == "" && len(warnings) > 0:
				t.Errorf("planning warnings, want none:\n%s", strings.Join(warnings, "\n"))
			case c.warning != "" && !containsFragment(warnings, c.warning):
				t.Errorf("no warning %q among:\n%s", c.warning, strings.Join(warnings, "\n"))
			}
		})
	}
}

func containsFragment(lines []string, fragment string) bool {
	for _, l := range lines {
		if strings.Contains(l, fragment) {
			return true
		}
	}
	return false
}

func TestDelaiConvocation(t *testing.T) {
	s, _, err := Parse(withPlanning(t, func(map[string]any) {}), ref(t), font)
	if err != nil {
		t.Fatal(err)
	}
	// The example's convocations leave on 19 September, 16 days before A1.
	if got := DelaiConvocation(s, fr.MustDate("2022-10-01"), 15); len(got) != 0 {
		t.Errorf("the example's date_convocation gives warnings: %v", got)
	}
	if got := DelaiConvocation(s, fr.MustDate("2022-10-01"), 17); len(got) != 1 || got[0].Chemin != "planning.seances[0].date" ||
		!strings.Contains(got[0].Message, "convocations envoyées le 19\u00a0septembre 2022 pour une séance le 5\u00a0octobre 2022 (16 jours avant)\u00a0: au moins 17 jours") {
		t.Errorf("17 days asked: %v", got)
	}
	// Without date_convocation, the day given (the day they are made).
	s.Planning.DateConvocation = fr.Date{}
	// C1, D1, C2, E1 are fewer than 15 days after 25 October (E2 and D2
	// 15 and 16); A1, B1, A2, B2 are past.
	got := DelaiConvocation(s, fr.MustDate("2022-10-25"), 15)
	past := 0
	for _, w := range got {
		if strings.Contains(w.Message, "déjà passée") {
			past++
		}
	}
	if len(got) != 8 || past != 4 {
		t.Errorf("%d warnings sent on 25 October (%d past), want 8 (4 past): %v", len(got), past, got)
	}
	s.Planning = nil
	if got := DelaiConvocation(s, fr.MustDate("2022-10-25"), 15); got != nil {
		t.Errorf("no planning, warnings %v", got)
	}
}
