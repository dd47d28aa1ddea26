package api

import (
	"bytes"
	"fmt"
	"mime"
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"

	"certidoc/classeur"
	"certidoc/fr"
	"certidoc/session"
)

const mimeXLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

// attachment answers a file to download, with its length.
func attachment(c echo.Context, name, contentType string, data []byte) error {
	h := c.Response().Header()
	h.Set(echo.HeaderContentDisposition, disposition(name))
	h.Set(echo.HeaderContentLength, strconv.Itoa(len(data)))
	return c.Blob(http.StatusOK, contentType, data)
}

// disposition is the Content-Disposition of a download named name.
func disposition(name string) string {
	return mime.FormatMediaType("attachment", map[string]string{"filename": name})
}

// getClasseur answers the blank entry workbook.
func (s *Server) getClasseur(c echo.Context) error {
	ref, err := s.refOf(c)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := classeur.Write(&buf, ref, nil, s.now()); err != nil {
		return fmt.Errorf("classeur: %w", err)
	}
	return attachment(c, "classeur-saisie-"+fr.Slug(ref.Certification.Sigle)+".xlsx", mimeXLSX, buf.Bytes())
}

// postClasseur answers the entry workbook pre-filled with the session.
func (s *Server) postClasseur(c echo.Context) error {
	l, err := s.readSession(c)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := classeur.Write(&buf, l.ref, l.sess, s.now()); err != nil {
		return fmt.Errorf("classeur: %w", err)
	}
	return attachment(c, "classeur-"+fr.Slug(l.sess.Session.Identifiant)+".xlsx", mimeXLSX, buf.Bytes())
}

// postImport answers the session JSON of an uploaded workbook.
func (s *Server) postImport(c echo.Context) error {
	l, err := s.readSession(c)
	if err != nil {
		return err
	}
	warnings := l.rep.Avertissements
	if warnings == nil {
		warnings = []session.Probleme{}
	}
	return writeJSON(c, http.StatusOK, map[string]any{"session": l.sess, "avertissements": warnings})
}

// postResultats answers the results for other systems: ?format=xlsx
// (default) or csv.
func (s *Server) postResultats(c echo.Context) error {
	l, err := s.readSession(c)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	name := "resultats-" + fr.Slug(l.sess.Session.Identifiant)
	switch c.QueryParam("format") {
	case "", "xlsx":
		if err := classeur.Resultats(&buf, l.ref, l.sess, l.delib, s.now()); err != nil {
			return fmt.Errorf("resultats: %w", err)
		}
		return attachment(c, name+".xlsx", mimeXLSX, buf.Bytes())
	case "csv":
		if err := classeur.ResultatsCSV(&buf, l.ref, l.sess, l.delib); err != nil {
			return fmt.Errorf("resultats: %w", err)
		}
		return attachment(c, name+".csv", "text/csv; charset=utf-8", buf.Bytes())
	}
	return badRequest(fmt.Sprintf("Le format «\u00a0%s\u00a0» n’est pas disponible pour les résultats. Formats valides\u00a0: xlsx, csv.", fr.Extrait(c.QueryParam("format"))), []string{"xlsx", "csv"})
}
