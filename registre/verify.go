package registre

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"certidoc/fr"
)

// Verification is what the verification page shows of a short code: the
// document, what it certifies, and whether it was revoked (a document
// replaced by a rectification is revoked too).
type Verification struct {
	Code         string // 10 characters, no hyphen
	Numero       string
	Nature       string // Attestation or Parchemin
	Titulaire    string // as printed
	Certifie     string // the bloc's code for an attestation, the certification's for a parchemin
	DateDecision string // AAAA-MM-JJ
	RevoqueLe    time.Time
	Motif        string
}

// CodeAffiche is the code as printed: XXXXX-XXXXX.
func (v Verification) CodeAffiche() string { return FormatCode(v.Code) }

// Revoque tells whether the document was revoked.
func (v Verification) Revoque() bool { return !v.RevoqueLe.IsZero() }

// DateRevocation is the day of the revocation in France.
func (v Verification) DateRevocation() fr.Date { return fr.DateOf(v.RevoqueLe.In(fr.Paris())) }

// verifyQuery reads what Verify returns and nothing more: the verification
// page is the hot path, and each column read costs on every lookup.
const verifyQuery = `SELECT numero, nature, titulaire, CASE WHEN bloc <> '' THEN bloc ELSE certification END,
 date_decision, revoque_le, motif_revocation FROM documents WHERE code = $1`

// Verify looks a short code up (in any form NormalizeCode reads).
// ErrNotFound when nobody issued it. A revocation made by another instance
// or by the command line shows on the very next lookup: on PostgreSQL
// every lookup reads the base; on SQLite an answer read before is given
// again only while nothing was committed to the file since
// (verifycache.go).
func (r *Registre) Verify(ctx context.Context, code string) (Verification, error) {
	c, ok := NormalizeCode(code)
	if !ok {
		return Verification{}, newError(ErrNotFound, nil, "code inconnu")
	}
	if r.cache != nil {
		v, found, err := r.cache.verify(c)
		switch {
		case err == nil && !found:
			return Verification{}, notIssued(c)
		case err == nil:
			return v, nil
		}
		// The cache's connection failed and was closed: the pool reads
		// the file, or says what went wrong if it cannot.
	}
	return r.verifyInBase(ctx, c)
}

// verifyInBase reads a normalized short code in the database.
func (r *Registre) verifyInBase(ctx context.Context, c string) (_ Verification, err error) {
	ctx, w := r.watch(ctx)
	defer w.end(&err)
	v := Verification{Code: c}
	var revoque string
	err = r.verify.QueryRowContext(ctx, c).Scan(&v.Numero, &v.Nature, &v.Titulaire, &v.Certifie, &v.DateDecision, &revoque, &v.Motif)
	if errors.Is(err, sql.ErrNoRows) {
		return Verification{}, notIssued(c)
	}
	if err != nil {
		return Verification{}, classify(err)
	}
	v.RevoqueLe = unstamp(revoque)
	return v, nil
}

func notIssued(code string) error {
	return newError(ErrNotFound, nil, "code inconnu\u00a0: aucun document n’a été délivré sous le code %s", FormatCode(code))
}
