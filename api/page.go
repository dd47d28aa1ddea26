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

//go:embed web/index.html web/certidoc.css web/certidoc.js web/verifier.html
var web embed.FS

var pageTemplate = template.Must(template.New("index.html").
	Funcs(template.FuncMap{"join": strings.Join}).
	ParseFS(web, "web/index.html"))

// pageCSP allows the page its own stylesheet and nothing else.
const pageCSP = "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"

var valuePageCSP = []string{pageCSP} // shared: see valueNosniff

// getPage answers the home page, in French: the blank grids to download.
func (s *Server) getPage(c echo.Context) error {
	var buf bytes.Buffer
	data := struct {
		*referentiel.Referentiel
		Profil profilView
	}{s.ref, viewProfil(s.profil())}
	if err := pageTemplate.Execute(&buf, data); err != nil {
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
