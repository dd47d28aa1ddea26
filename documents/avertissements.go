package documents

import (
	"fmt"
	"strings"

	"certidoc/fr"
	"certidoc/referentiel"
	"certidoc/session"
)

// AvertissementsName is the name of the text file at the root of a
// dossier that says what to check before anything is printed or issued.
const AvertissementsName = "AVERTISSEMENTS.txt"

// Avertissements writes, in French and plain text, what the dossier's
// reader must know before printing or issuing anything: the référentiel's
// facts not verified yet, the documents not made and why, and the
// session's warnings. It returns nil when there is nothing to say. Lines
// end with CR LF, for the Notepad of any Windows.
func Avertissements(r *referentiel.Referentiel, s *session.Session, d *session.Resultats, warnings []session.Probleme) []byte {
	faits := r.AVerifierFaits()
	if len(faits) == 0 && len(d.Problemes) == 0 && len(warnings) == 0 {
		return nil
	}
	var b strings.Builder
	line := func(format string, args ...any) { fmt.Fprintf(&b, format+"\r\n", args...) }
	line("Dossier de la session %s – %s (%s)", s.Session.Identifiant, r.Certification.Intitule, r.Certification.CodeRNCP)
	line("À lire avant d’imprimer, de signer ou de remettre un document.")
	if len(faits) > 0 {
		line("")
		line("%s\u00a0:", fr.Nombre(len(faits), "fait du référentiel à vérifier", "faits du référentiel à vérifier"))
		for _, f := range faits {
			line("- %s\u00a0: %s", f.Champ, f.Message)
		}
	}
	if len(d.Problemes) > 0 {
		line("")
		line("%s\u00a0:", fr.Nombre(len(d.Problemes), "candidat sans attestation, parchemin ni lettre dans ce dossier", "candidats sans attestation, parchemin ni lettre dans ce dossier"))
		for _, p := range d.Problemes {
			line("- %s", upperFirst(p.Message))
		}
	}
	if len(warnings) > 0 {
		line("")
		line("%s\u00a0:", fr.Nombre(len(warnings), "point d’attention", "points d’attention"))
		for _, w := range warnings {
			line("- %s\u00a0: %s", w.Chemin, w.Message)
		}
	}
	return []byte(b.String())
}
