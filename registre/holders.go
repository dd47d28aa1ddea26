package registre

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"time"

	"certidoc/fr"
)

// DelaiSignalement is how long after the deliberation a holder not yet
// reported to the Caisse des Dépôts is flagged, well before the 3-month
// deadline.
const DelaiSignalement = 60 * 24 * time.Hour

// Titulaires returns the current, unrevoked parchemins of a certification
// (its RNCP code; every certification's when empty) whose deliberation
// falls between du and au (AAAA-MM-JJ, inclusive): the holders an
// accrochage flux of that period reports, one flux per certification.
func (r *Registre) Titulaires(ctx context.Context, certification, du, au string) (_ []Entry, err error) {
	ctx, w := r.watch(ctx)
	defer w.end(&err)
	if certification == "" {
		return entries(ctx, r.db, `SELECT `+entryColumns+` FROM documents
		WHERE nature = 'parchemin' AND remplace = 0 AND revoque_le = '' AND date_decision >= $1 AND date_decision <= $2
		ORDER BY date_decision, numero`, du, au)
	}
	return entries(ctx, r.db, `SELECT `+entryColumns+` FROM documents
		WHERE certification = $1 AND nature = 'parchemin' AND remplace = 0 AND revoque_le = '' AND date_decision >= $2 AND date_decision <= $3
		ORDER BY date_decision, numero`, certification, du, au)
}

// Declarer records that the holders of these parchemins went to the
// Caisse des Dépôts in the flux idFlux, now.
func (r *Registre) Declarer(ctx context.Context, numeros []string, idFlux string, req Request) (err error) {
	ctx, w := r.watch(ctx)
	defer w.end(&err)
	at := r.now().UTC().Truncate(time.Second)
	return r.inTx(ctx, func(tx watchedTx) error {
		for _, n := range numeros {
			e, err := document(ctx, tx, n)
			if err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO accrochages (numero, id_flux, le) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`, e.Numero, idFlux, stamp(at)); err != nil {
				return classify(err)
			}
			if err := journal(ctx, tx, at, "accrochage", e.Session, e.Numero, req.ID, idFlux); err != nil {
				return err
			}
			answered(ctx)
		}
		return nil
	})
}

// Declaration is one holder's report to the Caisse des Dépôts.
type Declaration struct {
	Numero string    `json:"numero"`
	IDFlux string    `json:"id_flux"`
	Le     time.Time `json:"le"`
}

// Declarations returns the reports of one document.
func (r *Registre) Declarations(ctx context.Context, numero string) (_ []Declaration, err error) {
	ctx, w := r.watch(ctx)
	defer w.end(&err)
	if err := checkParam(paramNumero, numero); err != nil {
		return nil, err
	}
	rows, err := r.db.QueryContext(ctx, `SELECT numero, id_flux, le FROM accrochages WHERE numero = $1 ORDER BY le`, numero)
	if err != nil {
		return nil, classify(err)
	}
	defer rows.Close()
	var out []Declaration
	for rows.Next() {
		var d Declaration
		var at string
		if err := rows.Scan(&d.Numero, &d.IDFlux, &at); err != nil {
			return nil, classify(err)
		}
		d.Le = unstamp(at)
		out = append(out, d)
	}
	return out, classify(rows.Err())
}

// ARetard returns the holders not yet reported to the Caisse des Dépôts
// whose deliberation is DelaiSignalement or more before now.
func (r *Registre) ARetard(ctx context.Context) (_ []Entry, err error) {
	ctx, w := r.watch(ctx)
	defer w.end(&err)
	limite := r.now().Add(-DelaiSignalement).In(fr.Paris()).Format(time.DateOnly)
	return entries(ctx, r.db, `SELECT `+entryColumns+` FROM documents d
		WHERE nature = 'parchemin' AND remplace = 0 AND revoque_le = '' AND date_decision <= $1
		AND NOT EXISTS (SELECT 1 FROM accrochages a WHERE a.numero = d.numero)
		ORDER BY date_decision, numero`, limite)
}

// Sauvegarder writes a consistent copy of the SQLite registre to path
// while it keeps serving (VACUUM INTO). On PostgreSQL, use pg_dump.
func (r *Registre) Sauvegarder(ctx context.Context, path string) (err error) {
	ctx, w := watchFor(ctx, backupTimeout)
	defer w.end(&err)
	if r.postgres {
		return newError(ErrConfig, nil, "le registre est sur PostgreSQL\u00a0: sauvegardez-le avec pg_dump (voir le README)")
	}
	// The copy holds personal data: it is made private (0600) before
	// anything is written in it. VACUUM INTO fills an empty file.
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if errors.Is(err, fs.ErrExist) {
		return newError(ErrInput, nil, "%s existe déjà\u00a0: choisissez un autre fichier pour la sauvegarde", path)
	}
	if err != nil {
		return newError(ErrUnavailable, err, "création de la sauvegarde %s impossible (%v)", path, errors.Unwrap(err))
	}
	if err := f.Close(); err != nil {
		return newError(ErrUnavailable, err, "création de la sauvegarde %s impossible (%v)", path, err)
	}
	if _, err := r.db.ExecContext(ctx, `VACUUM INTO $1`, path); err != nil {
		os.Remove(path)
		return classify(fmt.Errorf("backup to %s: %w", path, err))
	}
	return nil
}
