package documents

import (
	"reflect"
	"strings"
	"testing"
)

func docText(doc Document) string {
	var all []string
	texts(reflect.ValueOf(doc), &all)
	return strings.Join(all, "\n")
}

// The PV names each candidate with the birth date, and the birth name when
// a usage name differs; so do the letter and the completed grids.
func TestIdentityOnDecidingDocuments(t *testing.T) {
	r, s, d := exemple(t, func(j string) string {
		// give 2022-001 a usage name, to see it on a completed grid
		return strings.Replace(j, `"nom_naissance": "Lefèvre-Œuvray",`, `"nom_naissance": "Lefèvre-Œuvray", "nom_usage": "Martin",`, 1)
	})
	pv := docText(PV(r, s, d, nil))
	for _, c := range s.Candidats {
		if want := c.Naissance.Date.Courte(); !strings.Contains(pv, want) {
			t.Errorf("PV lacks the birth date of %s (%s)", c.Numero, want)
		}
	}
	for _, want := range []string{"Inès GOULARD\nnée BAPTISTE le 29/02/1988", "Élodie Marie MARTIN\nnée LEFÈVRE-ŒUVRAY le 17/04/1991", "Théo N’GUESSAN\nné le 14/07/2000"} {
		if !strings.Contains(pv, want) {
			t.Errorf("PV lacks %q", want)
		}
	}
	letter := docText(Notification(r, s, candidate(t, d, "2022-005"), nil))
	if !strings.Contains(letter, "Candidate n°\u00a02022-005\u00a0: Madame Inès GOULARD, née BAPTISTE le 29\u00a0février\u00a01988 à Grenoble (38)") {
		t.Errorf("the letter of 2022-005 does not name her birth name:\n%s", letter)
	}
	holder := candidate(t, d, "2022-001").Candidat
	for _, doc := range []Document{Parchemin(r, s, holder, nil, nil), Attestation(r, s, &r.Blocs[0], holder, nil, nil)} {
		if !strings.Contains(docText(doc), "Madame Élodie Marie MARTIN\nnée LEFÈVRE-ŒUVRAY le 17\u00a0avril\u00a01991 à Villeurbanne (69)") {
			t.Errorf("%s does not name the birth name:\n%s", doc.Name, docText(doc))
		}
	}
	b, _ := r.Bloc("B")
	e, _ := b.Epreuve(1)
	if g := docText(GrilleRemplie(r, b, e, candidate(t, d, "2022-001").Candidat)); !strings.Contains(g, "Élodie Marie MARTIN, née LEFÈVRE-ŒUVRAY (n°\u00a02022-001)") {
		t.Errorf("the completed grid does not name the birth name:\n%s", g)
	}
}

// A letter with a bloc not validated says what fell short, the jury's
// motif where it departed from the grids, and how to appeal; a letter
// without one has no appeal paragraph.
func TestLetterReasonsAndAppeal(t *testing.T) {
	r, s, d := exemple(t, nil)
	for _, c := range []struct {
		num       string
		want, not []string
	}{
		// a compétence is feminine: "partiellement acquise", "non acquise"
		{"2022-003", []string{"Bloc D non validé", "Les grilles d’évaluation n’ont pas retenu le niveau «\u00a0Acquis\u00a0» pour les compétences suivantes\u00a0:",
			"Compétence 4.4 (épreuve D-2)\u00a0: partiellement acquise – Grille d’observation incomplète\u00a0: les tâches",
			"Bloc E non validé", "Compétence 5.9 (épreuve E-1)\u00a0: partiellement acquise – critère\u00a0: la méthodologie", "Compétence 5.10 (épreuve E-1)\u00a0: non acquise", "Voie de recours", "dans les deux mois", "règlement de certification",
			// the certifier named without an article it would need
			"adressé à l’organisme certificateur (CENTRE RESSOURCES AROBASE, 10 rue des Exemples, 69007 Lyon) dans les deux mois"},
			[]string{"partiellement acquis –", "non acquis\n", "jugés", "adressé à CENTRE"}},
		// the jury's motif quoted, as typed, after a colon
		{"2022-006", []string{"Bloc B non validé", "Les grilles d’évaluation avaient retenu le niveau «\u00a0Acquis\u00a0» pour chacune des compétences évaluées.",
			"Le jury, souverain, n’a pas validé ce bloc, contrairement à la proposition des grilles, pour le motif suivant\u00a0: «\u00a0À l’oral, la candidate", "ne faisait pas apparaître.\u00a0»", "Voie de recours"},
			[]string{"décidé autrement", "grilles\u00a0: À"}},
		{"2022-007", []string{"Bloc C non validé", "Bloc D non validé", "Voie de recours"}, nil},
		{"2022-001", nil, []string{"Voie de recours", "non validé"}},
		// absent: nothing was judged, nothing was presented
		{"2022-005", []string{"a délibéré sur les résultats de la session CISP-2022-02, à laquelle vous étiez inscrite aux blocs A et B.", "Absente aux épreuves de cette session, vous n’avez pas été évaluée."},
			[]string{"Voie de recours", "présentés"}},
	} {
		letter := docText(Notification(r, s, candidate(t, d, c.num), nil))
		for _, w := range c.want {
			if !strings.Contains(letter, w) {
				t.Errorf("letter of %s lacks %q", c.num, w)
			}
		}
		for _, w := range c.not {
			if strings.Contains(letter, w) {
				t.Errorf("letter of %s says %q", c.num, w)
			}
		}
	}
	s.Certificateur.Recours = "Recours auprès de la commission d’appel, sous un mois."
	if letter := docText(Notification(r, s, candidate(t, d, "2022-003"), nil)); !strings.Contains(letter, s.Certificateur.Recours) || strings.Contains(letter, "deux mois") {
		t.Errorf("certificateur.recours is not the letter's appeal route:\n%s", letter)
	}
	// Typed by the secrétariat, it is printed with French typography.
	s.Certificateur.Recours = "Recours : écrivez au « président du jury » ; sous un mois !"
	letter := docText(Notification(r, s, candidate(t, d, "2022-003"), nil))
	if want := "Recours\u00a0: écrivez au «\u00a0président du jury\u00a0»\u202f; sous un mois\u202f!"; !strings.Contains(letter, want) {
		t.Errorf("the appeal route is not typeset: want %q in\n%s", want, letter)
	}
}
