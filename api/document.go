package api

import (
	"bytes"
	"fmt"
	"time"

	"github.com/labstack/echo/v4"

	"certidoc/certificateur"
	"certidoc/documents"
	"certidoc/generator"
)

// document renders d and answers it as a download named after the document.
// The file is rendered in memory first, so that a failure still answers a
// clean problem instead of a cut file.
func (s *Server) document(c echo.Context, d documents.Document, f generator.Format) error {
	return s.documentWith(c, d, f, s.renderOptions())
}

// documentWith is document with these rendering options.
func (s *Server) documentWith(c echo.Context, d documents.Document, f generator.Format, opt generator.Options) error {
	var buf bytes.Buffer
	start := time.Now()
	if err := generator.Render(&buf, d, f, opt); err != nil {
		return fmt.Errorf("document %s: %w", d.Name, err)
	}
	s.met.generated(d.Kind, string(f), time.Since(start))
	return attachment(c, d.Name+"."+string(f), f.ContentType(), buf.Bytes())
}

// renderOptions are the options of every rendering: the clock, the
// body's own Word template, if any, and the look of the profile in force.
func (s *Server) renderOptions() generator.Options {
	return generator.Options{Now: s.now(), Modele: s.cfg.DocxModele, Habillage: s.cfg.Habillage}
}

// profil is the certifier's profile in force.
func (s *Server) profil() *certificateur.Profil { return s.cfg.Profil }

// reeditionOptions are the options of a document made again from the
// registre: the look of the profile of its closing (none for a closing
// made before profiles were kept), never today's.
func (s *Server) reeditionOptions(p *certificateur.Profil) (generator.Options, error) {
	opt := s.renderOptions()
	opt.Habillage = nil
	if p != nil {
		h, err := generator.NewHabillage(p)
		if err != nil {
			return opt, fmt.Errorf("habillage of the registre's profile: %w", err)
		}
		opt.Habillage = h
	}
	return opt, nil
}
