package accrochage

import (
	"bytes"
	"encoding/json"
	"errors"
	"math/rand/v2"
	"os"
	"strings"
	"testing"

	"certidoc/fr"
	"certidoc/generator"
	"certidoc/session"
)

// For every session validation accepts, the flux is well-formed and valid
// against the CDC's XSD, or Check lists the fields to fix (a 422): never a
// flux that the CDC would refuse. Regressions: control characters and
// U+FFFE in names and communes made XML that does not parse; an
// idTechnique over 255 characters and a 100-character country name made
// XML that does not validate. Random identities draw from tricky
// characters, those the font lacks included, with lengths around the
// schema's limits.
func TestFluxValidForEveryAcceptedSession(t *testing.T) {
	ref, _ := load(t)
	base, err := os.ReadFile("../testdata/session-exemple.json")
	if err != nil {
		t.Fatal(err)
	}
	good := []rune("aZéÉœŒ-' &<>\"’ÿĀſȘșẾễΩжЖ\u00a0\u0301")
	bad := []rune("\u0001\u000b\t\n\ufffe\u0085😀")
	rng := rand.New(rand.NewPCG(13, 13))
	text := func(maxLen int) string {
		n := 1 + rng.IntN(maxLen)
		var b strings.Builder
		for range n {
			if rng.IntN(4) == 0 {
				b.WriteRune(good[rng.IntN(len(good))])
			} else {
				b.WriteRune(rune('a' + rng.IntN(26)))
			}
		}
		if rng.IntN(15) == 0 {
			b.WriteRune(bad[rng.IntN(len(bad))])
		}
		return b.String()
	}
	valid, refused, invalid := 0, 0, 0
	for i := range 80 {
		var doc map[string]any
		if err := json.Unmarshal(base, &doc); err != nil {
			t.Fatal(err)
		}
		if rng.IntN(3) == 0 {
			doc["session"].(map[string]any)["identifiant"] = text(110)
		}
		delete(doc, "planning")          // it convenes the candidates by their numbers, drawn anew below
		for _, ci := range []int{0, 1} { // the two holders of the example
			c := doc["candidats"].([]any)[ci].(map[string]any)
			c["nom_naissance"] = text(64)
			c["prenoms"] = text(64) + " " + text(64)
			c["numero"] = text(55)
			n := c["naissance"].(map[string]any)
			n["commune"] = text(64)
			if ci == 1 { // born abroad
				n["pays"], n["pays_libelle"] = "BEL", text(64)
				delete(n, "code_insee")
			}
		}
		data, _ := json.Marshal(doc)
		s, _, err := session.Parse(data, ref, generator.Font())
		var report *session.Report
		if errors.As(err, &report) {
			invalid++
			continue
		}
		if err != nil {
			t.Fatalf("case %d: %v", i, err)
		}
		d := session.Deliberer(ref, s)
		if p := Check(s, d); len(p) > 0 {
			refused++
			continue
		}
		var buf bytes.Buffer
		if err := Write(&buf, cfg, ref, s, d, now, NewFluxID(now)); err != nil {
			t.Fatalf("case %d: %v", i, err)
		}
		xsd(t, buf.Bytes())
		valid++
	}
	t.Logf("%d fluxes valid against the XSD, %d refused by Check, %d sessions invalid", valid, refused, invalid)
	if valid < 5 {
		t.Errorf("only %d sessions reached the XSD: the generator is too harsh", valid)
	}
}

// Check refuses, by field, what would make the flux malformed or invalid,
// even for a session that did not go through validation.
func TestCheckGuardsTheXML(t *testing.T) {
	for _, c := range []struct {
		name, path string
		edit       func(s *session.Session)
	}{
		{"control character", "candidats[0].nom_naissance", func(s *session.Session) { s.Candidats[0].NomNaissance = "Du\u0001pont" }},
		{"non-character", "candidats[0].naissance.commune", func(s *session.Session) { s.Candidats[0].Naissance.Commune = "Lyon\ufffe" }},
		{"long idTechnique", "candidats[0].numero", func(s *session.Session) { s.Candidats[0].Numero = strings.Repeat("9", 250) }},
		{"long country name", "candidats[1].naissance.pays_libelle", func(s *session.Session) {
			s.Candidats[1].Naissance.Pays, s.Candidats[1].Naissance.PaysLibelle = "BEL", strings.Repeat("x", 100)
		}},
		{"empty commune", "candidats[0].naissance.commune", func(s *session.Session) { s.Candidats[0].Naissance.Commune = "" }},
		{"year 2150", "session.epreuves_du", func(s *session.Session) { s.Session.EpreuvesDu = fr.MustDate("2150-01-01") }},
	} {
		t.Run(c.name, func(t *testing.T) {
			ref, s := load(t)
			c.edit(s)
			found := false
			for _, p := range Check(s, session.Deliberer(ref, s)) {
				found = found || p.Chemin == c.path
			}
			if !found {
				t.Errorf("Check does not name %s", c.path)
			}
		})
	}
}
