package api

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/labstack/echo/v4"

	"certidoc/documents"
	"certidoc/generator"
)

// getGrille answers the blank grid of one épreuve.
func (s *Server) getGrille(c echo.Context) error {
	ref, err := s.refOf(c)
	if err != nil {
		return err
	}
	b, err := bloc(ref, c.Param("bloc"))
	if err != nil {
		return err
	}
	n, convErr := strconv.Atoi(c.Param("epreuve"))
	e, ok := b.Epreuve(n)
	if convErr != nil || !ok {
		return unknownEpreuve(b.Lettre, c.Param("epreuve"), b.Numeros())
	}
	format, err := s.format(c)
	if err != nil {
		return err
	}
	// A blank grid depends on the référentiel only: made once, then served.
	key := b.Code + "-" + b.EpreuveID(e) + "." + string(format)
	v, _ := s.blank.LoadOrStore(key, &blankGrid{})
	g := v.(*blankGrid)
	g.once.Do(func() {
		var buf bytes.Buffer
		d := documents.Grille(ref, b, e)
		start := time.Now()
		if g.err = generator.Render(&buf, d, format, s.renderOptions()); g.err == nil {
			s.met.generated(d.Kind, string(format), time.Since(start))
			g.data, g.name = buf.Bytes(), d.Name+"."+string(format)
		}
	})
	if g.err != nil {
		s.blank.Delete(key) // try again next time
		return fmt.Errorf("blank grid %s: %w", key, g.err)
	}
	return attachment(c, g.name, format.ContentType(), g.data)
}

// blankGrid is a blank grid made once.
type blankGrid struct {
	once sync.Once
	data []byte
	name string
	err  error
}

// format reads ?format=, else the Accept header (the DOCX media type asks
// for DOCX), pdf by default.
func (s *Server) format(c echo.Context) (generator.Format, error) {
	q := c.QueryParam("format")
	if q == "" {
		for _, f := range generator.Formats {
			if strings.Contains(c.Request().Header.Get(echo.HeaderAccept), f.ContentType()) {
				return f, nil
			}
		}
		return generator.FormatPDF, nil
	}
	f, err := generator.ParseFormat(q)
	if err != nil {
		return "", unknownFormat(q)
	}
	return f, nil
}
