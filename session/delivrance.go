package session

import (
	"strings"

	"certidoc/fr"
	"certidoc/referentiel"
)

// Delivrance is a paper that grants a level, issued to a candidate "au vu
// de la décision du jury": the attestation of one bloc, or the parchemin
// when Bloc is nil.
type Delivrance struct {
	Bloc   *referentiel.Bloc
	Numero string // NumeroDocument
}

// Delivrances lists the attestations and the parchemin the jury's decisions
// give one candidate of the session, in the référentiel's order, the
// parchemin last: an attestation per bloc validated this session, the
// parchemin when the candidate holds every bloc; none while any decision of
// the session is missing, nor after the end of the registration for a
// candidate whose training began after it (HorsEnregistrement). The
// documents' catalogue gives the same papers, with the reason of each one
// refused.
func (d *Resultats) Delivrances(s *Session, rc *ResultatCandidat) []Delivrance {
	if d.Preparatoire || rc.Resultat == EnAttente || rc.HorsEnregistrement != "" {
		return nil
	}
	var out []Delivrance
	for _, b := range rc.Valides() {
		out = append(out, Delivrance{Bloc: b, Numero: NumeroDocument(s, rc.Candidat, b)})
	}
	if rc.Resultat == Totale {
		out = append(out, Delivrance{Numero: NumeroDocument(s, rc.Candidat, nil)})
	}
	return out
}

// NumeroDocument is a document's number, the same for the same session,
// candidate and bloc ("CISP-2022-02-2022-001-BC02"); the parchemin's ends
// with CERT.
func NumeroDocument(s *Session, c *Candidat, b *referentiel.Bloc) string {
	suffix := "CERT"
	if b != nil {
		suffix = b.Code[strings.LastIndex(b.Code, "BC"):]
	}
	return strings.ToUpper(fr.Slug(s.Session.Identifiant) + "-" + fr.Slug(c.Numero) + "-" + suffix)
}
