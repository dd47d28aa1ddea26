package session

import (
	"errors"
	"strings"
	"testing"
)

// Every text field has a maximum length, and identity fields hold only
// characters the documents' font prints: a problem naming the field and
// the character. In free text such a character is a warning (it prints as
// □). Regressions: an emoji in a first name made every PDF panic while
// /valider called the session valid; a 200,000-character name took seconds
// to lay out; control characters reached the accrochage XML.
func TestTextLimitsAndCharacters(t *testing.T) {
	for _, c := range []struct {
		name    string
		edit    func(s map[string]any)
		path    string
		message string // a problem; "" when the session stays valid
		warning string // a warning expected
	}{
		{"emoji in a first name", func(s map[string]any) { cand(s, 0)["prenoms"] = "Élodie 😀" },
			"candidats[0].prenoms", "«\u00a0😀\u00a0» (U+1F600) absent de la police", ""},
		{"control character in a commune", func(s map[string]any) { cand(s, 1)["naissance"].(map[string]any)["commune"] = "Ly\u0001on" },
			"candidats[1].naissance.commune", "U+0001 (invisible)", ""},
		{"vertical tab in a name", func(s map[string]any) { cand(s, 1)["nom_naissance"] = "Du\u000bpont" },
			"candidats[1].nom_naissance", "U+000B", ""},
		{"non-character in a name", func(s map[string]any) { cand(s, 1)["nom_naissance"] = "Dupont\ufffe" },
			"candidats[1].nom_naissance", "U+FFFE", ""},
		{"line break in a certifier's name", func(s map[string]any) { s["certificateur"].(map[string]any)["raison_sociale"] = "A\nB" },
			"certificateur.raison_sociale", "U+000A", ""},
		{"name of 151 characters", func(s map[string]any) { cand(s, 2)["nom_naissance"] = strings.Repeat("a", 151) },
			"candidats[2].nom_naissance", "texte trop long (151 caractères)\u00a0: 150 au plus", ""},
		// The Caisse des Dépôts' 60 characters are the accrochage's
		// business: the documents take a real name of 66.
		{"birth name of 66 characters", func(s map[string]any) {
			cand(s, 2)["nom_naissance"] = "Wolfeschlegelsteinhausenbergerdorff-Oyarzábal de Montmorency-Laval"
		}, "", "", ""},
		{"name of 200,000 characters", func(s map[string]any) { cand(s, 2)["nom_usage"] = strings.Repeat("é", 200_000) },
			"candidats[2].nom_usage", "texte trop long (200000 caractères)", ""},
		{"one first name of 151 characters", func(s map[string]any) { cand(s, 2)["prenoms"] = "Zoé " + strings.Repeat("b", 151) },
			"candidats[2].prenoms", "prénom de 151 caractères", ""},
		{"country name of 100 characters", func(s map[string]any) {
			n := cand(s, 3)["naissance"].(map[string]any)
			n["pays"], n["pays_libelle"], n["code_insee"] = "BEL", strings.Repeat("Belgique ", 20)[:160], ""
		}, "candidats[3].naissance.pays_libelle", "texte trop long (160 caractères)\u00a0: 150 au plus", ""},
		{"candidate number of 300 characters", func(s map[string]any) { cand(s, 3)["numero"] = strings.Repeat("9", 300) },
			"candidats[3].numero", "texte trop long (300 caractères)\u00a0: 50 au plus", ""},
		{"address line of 5,000 characters", func(s map[string]any) { cand(s, 0)["adresse"] = []any{strings.Repeat("rue ", 1250)} },
			"candidats[0].adresse[0]", "texte trop long (5000 caractères)\u00a0: 200 au plus", ""},
		{"comment too long", func(s map[string]any) { cand(s, 2)["preconisations"] = strings.Repeat("é", MaxTexte+1) },
			"candidats[2].preconisations", "texte trop long", ""},
		{"emoji in a comment: a warning", func(s map[string]any) { cand(s, 2)["preconisations"] = "Très bien 👍\nà suivre" },
			"candidats[2].preconisations", "", "«\u00a0👍\u00a0» (U+1F44D) absent de la police des documents\u00a0: il est imprimé «\u00a0□\u00a0»"},
		{"criterion's comment too long", func(s map[string]any) {
			ev := cand(s, 1)["evaluations"].([]any)[1].(map[string]any)
			ev["criteres"].([]any)[2].(map[string]any)["commentaire"] = strings.Repeat("x", MaxTexte+1)
		}, "candidats[1].evaluations[1].criteres[2].commentaire", "texte trop long", ""},
		{"Vietnamese and Romanian names print", func(s map[string]any) { cand(s, 0)["prenoms"] = "Ștefan"; cand(s, 0)["nom_naissance"] = "Nguyễn" },
			"", "", ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, rep, err := Parse(edit(t, c.edit), ref(t), font)
			if c.message == "" {
				if err != nil {
					t.Fatalf("refused: %v", err)
				}
				if c.warning != "" && !hasProbleme(rep.Avertissements, c.path, c.warning) {
					t.Errorf("no warning %s %q in %v", c.path, c.warning, rep.Avertissements)
				}
				return
			}
			var report *Report
			if !errors.As(err, &report) {
				t.Fatalf("got %v, want a report", err)
			}
			if !hasProbleme(report.Problemes, c.path, c.message) {
				t.Errorf("no problem %s %q in %v", c.path, c.message, report.Problemes)
			}
		})
	}
}

func hasProbleme(ps []Probleme, path, msg string) bool {
	for _, p := range ps {
		if p.Chemin == path && strings.Contains(p.Message, msg) {
			return true
		}
	}
	return false
}
