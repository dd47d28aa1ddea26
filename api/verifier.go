package api

import (
	"bytes"
	"errors"
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"strings"

	"github.com/labstack/echo/v4"

	"certidoc/templates"
	"certidoc/verification"
)

var verifierTemplate = template.Must(template.ParseFS(web, "web/verifier.html"))

// verifierPage is what the verification page shows.
type verifierPage struct {
	Sigle, Certificateur string
	Disabled, Genuine    bool
	Facts                verification.Facts
	Kind, What, Title    string
	Date                 string
}

// getVerifier answers, in French, whether a document's code is genuine and
// what it certifies. Nothing is stored: the key does the work.
func (s *Server) getVerifier(c echo.Context) error {
	p := verifierPage{Sigle: s.ref.Certification.Sigle, Certificateur: s.ref.Certification.Certificateur}
	status := http.StatusOK
	switch v := s.cfg.Verifier; {
	case v == nil:
		p.Disabled, status = true, http.StatusNotImplemented
	default:
		f, err := v.Keys.Verify(c.Param("code"))
		if errors.Is(err, verification.ErrUnknown) {
			status = http.StatusNotFound
			break
		}
		p.Genuine, p.Facts, p.Date = true, f, templates.DateLongue(f.Date)
		p.Kind, p.What, p.Title = "Parchemin", "Certification", s.ref.Certification.Intitule
		if f.Kind == verification.Attestation {
			p.Kind, p.What = "Attestation de bloc de compétences", "Bloc de compétences"
			for _, b := range s.ref.Blocs {
				if b.Code == f.Code {
					p.Title = b.Intitule + ", de la certification « " + s.ref.Certification.Intitule + " »"
				}
			}
		}
	}
	var buf bytes.Buffer
	if err := verifierTemplate.Execute(&buf, p); err != nil {
		return fmt.Errorf("render verifier page: %w", err)
	}
	c.Response().Header().Set("Content-Security-Policy", pageCSP)
	c.Response().Header().Set("Cache-Control", "no-store")
	return c.HTMLBlob(status, buf.Bytes())
}

// getVerifierForm sends the code typed in the form to its page.
func (s *Server) getVerifierForm(c echo.Context) error {
	code := strings.TrimSpace(c.QueryParam("code"))
	if i := strings.LastIndex(code, "/verifier/"); i >= 0 {
		code = code[i+len("/verifier/"):] // the whole address was pasted
	}
	return c.Redirect(http.StatusSeeOther, "/verifier/"+url.PathEscape(code))
}
