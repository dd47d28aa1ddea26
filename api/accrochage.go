package api

import (
	"bytes"
	"fmt"

	"github.com/labstack/echo/v4"

	"certidoc/accrochage"
	"certidoc/fr"
)

// postAccrochage answers the XML flux of the session's holders for the
// Caisse des Dépôts, or 422 with every identity problem to fix first.
func (s *Server) postAccrochage(c echo.Context) error {
	if !s.cfg.Accrochage.Configured() {
		return fault(errNotConfigured, "Ce service n’a pas les identifiants du certificateur à la Caisse des Dépôts\u00a0: l’exploitant doit régler --accrochage-id-client et --accrochage-id-contrat.")
	}
	l, err := s.readSession(c)
	if err != nil {
		return err
	}
	if p := accrochage.Check(l.sess, l.delib); len(p) > 0 {
		return &requestError{kind: errIdentities, problemes: p,
			detail: fr.Nombre(len(p), "champ d’identité des titulaires serait refusé", "champs d’identité des titulaires seraient refusés") + " par la Caisse des Dépôts\u00a0: corrigez-les d’abord."}
	}
	var buf bytes.Buffer
	now := s.now()
	if err := accrochage.Write(&buf, s.cfg.Accrochage, l.ref, l.sess, l.delib, now, accrochage.NewFluxID(now)); err != nil {
		return fmt.Errorf("accrochage: %w", err)
	}
	return attachment(c, "accrochage-"+fr.Slug(l.sess.Session.Identifiant)+".xml", "application/xml", buf.Bytes())
}
