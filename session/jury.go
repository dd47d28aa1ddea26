package session

import (
	"fmt"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"

	"certidoc/fr"
)

// juryWarnings checks the jury's composition against common RNCP practice
// and, for VAE, the Code du travail (D6412-6). They are warnings: the body
// decides, but the PV should not be signed without a look.
func (c *checker) juryWarnings(s *Session) {
	presidents, voting, external := 0, 0, 0
	women, men := false, false
	for _, m := range s.Jury {
		if m.Role == RolePresident {
			presidents++
		}
		if m.VoixDeliberative {
			voting++
			if m.Externe {
				external++
			}
			women = women || m.Civilite == Madame
			men = men || m.Civilite == Monsieur
		}
	}
	switch {
	case presidents == 0:
		c.warn("jury", "aucun président\u00a0: désignez un président du jury (rôle «\u00a0president\u00a0»)")
	case presidents > 1:
		c.warn("jury", "%d présidents\u00a0: un seul président par jury", presidents)
	}
	if len(s.Jury) < 2 {
		c.warn("jury", "le jury compte %s\u00a0: au moins deux sont attendus", fr.Nombre(len(s.Jury), "membre", "membres"))
	}
	if voting > 0 && 2*external < voting {
		c.warn("jury", "%s sur %d ayant voix délibérative\u00a0: au moins la moitié devraient être extérieurs à l’organisme de formation", fr.Nombre(external, "membre externe", "membres externes"), voting)
	}
	vae := false
	for _, cand := range s.Candidats {
		vae = vae || cand.Voie == VoieVAE
	}
	if vae && !(women && men) {
		c.warn("jury", "un jury de VAE doit compter des femmes et des hommes parmi ses membres votants (Code du travail, D6412-6)")
	}
	for i, m := range s.Jury {
		who := foldName(m.Prenom + " " + m.Nom)
		for _, cand := range s.Candidats {
			for _, f := range cand.Formateurs {
				if foldName(f) == who {
					c.warn(fmt.Sprintf("jury[%d]", i), "%s %s a formé le candidat %s (%s)\u00a0: ce membre ne doit pas délibérer sur ce candidat", m.Prenom, m.Nom, cand.Numero, cand.NomComplet())
				}
			}
		}
	}
}

// foldName folds case, accents and spacing so that "Élise  Durand" and
// "elise durand" compare equal.
func foldName(s string) string {
	var b strings.Builder
	for _, r := range norm.NFD.String(s) {
		if unicode.Is(unicode.Mn, r) {
			continue
		}
		b.WriteRune(unicode.ToLower(r))
	}
	return strings.Join(strings.Fields(b.String()), " ")
}

func upper(s string) string { return strings.ToUpper(s) }
