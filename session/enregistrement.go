package session

import (
	"fmt"

	"certidoc/referentiel"
)

// registration checks, for every candidate who would receive an
// attestation or a parchemin, that the certification is still registered
// on the date of issue, or that the candidate's training began on or before
// the end of the registration (Code du travail L6113-9; France
// compétences, note of 25 January 2021 on the effects of registration).
// A candidate who fails gets HorsEnregistrement and a problem naming them,
// the dates and the successor certification.
func registration(ref *referentiel.Referentiel, s *Session, d *Resultats) {
	cert := ref.Certification
	issue := s.Session.Delivrance()
	if cert.DateEcheance.IsZero() || !issue.After(cert.DateEcheance) {
		return
	}
	successor := ""
	if cert.Successeur != "" {
		successor = fmt.Sprintf(" La certification qui succède à %s est %s.", cert.CodeRNCP, cert.Successeur)
	}
	for i := range d.Candidats {
		rc := &d.Candidats[i]
		c := rc.Candidat
		if !rc.wouldReceive() || (!c.DebutFormation.IsZero() && !c.DebutFormation.After(cert.DateEcheance)) {
			continue
		}
		why := fmt.Sprintf("sans date de début de formation (debut_formation) au plus tard le %s", cert.DateEcheance.Courte())
		if !c.DebutFormation.IsZero() {
			why = fmt.Sprintf("sa formation ayant commencé le %s, après cette fin", c.DebutFormation.Courte())
		}
		rc.HorsEnregistrement = fmt.Sprintf("%s %s (%s)\u00a0: délivrance le %s, après la fin de l’enregistrement de %s au RNCP le %s\u202f; %s, ni attestation ni parchemin ne peuvent lui être délivrés.%s",
			c.Sexe.Accord("candidat", "candidate"), c.Numero, c.NomComplet(), issue.Courte(), cert.CodeRNCP, cert.DateEcheance.Courte(), why, successor)
		d.Problemes = append(d.Problemes, Probleme{Chemin: fmt.Sprintf("candidats[%d].debut_formation", i), Message: rc.HorsEnregistrement})
	}
}

// wouldReceive tells whether the candidate gets (or, while the jury has
// not decided, would get by the grids' proposals) an attestation or a
// parchemin from this session.
func (r *ResultatCandidat) wouldReceive() bool {
	for _, e := range r.Blocs {
		if e.Statut != Presente {
			continue
		}
		if e.Decision == DecisionValide || (e.Decision == "" && e.Proposition == Validee) {
			return true
		}
	}
	return false
}
