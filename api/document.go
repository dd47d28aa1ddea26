package api

import (
	"bytes"
	"fmt"
	"time"

	"github.com/labstack/echo/v4"

	"certidoc/documents"
	"certidoc/generator"
)

// document renders d and answers it as a download named after the document.
// The file is rendered in memory first, so that a failure still answers a
// clean problem instead of a cut file.
func (s *Server) document(c echo.Context, d documents.Document, f generator.Format) error {
	var buf bytes.Buffer
	start := time.Now()
	if err := generator.Render(&buf, d, f, s.renderOptions()); err != nil {
		return fmt.Errorf("document %s: %w", d.Name, err)
	}
	s.met.generated(d.Kind, string(f), time.Since(start))
	return attachment(c, d.Name+"."+string(f), f.ContentType(), buf.Bytes())
}

// renderOptions are the options of every rendering: the clock and the
// body's own Word template, if any.
func (s *Server) renderOptions() generator.Options {
	return generator.Options{Now: s.now(), Modele: s.cfg.DocxModele}
}
