package api

import (
	"mime"
	"net/http"

	"github.com/labstack/echo/v4"

	"certidoc/generator"
	"certidoc/templates"
)

// postDossier answers every document of the session in one ZIP, written to
// the response as documents are made. A client that goes away stops the work.
func (s *Server) postDossier(c echo.Context) error {
	l, err := s.readSession(c)
	if err != nil {
		return err
	}
	f, err := s.format(c)
	if err != nil {
		return err
	}
	entries := templates.Dossier(s.ref, l.sess, l.delib, l.rep.Avertissements)
	h := c.Response().Header()
	h.Set(echo.HeaderContentType, "application/zip")
	h.Set(echo.HeaderContentDisposition, mime.FormatMediaType("attachment", map[string]string{"filename": "dossier-" + templates.Slug(l.sess.Session.Identifiant) + ".zip"}))
	c.Response().WriteHeader(http.StatusOK)
	return generator.Zip(c.Request().Context(), c.Response(), entries, []generator.Format{f}, generator.Options{Now: s.now()}, nil)
}
