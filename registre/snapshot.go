package registre

import (
	"encoding/json"

	"certidoc/referentiel"
	"certidoc/session"
)

// Snapshot reads a closing's snapshot back as the session it recorded,
// deliberated, with the warnings the current validation gives.
func (c *Closing) Snapshot(ref *referentiel.Referentiel) (*session.Session, *session.Resultats, []session.Probleme, error) {
	var s session.Session
	if err := json.Unmarshal(c.Contenu, &s); err != nil {
		return nil, nil, nil, newError(ErrCorrupt, err, "l’instantané de la session %s (version %d) est illisible dans le registre", c.Session, c.Version)
	}
	s.Certification = c.ReferentielCode
	var warnings []session.Probleme
	if rep := session.Validate(&s, ref); rep != nil {
		warnings = rep.Avertissements
	}
	return &s, session.Deliberer(ref, &s), warnings, nil
}
