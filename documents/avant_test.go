package documents

import (
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"

	"certidoc/fr"
	"certidoc/session"
)

// avant returns the papers before the jury of the example session, by
// folder and name.
func avant(t *testing.T) map[string]Document {
	t.Helper()
	r, s, _ := exemple(t, nil)
	out := map[string]Document{}
	n := 0
	for e := range AvantSession(r, s, nil, fr.MustDate("2022-09-19"), nil) {
		if e.File != nil {
			t.Errorf("AVERTISSEMENTS.txt without a warning")
			continue
		}
		out[e.Dir+"/"+e.Doc.Name] = e.Doc
		n++
	}
	if n != AvantSessionCount(s) {
		t.Errorf("%d documents, AvantSessionCount says %d", n, AvantSessionCount(s))
	}
	return out
}

// allText is every string of a document, joined.
func allText(d Document) string {
	var all []string
	texts(reflect.ValueOf(d), &all)
	return strings.Join(all, "\n")
}

// The papers before the jury follow French typography, as the others do.
func TestAvantSessionTypography(t *testing.T) {
	for name, d := range avant(t) {
		var all []string
		texts(reflect.ValueOf(d), &all)
		for _, txt := range all {
			if !utf8.ValidString(txt) {
				continue
			}
			for _, f := range typoFaults(txt) {
				t.Errorf("%s: %q", name, f)
			}
		}
	}
}

// Each paper says what it must: the convocation every sitting of the
// candidate with its time, what to bring and whom to contact; the
// attendance sheet every candidate convened and room for the evaluators;
// the planning every sitting; the jury's convocation the deliberation.
func TestAvantSessionContent(t *testing.T) {
	docs := avant(t)
	names := make([]string, 0, len(docs))
	for n := range docs {
		names = append(names, n)
	}
	for _, c := range []struct {
		doc  string
		want []string
		not  []string
	}{
		{"candidats/2022-002-de-la-roche-vidal-anselme/convocation", []string{
			"Objet\u00a0: convocation aux épreuves de la session CISP-2022-02",
			"vendredi 28\u00a0octobre 2022", "D-1 – ", "E-1 – ", "E-2 – ", "D-2 – ",
			"14\u00a0h\u00a030", // E-1: 2022-002 passes at 14 h 30
			"une pièce d’identité en cours de validité",
			"pour l’épreuve E-1, le 8\u00a0novembre 2022\u00a0: votre mémoire professionnel, support de la soutenance",
			"à remettre le 10\u00a0novembre 2022",
			"Mme Nadia Ferrand, référente handicap du centre",
			"Lieu des épreuves\u00a0: Centre de formation, 10 rue des Exemples, 69007 Lyon.",
		}, []string{"A-1 – ", "B-1 – ", "C-1 – "}},
		{"emargements/emargement-b1", []string{"Feuille d’émargement", "Séance B1 – épreuve B-1", "Passage", "Signature", "Absent",
			"2022-001", "2022-003", "2022-004", "2022-005", "2022-006", "9\u00a0h\u00a040", "Claire FONTANEL", "Hugo MARCHETTI"}, []string{"2022-002", "2022-007", "Signature au départ"}},
		{"emargements/emargement-a1", []string{"Signature à l’arrivée", "Signature au départ", "Copies remises"}, []string{"Passage"}},
		{"emargements/emargement-d2", []string{"Signature à la remise du dossier"}, []string{"Signature au départ"}},
		{"/planning", []string{"Planning de la session CISP-2022-02", "A1", "B1", "A2", "B2", "C1", "D1", "C2", "E1", "E2", "D2", "Délibération du jury",
			"jeudi 24\u00a0novembre 2022 à 14\u00a0h\u00a030"}, nil},
		{"jury/convocation-jury-vasseur-diop-helene", []string{"Madame Hélène VASSEUR-DIOP", "en qualité de présidente du jury", "jeudi 24\u00a0novembre 2022 à 14\u00a0h\u00a030",
			"Salle Condorcet", "7\u00a0candidats", "12 avenue des Essais"}, nil},
		{"jury/convocation-jury-ravel-sophie", []string{"en qualité de membre,"}, nil},
	} {
		d, ok := docs[c.doc]
		if !ok {
			t.Errorf("no %s among %v", c.doc, names)
			continue
		}
		text := allText(d)
		for _, w := range c.want {
			if !strings.Contains(text, w) {
				t.Errorf("%s lacks %q", c.doc, w)
			}
		}
		for _, w := range c.not {
			if strings.Contains(text, w) {
				t.Errorf("%s holds %q", c.doc, w)
			}
		}
	}
}

// A session without a planning has no papers before the jury.
func TestAvantSessionCountWithoutPlanning(t *testing.T) {
	if n := AvantSessionCount(&session.Session{}); n != 0 {
		t.Errorf("AvantSessionCount without a planning = %d", n)
	}
}
