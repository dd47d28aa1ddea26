package session

import (
	"strings"
	"testing"
)

// The registration of RNCP36128 ended on 2023-01-26 (cisp.yaml): after it,
// only candidates whose training began on or before it get a level.
func TestRegistrationPeriod(t *testing.T) {
	late := func(delib, issue string) func(s map[string]any) {
		return func(s map[string]any) {
			in := s["session"].(map[string]any)
			in["deliberation"].(map[string]any)["date"] = delib
			if issue != "" {
				in["date_delivrance"] = issue
			}
		}
	}
	// 2022-001 holds every bloc; 2022-005 is absent, 2022-007 validated none:
	// neither of them would get an attestation, so neither is named.
	cases := []struct {
		name  string
		edit  func(s map[string]any)
		want  []string // candidate numbers named, in order
		words []string // in the first problem
	}{
		{"inside the registration", func(map[string]any) {}, nil, nil},
		{"issued on the last day", late("2023-01-26", ""), nil, nil},
		{"issued after, no debut_formation", late("2023-01-20", "2023-02-01"), []string{"2022-001", "2022-002", "2022-003", "2022-004", "2022-006"},
			[]string{"candidate 2022-001 (Élodie Marie LEFÈVRE-ŒUVRAY)", "01/02/2023", "26/01/2023", "RNCP36128", "RNCP37504", "debut_formation"}},
		{"deliberated after, training begun before", func(s map[string]any) {
			late("2023-03-01", "")(s)
			for i := range s["candidats"].([]any) {
				cand(s, i)["debut_formation"] = "2022-09-01"
			}
		}, nil, nil},
		{"deliberated after, one training begun after", func(s map[string]any) {
			late("2023-03-01", "")(s)
			for i := range s["candidats"].([]any) {
				cand(s, i)["debut_formation"] = "2023-01-26"
			}
			cand(s, 3)["debut_formation"] = "2023-01-27"
		}, []string{"2022-004"}, []string{"candidat 2022-004 (Théo N’GUESSAN)", "sa formation ayant commencé le 27/01/2023", "01/03/2023", "RNCP37504"}},
	}
	r := ref(t)
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s, _, err := Parse(edit(t, tc.edit), r, font)
			if err != nil {
				t.Fatal(err)
			}
			d := Deliberer(r, s)
			var got []string
			for _, rc := range d.Candidats {
				if rc.HorsEnregistrement != "" {
					got = append(got, rc.Candidat.Numero)
				}
			}
			if strings.Join(got, " ") != strings.Join(tc.want, " ") || len(d.Problemes) != len(tc.want) {
				t.Fatalf("candidates out of the registration: got %v (%d problems), want %v", got, len(d.Problemes), tc.want)
			}
			for _, w := range tc.words {
				if !strings.Contains(d.Problemes[0].Message, w) {
					t.Errorf("problem %q does not say %q", d.Problemes[0].Message, w)
				}
			}
			if len(tc.want) > 0 && !strings.HasSuffix(d.Problemes[0].Chemin, ".debut_formation") {
				t.Errorf("path %q, want the candidate's debut_formation", d.Problemes[0].Chemin)
			}
		})
	}
}

func TestDebutFormationChecked(t *testing.T) {
	for _, tc := range []struct{ value, want string }{
		{"2022-13-01", "date «\u00a02022-13-01\u00a0» impossible"},
		{"2022-12-01", "après la délibération"},
	} {
		_, _, err := Parse(edit(t, func(s map[string]any) { cand(s, 0)["debut_formation"] = tc.value }), ref(t), font)
		if err == nil || !strings.Contains(err.Error(), "candidats[0].debut_formation\u00a0: ") || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("debut_formation %s: got %v, want a problem saying %q", tc.value, err, tc.want)
		}
	}
}

// A candidate without a postal address is a warning: the letter would go
// out without one.
func TestWarningWithoutAddress(t *testing.T) {
	_, rep, err := Parse(edit(t, func(s map[string]any) {
		delete(cand(s, 2), "adresse")
		delete(cand(s, 3), "adresse")
	}), ref(t), font)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, w := range rep.Avertissements {
		got = append(got, w.String())
	}
	want := []string{
		"candidats[2].adresse\u00a0: candidate 2022-003 (Nadia L’HERMITTE) sans adresse postale\u00a0: sa lettre de résultats partira sans adresse (ajoutez-la pour l’envoi)",
		"candidats[3].adresse\u00a0: candidat 2022-004 (Théo N’GUESSAN) sans adresse postale\u00a0: sa lettre de résultats partira sans adresse (ajoutez-la pour l’envoi)",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("warnings:\n got %q\nwant %q", got, want)
	}
}
