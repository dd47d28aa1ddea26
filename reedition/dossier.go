package reedition

import (
	"fmt"
	"iter"
	"strings"

	"certidoc/documents"
	"certidoc/fr"
	"certidoc/referentiel"
	"certidoc/registre"
	"certidoc/session"
)

// withoutRevoked leaves the revoked documents out of a dossier remade from
// the registre: a fresh paper of a revoked document would pass for a
// valid one. AVERTISSEMENTS.txt (made when the dossier had none) names
// each of them, its code, the date and the reason of its revocation.
func withoutRevoked(all iter.Seq[documents.Entry], revoked []registre.Entry, ref *referentiel.Referentiel, s *session.Session) iter.Seq[documents.Entry] {
	if len(revoked) == 0 {
		return all
	}
	out := map[string]bool{}
	for _, e := range revoked {
		out[e.Numero] = true
	}
	section := revocations(revoked)
	return func(yield func(documents.Entry) bool) {
		first := true
		for e := range all {
			if first {
				first = false
				if e.File != nil && e.File.Name == documents.AvertissementsName {
					data := append(append([]byte{}, e.File.Data...), section...)
					e.File = &documents.File{Name: e.File.Name, Data: data}
				} else {
					head := fmt.Sprintf("Dossier de la session %s – %s (%s)\r\nÀ lire avant d’imprimer, de signer ou de remettre un document.\r\n",
						s.Session.Identifiant, ref.Certification.Intitule, ref.Certification.CodeRNCP)
					if !yield(documents.Entry{File: &documents.File{Name: documents.AvertissementsName, Data: []byte(head + section)}}) {
						return
					}
				}
			}
			if e.Numero != "" && out[e.Numero] {
				continue
			}
			if !yield(e) {
				return
			}
		}
	}
}

// revocations writes the part of AVERTISSEMENTS.txt that names the revoked
// documents, lines ending with CR LF.
func revocations(revoked []registre.Entry) string {
	var b strings.Builder
	line := func(format string, args ...any) { fmt.Fprintf(&b, format+"\r\n", args...) }
	line("")
	line("%s\u00a0:", fr.Nombre(len(revoked), "document révoqué, laissé hors de ce dossier", "documents révoqués, laissés hors de ce dossier"))
	for _, e := range revoked {
		kind, accord := "attestation", "révoquée"
		if e.Nature == registre.Parchemin {
			kind, accord = "parchemin", "révoqué"
		}
		line("- %s n°\u00a0%s (code %s), %s\u00a0: %s le %s, motif\u00a0: %s", kind, e.Numero, e.CodeAffiche(), e.Titulaire, accord,
			e.DateRevocation().Longue(), e.Motif)
	}
	if len(revoked) == 1 {
		line("Ce document n’a plus de valeur et son code répond «\u00a0révoqué\u00a0» à la vérification\u00a0: ne l’imprimez pas depuis un autre dossier, ne remettez pas de lettre qui l’annonce.")
	} else {
		line("Ces documents n’ont plus de valeur et leurs codes répondent «\u00a0révoqué\u00a0» à la vérification\u00a0: ne les imprimez pas depuis un autre dossier, ne remettez pas de lettre qui les annonce.")
	}
	return b.String()
}
