package registre

import (
	"context"
	"database/sql"
	"errors"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"certidoc/fr"
)

// Lookup returns the entry of a short code (in any form NormalizeCode
// reads), current, replaced or revoked; ErrNotFound when nobody issued it.
func (r *Registre) Lookup(ctx context.Context, code string) (_ Entry, err error) {
	ctx, w := r.watch(ctx)
	defer w.end(&err)
	c, ok := NormalizeCode(code)
	if !ok {
		return Entry{}, newError(ErrNotFound, nil, "code inconnu")
	}
	e, err := scanEntry(r.lookup.QueryRowContext(ctx, c))
	if errors.Is(err, sql.ErrNoRows) {
		return Entry{}, newError(ErrNotFound, nil, "code inconnu\u00a0: aucun document n’a été délivré sous le code %s", FormatCode(c))
	}
	return e, classify(err)
}

// Document returns the current entry of a document number.
func (r *Registre) Document(ctx context.Context, numero string) (_ Entry, err error) {
	ctx, w := r.watch(ctx)
	defer w.end(&err)
	if err := checkParam(paramNumero, numero); err != nil {
		return Entry{}, err
	}
	return document(ctx, r.db, numero)
}

func document(ctx context.Context, q querier, numero string) (Entry, error) {
	e, err := scanEntry(q.QueryRowContext(ctx, `SELECT `+entryColumns+` FROM documents WHERE numero = $1 AND remplace = 0`, strings.ToUpper(strings.TrimSpace(numero))))
	if errors.Is(err, sql.ErrNoRows) {
		return Entry{}, newError(ErrNotFound, nil, "le document n° %s n’est pas dans le registre", numero)
	}
	return e, classify(err)
}

// Revoquer revokes a document for a reason (fraud, error): its code then
// answers "révoqué le …". The revocation belongs to the document's number:
// the codes a rectification gives it later are revoked too (revocations
// table). The journal keeps who, when and why. Two revocations of one
// number at once, from two instances, record one; the other gets
// ErrRevoked.
func (r *Registre) Revoquer(ctx context.Context, numero string, req Request) (_ Entry, err error) {
	ctx, w := r.watch(ctx)
	defer w.end(&err)
	if err := checkParam(paramNumero, numero); err != nil {
		return Entry{}, err
	}
	motif := strings.TrimSpace(req.Motif)
	if motif == "" {
		return Entry{}, newError(ErrInput, nil, "indiquez le motif de la révocation (--motif \"…\")")
	}
	if err := checkMotif(motif); err != nil {
		return Entry{}, err
	}
	var e Entry
	err = r.inTx(ctx, func(tx watchedTx) error {
		var err error
		if e, err = document(ctx, tx, numero); err != nil {
			return err
		}
		if err := r.lockSession(ctx, tx, e.Session); err != nil {
			return err
		}
		// Read again under the lock: a rectification may have given the
		// number a new code meanwhile.
		if e, err = document(ctx, tx, numero); err != nil {
			return err
		}
		if e.Revoque() {
			return alreadyRevoked(e)
		}
		e.RevoqueLe, e.Motif = r.now().UTC().Truncate(time.Second), motif
		if _, err := tx.ExecContext(ctx, `INSERT INTO revocations (numero, le, motif, requete) VALUES ($1, $2, $3, $4)`, e.Numero, stamp(e.RevoqueLe), motif, req.ID); err != nil {
			return classify(err)
		}
		if _, err := tx.ExecContext(ctx, `UPDATE documents SET revoque_le = $1, motif_revocation = $2 WHERE code = $3`, stamp(e.RevoqueLe), motif, e.Code); err != nil {
			return classify(err)
		}
		return journal(ctx, tx, e.RevoqueLe, "revocation", e.Session, e.Numero, req.ID, motif)
	})
	if errors.Is(err, errUnique) {
		// Another instance revoked it between our read and our insert.
		if e, err = r.Document(ctx, numero); err == nil {
			err = alreadyRevoked(e)
		}
	}
	return e, err
}

// alreadyRevoked is the error of a document revoked again.
func alreadyRevoked(e Entry) error {
	return newError(ErrRevoked, nil, "le document n° %s est déjà révoqué depuis le %s (%s)", e.Numero, dateFR(e.RevoqueLe), e.Motif)
}

// lockSession keeps, on PostgreSQL, the writes about one session (closing,
// rectification, revocation) from interleaving until the transaction
// ends: a revocation and a rectification at once would otherwise each
// miss what the other writes. SQLite runs one writing transaction at a
// time already.
func (r *Registre) lockSession(ctx context.Context, tx watchedTx, id string) error {
	if !r.postgres {
		return nil
	}
	_, err := tx.ExecContext(ctx, `SELECT pg_advisory_xact_lock(43455254, hashtext($1))`, id)
	return classify(err)
}

// Duplicata records that a duplicata of a document is issued now and
// returns its entry and the session it comes from (its snapshot). A revoked
// document has no duplicata.
func (r *Registre) Duplicata(ctx context.Context, numero string, req Request) (_ Entry, _ *Closing, _ time.Time, err error) {
	ctx, w := r.watch(ctx)
	defer w.end(&err)
	if err := checkParam(paramNumero, numero); err != nil {
		return Entry{}, nil, time.Time{}, err
	}
	var e Entry
	var c *Closing
	at := r.now().UTC().Truncate(time.Second)
	err = r.inTx(ctx, func(tx watchedTx) error {
		var err error
		if e, err = document(ctx, tx, numero); err != nil {
			return err
		}
		if e.Revoque() {
			return newError(ErrRevoked, nil, "le document n° %s est révoqué depuis le %s (%s)\u00a0: pas de duplicata", e.Numero, dateFR(e.RevoqueLe), e.Motif)
		}
		if c, err = version(ctx, tx, e.Session, e.Version); err != nil {
			return err
		}
		return journal(ctx, tx, at, "duplicata", e.Session, e.Numero, req.ID, req.Motif)
	})
	return e, c, at, err
}

