package registre

import (
	"encoding/json"

	"certidoc/referentiel"
	"certidoc/session"
)

// Snapshot reads a closing's snapshot back as the session it recorded,
// deliberated. What the current validation says of it is the business of
// whoever makes documents from it (reedition.Dossier).
func (c *Closing) Snapshot(ref *referentiel.Referentiel) (*session.Session, *session.Resultats, error) {
	var s session.Session
	if err := json.Unmarshal(c.Contenu, &s); err != nil {
		return nil, nil, newError(ErrCorrupt, err, "l’instantané de la session %s (version %d) est illisible dans le registre", c.Session, c.Version)
	}
	s.Certification = c.ReferentielCode
	return &s, session.Deliberer(ref, &s), nil
}
