package api

import (
	"net/http"
	"strings"

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
	formats, err := s.formats(c)
	if err != nil {
		return err
	}
	entries := templates.Dossier(s.ref, l.sess, l.delib, l.rep.Avertissements, s.cfg.Verifier)
	h := c.Response().Header()
	h.Set(echo.HeaderContentType, "application/zip")
	h.Set(echo.HeaderContentDisposition, disposition("dossier-"+templates.Slug(l.sess.Session.Identifiant)+".zip"))
	c.Response().WriteHeader(http.StatusOK)
	count := func(int) { s.met.documents.WithLabelValues("dossier", strings.Join(formatStrings(formats), ",")).Inc() }
	return generator.Zip(c.Request().Context(), c.Response(), entries, formats, s.renderOptions(), 0, count)
}

// formats reads ?format=pdf,docx (the dossier may hold both), else one
// format as format() does.
func (s *Server) formats(c echo.Context) ([]generator.Format, error) {
	q := c.QueryParam("format")
	if !strings.Contains(q, ",") {
		f, err := s.format(c)
		return []generator.Format{f}, err
	}
	var out []generator.Format
	for _, part := range strings.Split(q, ",") {
		f, err := generator.ParseFormat(part)
		if err != nil {
			return nil, unknownFormat(part)
		}
		out = append(out, f)
	}
	return out, nil
}

func formatStrings(fs []generator.Format) []string {
	out := make([]string, len(fs))
	for i, f := range fs {
		out[i] = string(f)
	}
	return out
}