// Session returns the last version of a closed session, with its
// snapshot and its current documents.
func (r *Registre) Session(ctx context.Context, id string) (_ *Closing, err error) {
	ctx, w := r.watch(ctx)
	defer w.end(&err)
	if err := checkParam(paramSession, id); err != nil {
		return nil, err
	}
	c, err := latest(ctx, r.db, id)
	if err != nil {
		return nil, err
	}
	c.Documents, err = current(ctx, r.db, id)
	return c, err
}

func version(ctx context.Context, q querier, id string, v int) (*Closing, error) {
	c, err := scanClosing(q.QueryRowContext(ctx, `SELECT `+closingColumns+` FROM sessions WHERE identifiant = $1 AND version = $2`, id, v))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, newError(ErrNotFound, nil, "la session «\u00a0%s\u00a0» version %d n’est pas dans le registre", id, v)
	}
	return c, classify(err)
}

// Sessions lists the closed sessions (last version of each, without
// snapshot), the most recent deliberation first.
func (r *Registre) Sessions(ctx context.Context) (_ []Closing, err error) {
	ctx, w := r.watch(ctx)
	defer w.end(&err)
	rows, err := r.db.QueryContext(ctx, `SELECT `+closingColumns+` FROM sessions s
		WHERE version = (SELECT max(version) FROM sessions t WHERE t.identifiant = s.identifiant)
		ORDER BY date_deliberation DESC, identifiant`)
	if err != nil {
		return nil, classify(err)
	}
	defer rows.Close()
	var out []Closing
	for rows.Next() {
		c, err := scanClosing(rows)
		if err != nil {
			return nil, classify(err)
		}
		c.Contenu = nil
		out = append(out, *c)
		answered(ctx)
	}
	return out, classify(rows.Err())
}

// JournalEntry is one line of the journal.
type JournalEntry struct {
	Quand   time.Time `json:"quand"`
	Action  string    `json:"action"` // cloture, rectification, revocation, duplicata, accrochage
	Session string    `json:"session"`
	Numero  string    `json:"numero,omitempty"`
	Requete string    `json:"requete"`
	Motif   string    `json:"motif,omitempty"`
}

// Journal returns the journal of a session, oldest first.
func (r *Registre) Journal(ctx context.Context, sess string) (_ []JournalEntry, err error) {
	ctx, w := r.watch(ctx)
	defer w.end(&err)
	if err := checkParam(paramSession, sess); err != nil {
		return nil, err
	}
	rows, err := r.db.QueryContext(ctx, `SELECT quand, action, session, numero, requete, motif FROM journal WHERE session = $1 ORDER BY quand, action`, sess)
	if err != nil {
		return nil, classify(err)
	}
	defer rows.Close()
	var out []JournalEntry
	for rows.Next() {
		var j JournalEntry
		var at string
		if err := rows.Scan(&at, &j.Action, &j.Session, &j.Numero, &j.Requete, &j.Motif); err != nil {
			return nil, classify(err)
		}
		j.Quand = unstamp(at)
		out = append(out, j)
	}
	return out, classify(rows.Err())
}

func escapeLike(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s)
}

func itoa(n int) string { return strconv.Itoa(n) }

// dateFR writes a time as a French date: 27/11/2026.
func dateFR(t time.Time) string { return t.In(fr.Paris()).Format("02/01/2006") }

// MaxMotif is the longest reason accepted for a revocation or a
// rectification, in characters.
const MaxMotif = 500

// checkMotif refuses a reason that is not one line of text: too long,
// not UTF-8, or holding a control character (C0, DEL, C1) or a character
// that reorders text on screen (bidirectional embeddings, overrides,
// isolates and marks), which would make a listing or a journal line say
// something else than what was recorded. The message names the character.
func checkMotif(m string) error {
	if n := utf8.RuneCountInString(m); n > MaxMotif {
		return newError(ErrInput, nil, "motif de %d caractères\u00a0: %d au plus", n, MaxMotif)
	}
	for i, r := range m {
		switch {
		case r == utf8.RuneError && !strings.HasPrefix(m[i:], "\uFFFD"):
			return newError(ErrInput, nil, "le motif n’est pas du texte UTF-8 (octet «\u00a00x%02X\u00a0»)\u202f; une ligne de texte est attendue", m[i])
		case r < ' ' || (r >= 0x7f && r <= 0x9f):
			return newError(ErrInput, nil, "le motif contient le caractère de contrôle «\u00a0U+%04X\u00a0»\u202f; une ligne de texte est attendue, sans retour à la ligne ni tabulation", r)
		case bidi(r):
			return newError(ErrInput, nil, "le motif contient le caractère «\u00a0U+%04X\u00a0», qui change le sens d’affichage du texte\u202f; retirez-le", r)
		}
	}
	return nil
}

// bidi tells whether r is a character that changes the direction text is
// shown in: embeddings and overrides (U+202A–U+202E), isolates
// (U+2066–U+2069), and the marks U+200E, U+200F, U+061C.
func bidi(r rune) bool {
	return (r >= 0x202a && r <= 0x202e) || (r >= 0x2066 && r <= 0x2069) || r == 0x200e || r == 0x200f || r == 0x061c
}
