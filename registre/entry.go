package registre

import (
	"strings"
	"time"
	"unicode"

	"golang.org/x/text/unicode/norm"

	"certidoc/fr"
)

// Kinds of entries, as verification names them.
const (
	Attestation = "attestation"
	Parchemin   = "parchemin"
)

// Entry is one attestation or parchemin on record.
type Entry struct {
	Numero         string    `json:"numero"`
	Code           string    `json:"code"` // short code, 10 characters, no hyphen
	Nature         string    `json:"nature"`
	Session        string    `json:"session"`
	Version        int       `json:"version"`
	Candidat       string    `json:"candidat"`
	Civilite       string    `json:"civilite"`
	NomNaissance   string    `json:"nom_naissance"`
	NomUsage       string    `json:"nom_usage,omitempty"`
	Prenoms        string    `json:"prenoms"`
	DateNaissance  string    `json:"date_naissance"`
	Titulaire      string    `json:"titulaire"`     // as printed: "Mme Élodie LEFÈVRE"
	Certification  string    `json:"certification"` // RNCP36128
	Bloc           string    `json:"bloc,omitempty"`
	DateDecision   string    `json:"date_decision"`
	DateDelivrance string    `json:"date_delivrance"`
	Signataire     string    `json:"signataire"`
	Remplace       bool      `json:"remplace,omitempty"`
	RevoqueLe      time.Time `json:"revoque_le,omitzero"`
	Motif          string    `json:"motif_revocation,omitempty"`
}

// CodeAffiche is the code as printed: XXXXX-XXXXX.
func (e Entry) CodeAffiche() string { return FormatCode(e.Code) }

// Revoque tells whether the document was revoked.
func (e Entry) Revoque() bool { return !e.RevoqueLe.IsZero() }

// DateRevocation is the day of the revocation in France.
func (e Entry) DateRevocation() fr.Date { return fr.DateOf(e.RevoqueLe.In(fr.Paris())) }

// sameFacts tells whether two entries certify the same thing to the same
// person, so that a rectification keeps the entry and its code.
func (e Entry) sameFacts(o Entry) bool {
	return e.Nature == o.Nature && e.Candidat == o.Candidat && e.Civilite == o.Civilite &&
		e.NomNaissance == o.NomNaissance && e.NomUsage == o.NomUsage && e.Prenoms == o.Prenoms &&
		e.DateNaissance == o.DateNaissance && e.Titulaire == o.Titulaire && e.Certification == o.Certification &&
		e.Bloc == o.Bloc && e.DateDecision == o.DateDecision && e.DateDelivrance == o.DateDelivrance && e.Signataire == o.Signataire
}

// fold lowers a name and strips its accents for searching: "Lefèvre-Œuvray"
// → "lefevre-oeuvray".
func fold(s string) string {
	var b strings.Builder
	for _, r := range norm.NFD.String(s) {
		switch {
		case unicode.Is(unicode.Mn, r):
		case r == 'œ' || r == 'Œ':
			b.WriteString("oe")
		case r == 'æ' || r == 'Æ':
			b.WriteString("ae")
		default:
			b.WriteRune(unicode.ToLower(r))
		}
	}
	return b.String()
}

const entryColumns = `code, numero, session, version, nature, candidat, civilite, nom_naissance, nom_usage, prenoms,
 date_naissance, titulaire, certification, bloc, date_decision, date_delivrance, signataire, remplace, revoque_le, motif_revocation`

type scanner interface{ Scan(dest ...any) error }

func scanEntry(s scanner) (Entry, error) {
	var e Entry
	var remplace int
	var revoque string
	err := s.Scan(&e.Code, &e.Numero, &e.Session, &e.Version, &e.Nature, &e.Candidat, &e.Civilite, &e.NomNaissance, &e.NomUsage, &e.Prenoms,
		&e.DateNaissance, &e.Titulaire, &e.Certification, &e.Bloc, &e.DateDecision, &e.DateDelivrance, &e.Signataire, &remplace, &revoque, &e.Motif)
	e.Remplace, e.RevoqueLe = remplace != 0, unstamp(revoque)
	return e, err
}
