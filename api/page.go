package api

import (
	"bytes"
	"embed"
	"fmt"
	"html/template"
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"certidoc/referentiel"
)

//go:embed web/index.html web/certidoc.css web/certidoc.js web/avant.js web/verifier.html
var web embed.FS

var pageTemplate = template.Must(template.New("index.html").
	Funcs(template.FuncMap{"join": strings.Join}).
	ParseFS(web, "web/index.html"))

// pageCSP allows the page its own stylesheet and nothing else.
const pageCSP = "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"

var valuePageCSP = []string{pageCSP} // shared: see valueNosniff

// page is what the home page shows: the certification picked (the
// default one unless ?certification= names another), its blank grids and
// workbook under Base, and, when the service holds several, each of them
// to pick from.
type page struct {
	*referentiel.Referentiel
	Base           string // the API routes of the certification picked
	Certifications []pageChoice
	Profil         profilView
}

// pageChoice is one certification the page offers.
type pageChoice struct {
	Code, Sigle, Intitule, Lien string
	Choisie                     bool
}

// getPage answers the home page, in French: the blank grids to download.
func (s *Server) getPage(c echo.Context) error {
	p := page{Referentiel: s.refs.Defaut(), Base: "/api/v1"}
	if code := c.QueryParam("certification"); code != "" {
		ref, ok := s.refs.Get(code)
		if !ok {
			return notFound(fmt.Sprintf("La certification «\u00a0%s\u00a0» n’est pas tenue par ce service. Certifications tenues\u00a0: %s.",
				code, strings.Join(s.refs.Codes(), ", ")), s.refs.Codes())
		}
		if ref != s.refs.Defaut() {
			p.Referentiel, p.Base = ref, "/api/v1/certifications/"+ref.Certification.CodeRNCP
		}
	}
	if s.refs.Len() > 1 {
		for _, r := range s.refs.All() {
			c := r.Certification
			p.Certifications = append(p.Certifications, pageChoice{Code: c.CodeRNCP, Sigle: c.Sigle, Intitule: c.Intitule,
				Lien: "/?certification=" + c.CodeRNCP + "#preparer", Choisie: r == p.Referentiel})
		}
	}
	var buf bytes.Buffer
	p.Profil = viewProfil(s.profil())
	if err := pageTemplate.Execute(&buf, p); err != nil {
		return fmt.Errorf("render page: %w", err)
	}
	c.Response().Header().Set("Content-Security-Policy", pageCSP)
	return c.HTMLBlob(http.StatusOK, buf.Bytes())
}

// getAsset answers the page's stylesheet or script.
func (s *Server) getAsset(name, contentType string) echo.HandlerFunc {
	return func(c echo.Context) error {
		data, err := web.ReadFile("web/" + name)
		if err != nil {
			return fmt.Errorf("read asset %s: %w", name, err)
		}
		c.Response().Header().Set("Cache-Control", "no-cache")
		return c.Blob(http.StatusOK, contentType, data)
	}
}
