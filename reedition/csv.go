package reedition

import (
	"encoding/csv"
	"fmt"
	"io"
	"time"

	"certidoc/classeur"
	"certidoc/registre"
)

// csvColumns are the columns of the registre's CSV listing, stable.
var csvColumns = []string{"numero", "code", "nature", "session", "version", "candidat", "civilite", "nom_naissance", "nom_usage", "prenoms",
	"date_naissance", "certification", "bloc", "date_decision", "date_delivrance", "signataire", "etat", "revoque_le", "motif_revocation"}

// CSV writes the registre's listing as CSV (RFC 4180, UTF-8, comma), one
// entry at a time, every value defused against formula injection: a
// listing of any size streams.
type CSV struct {
	w *csv.Writer
}

// NewCSV writes the header row to w and returns the writer of the rows.
func NewCSV(w io.Writer) *CSV {
	c := &CSV{w: csv.NewWriter(w)}
	c.w.Write(csvColumns)
	return c
}

// Write writes one entry's row.
func (c *CSV) Write(e registre.Entry) error {
	etat, revoque := "valide", ""
	switch {
	case e.Remplace:
		etat, revoque = "remplacé", e.RevoqueLe.UTC().Format(time.RFC3339)
	case e.Revoque():
		etat, revoque = "révoqué", e.RevoqueLe.UTC().Format(time.RFC3339)
	}
	row := []string{e.Numero, registre.FormatCode(e.Code), e.Nature, e.Session, fmt.Sprint(e.Version), e.Candidat, e.Civilite, e.NomNaissance, e.NomUsage, e.Prenoms,
		e.DateNaissance, e.Certification, e.Bloc, e.DateDecision, e.DateDelivrance, e.Signataire, etat, revoque, e.Motif}
	for i := range row {
		row[i] = classeur.Neutralize(row[i])
	}
	if err := c.w.Write(row); err != nil {
		return fmt.Errorf("write registre csv: %w", err)
	}
	return nil
}

// Flush writes what is buffered and reports any error of the writes.
func (c *CSV) Flush() error {
	c.w.Flush()
	if err := c.w.Error(); err != nil {
		return fmt.Errorf("write registre csv: %w", err)
	}
	return nil
}

// WriteCSV writes entries as CSV, the header first.
func WriteCSV(w io.Writer, es []registre.Entry) error {
	c := NewCSV(w)
	for _, e := range es {
		if err := c.Write(e); err != nil {
			return err
		}
	}
	return c.Flush()
}
