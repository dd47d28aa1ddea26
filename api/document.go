package api

import (
	"bytes"
	"fmt"
	"mime"
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"certidoc/generator"
	"certidoc/templates"
)

// document renders d and answers it as a download named after the document.
// The file is rendered in memory first, so that a failure still answers a
// clean problem instead of a cut file.
func (s *Server) document(c echo.Context, d templates.Document, f generator.Format) error {
	var buf bytes.Buffer
	start := time.Now()
	if err := generator.Render(&buf, d, f, s.renderOptions()); err != nil {
		return fmt.Errorf("document %s: %w", d.Name, err)
	}
	s.met.generated(d.Name, string(f), time.Since(start))
	name := d.Name + "." + string(f)
	h := c.Response().Header()
	h.Set(echo.HeaderContentDisposition, mime.FormatMediaType("attachment", map[string]string{"filename": name}))
	h.Set("Content-Length", fmt.Sprint(buf.Len()))
	return c.Blob(http.StatusOK, f.ContentType(), buf.Bytes())
}

// renderOptions are the options of every rendering: the clock and the
// body's own Word template, if any.
func (s *Server) renderOptions() generator.Options {
	return generator.Options{Now: s.now(), Modele: s.cfg.DocxModele}
}
