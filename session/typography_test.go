package session

import (
	"errors"
	"strings"
	"testing"

	"certidoc/internal/testtool"
)

// Every problem and warning the session's validation writes — malformed
// JSON, each kind of problem, the jury's warnings, the registration
// period — has its no-break spaces: « x », "chemin : message", "; ! ?".
func TestMessagesTypography(t *testing.T) {
	r := ref(t)
	for _, data := range []string{"", "{\n  \"session\": {", "{\"jury\": [,]}", "{} {}", "{\"incidents\": [\"caf\xe9\"]}", `{"inconnu": 1}`} {
		_, _, err := Parse([]byte(data), r, font)
		if err == nil {
			t.Fatalf("%q accepted", data)
		}
		testtool.CheckTypo(t, "malformed "+data, err.Error())
	}
	many := func(s map[string]any) {
		in := s["session"].(map[string]any)
		in["identifiant"] = ""
		in["epreuves_du"] = "2022-02-30"
		in["deliberation"].(map[string]any)["heure"] = "14h"
		s["jury"].([]any)[0].(map[string]any)["role"] = "chef"
		s["certificateur"].(map[string]any)["code_postal"] = "123"
		s["signataire"].(map[string]any)["qualite"] = ""
		c0 := cand(s, 0)
		c0["sexe"], c0["civilite"], c0["voie_acces"] = "X", "Monsieur", "alternance"
		c0["prenoms"] = "Élodie 😀"
		c0["blocs_presentes"] = []any{"A", "F"}
		ev := c0["evaluations"].([]any)[0].(map[string]any)
		ev["criteres"].([]any)[0].(map[string]any)["competence"] = "2.1"
		ev["criteres"].([]any)[1].(map[string]any)["niveau"] = "B+"
		ev["evaluateurs"] = []any{}
		c0["decisions"].([]any)[0].(map[string]any)["decision"] = "ajourné"
		cand(s, 1)["numero"] = "2022-001"
		cand(s, 1)["blocs_acquis"].([]any)[0].(map[string]any)["bloc"] = "D"
		cand(s, 1)["naissance"].(map[string]any)["pays"] = "be"
		cand(s, 2)["naissance"].(map[string]any)["code_insee"] = "6926"
		cand(s, 2)["nom_usage"] = strings.Repeat("a", 61)
		cand(s, 2)["debut_formation"] = "2030-01-01"
		delete(cand(s, 3)["decisions"].([]any)[1].(map[string]any), "motif")
		cand(s, 4)["naissance"].(map[string]any)["date"] = "2020-01-01"
		cand(s, 4)["blocs_presentes"] = []any{}
	}
	_, _, err := Parse(edit(t, many), r, font)
	var rep *Report
	if !errors.As(err, &rep) || len(rep.Problemes) < 20 {
		t.Fatalf("got %v, want 20 problems at least", err)
	}
	testtool.CheckTypo(t, "problems", err.Error())

	warnings := func(s map[string]any) {
		for _, m := range s["jury"].([]any) {
			m.(map[string]any)["role"], m.(map[string]any)["externe"], m.(map[string]any)["civilite"] = "membre", false, "Mme"
		}
		m := s["jury"].([]any)[2].(map[string]any)
		m["prenom"], m["nom"] = "claire", "FONTANEL"
		cand(s, 2)["preconisations"] = "Très bien 👍"
		cand(s, 2)["evaluations"] = []any{}
		delete(cand(s, 2), "decisions")
		in := s["session"].(map[string]any)
		in["deliberation"].(map[string]any)["date"] = "2023-03-01"
	}
	s, rep, err := Parse(edit(t, warnings), r, font)
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Avertissements) < 5 {
		t.Fatalf("want 5 warnings at least, got %v", rep.Avertissements)
	}
	for _, w := range rep.Avertissements {
		testtool.CheckTypo(t, "warning", w.String())
	}
	for _, p := range Deliberer(r, s).Problemes {
		testtool.CheckTypo(t, "registration", p.String())
	}
}
