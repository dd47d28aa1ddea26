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

// WriteCSV writes entries as CSV (RFC 4180, UTF-8, comma), every value
// defused against formula injection.
func WriteCSV(w io.Writer, es []registre.Entry) error {
	cw := csv.NewWriter(w)
	cw.Write(csvColumns)
	for _, e := range es {
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
		cw.Write(row)
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return fmt.Errorf("write registre csv: %w", err)
	}
	return nil
}
