package session

import (
	"slices"
	"strings"
	"testing"
)

// The address block of a letter holds in the window of a DL envelope: six
// lines of 38 characters at most; a deeper or wider address is warned,
// naming the candidate. The last line is written in capitals, without
// accents nor punctuation; the name's line is not measured.
func TestAdresseFenetre(t *testing.T) {
	for _, c := range []struct {
		name    string
		adresse []any
		warning string // "" for none
	}{
		{"as it is", nil, ""},
		{"five lines and the name: six", []any{"Résidence Les Tilleuls", "Escalier B", "Appartement 12", "8 allée des Tilleuls", "69100 Villeurbanne"}, ""},
		{"seven lines", []any{"Résidence Les Tilleuls", "Escalier B", "Appartement 12", "Porte 3", "8 allée des Tilleuls", "69100 Villeurbanne"},
			"candidate 2022-001 (Élodie Marie LEFÈVRE-ŒUVRAY)\u00a0: adresse trop grande pour la fenêtre d’une enveloppe DL (7\u00a0lignes, 6 au plus)"},
		{"a line of 40 characters", []any{"Résidence des Grands Tilleuls, escaliers", "69100 Villeurbanne"},
			"candidate 2022-001 (Élodie Marie LEFÈVRE-ŒUVRAY)\u00a0: adresse trop grande pour la fenêtre d’une enveloppe DL (une ligne de 40\u00a0caractères, 38 au plus)"},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, rep, err := Parse(edit(t, func(s map[string]any) {
				if c.adresse != nil {
					cand(s, 0)["adresse"] = c.adresse
				}
			}), ref(t), font)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, w := range rep.Avertissements {
				if w.Chemin == "candidats[0].adresse" {
					got = append(got, w.Message)
				}
			}
			switch {
			case c.warning == "" && len(got) > 0:
				t.Errorf("warned: %q", got)
			case c.warning != "" && (len(got) != 1 || !strings.HasPrefix(got[0], c.warning)):
				t.Errorf("warnings %q, want one starting %q", got, c.warning)
			}
		})
	}
	c := Candidat{Civilite: "Mme", Prenoms: "Élodie Marie", NomNaissance: "Lefèvre-Œuvray", Adresse: []string{"12 chemin de la Combe", "69360  Saint-Symphorien-d’Ozon "}}
	if got, want := c.AdressePostale(), []string{"Madame Élodie LEFÈVRE-ŒUVRAY", "12 chemin de la Combe", "69360 SAINT SYMPHORIEN D OZON"}; !slices.Equal(got, want) {
		t.Errorf("AdressePostale: got %q, want %q", got, want)
	}
}
