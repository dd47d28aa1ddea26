package registre

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5/pgconn"
	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// Errors of the registre. Every error the registre returns to a caller
// is an *Error of one of these kinds, or wraps one.
var (
	// ErrConfig is an unusable setting (--donnees, --base).
	ErrConfig = errors.New("registre: bad configuration")
	// ErrUnavailable is a registre that cannot answer now: full disk,
	// PostgreSQL gone, database busy. Nothing was half recorded.
	ErrUnavailable = errors.New("registre: unavailable")
	// ErrCorrupt is a damaged file or one that is not a certidoc registre.
	ErrCorrupt = errors.New("registre: corrupt or foreign database")
	// ErrUndecided is a session whose jury has not taken every decision.
	ErrUndecided = errors.New("registre: decisions missing")
	// ErrConflict is a closed session sent again with other content and no
	// reason for a rectification.
	ErrConflict = errors.New("registre: session already closed with other content")
	// ErrNotFound is an unknown session, document number or code.
	ErrNotFound = errors.New("registre: not found")
	// ErrRevoked is a document already revoked.
	ErrRevoked = errors.New("registre: document revoked")
	// ErrInput is a request to correct: missing reason, bad code.
	ErrInput = errors.New("registre: bad input")

	errUnique = errors.New("registre: unique constraint")
	// errNoDataVersion is a PRAGMA data_version that gave no number.
	errNoDataVersion = errors.New("registre: PRAGMA data_version gave no number")
	// errNotText is a column of verifyQuery that the driver did not give
	// as text.
	errNotText = errors.New("registre: verification column is not text")
	// errClosed is a lookup in a closed registre.
	errClosed = errors.New("registre: closed")
)

// Error is a registre error with its message for users, in French.
type Error struct {
	Kind    error  // one of the sentinels above
	Message string // French, safe to show: no SQL, no password
	Err     error  // the cause, for the log
}

func (e *Error) Error() string { return e.Message }

// Unwrap lets errors.Is match the kind and the cause.
func (e *Error) Unwrap() []error { return []error{e.Kind, e.Err} }

func newError(kind error, cause error, format string, args ...any) *Error {
	return &Error{Kind: kind, Message: fmt.Sprintf(format, args...), Err: cause}
}

// busy tells whether err is SQLite's refusal of a lock another connection
// held for all of busy_timeout.
func busy(err error) bool {
	se, ok := errors.AsType[*sqlite.Error](err)
	return ok && se.Code()&0xff == sqlite3.SQLITE_BUSY
}

// classify turns a database error into a registre error: what the user can
// do about it is in the message, the cause stays for the log.
func classify(err error) error {
	if err == nil {
		return nil
	}
	if _, ok := errors.AsType[*Error](err); ok {
		return err
	}
	if errors.Is(err, errUnique) || errors.Is(err, sql.ErrNoRows) {
		return err
	}
	if errors.Is(err, context.DeadlineExceeded) {
		return newError(ErrUnavailable, err, "registre indisponible\u00a0: la base de données n’a pas répondu à temps\u202f; rien n’a été enregistré, réessayez dans un instant")
	}
	if errors.Is(err, context.Canceled) {
		return newError(ErrUnavailable, err, "registre indisponible\u00a0: la requête a été interrompue avant la fin\u202f; rien n’a été enregistré")
	}
	if se, ok := errors.AsType[*sqlite.Error](err); ok {
		switch se.Code() & 0xff {
		case sqlite3.SQLITE_CONSTRAINT:
			if se.Code() == sqlite3.SQLITE_CONSTRAINT_UNIQUE || se.Code() == sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY {
				return fmt.Errorf("%w: %w", errUnique, err)
			}
		case sqlite3.SQLITE_FULL:
			return newError(ErrUnavailable, err, "registre indisponible\u00a0: le disque est plein\u202f; libérez de la place, rien n’a été enregistré")
		case sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB:
			return newError(ErrCorrupt, err, "le fichier du registre est endommagé ou n’est pas une base certidoc\u202f; restaurez la dernière sauvegarde ou indiquez un autre dossier avec --donnees")
		case sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED:
			return newError(ErrUnavailable, err, "registre indisponible\u00a0: la base est occupée\u202f; réessayez dans un instant")
		case sqlite3.SQLITE_IOERR, sqlite3.SQLITE_CANTOPEN, sqlite3.SQLITE_READONLY, sqlite3.SQLITE_PERM:
			return newError(ErrUnavailable, err, "registre indisponible\u00a0: le fichier du registre ne peut être lu ou écrit (droits, disque)\u202f; rien n’a été enregistré")
		}
		return err
	}
	if pe, ok := errors.AsType[*pgconn.PgError](err); ok {
		switch {
		case pe.Code == "23505":
			return fmt.Errorf("%w: %w", errUnique, err)
		case pe.Code == "22021" || pe.Code == "22P05":
			// A text the base cannot store (a NUL byte, bytes that are not
			// UTF-8): the parameters are checked before, this is the net.
			return newError(ErrInput, err, "un paramètre contient un caractère que la base refuse (caractère nul ou texte qui n’est pas en UTF-8)\u202f; corrigez-le")
		case pe.Code == "57014":
			// statement_timeout: the delay ran out on the server's side.
			return newError(ErrUnavailable, err, "registre indisponible\u00a0: la base de données n’a pas répondu à temps\u202f; rien n’a été enregistré, réessayez dans un instant")
		case pe.Code == "53100":
			return newError(ErrUnavailable, err, "registre indisponible\u00a0: le disque de PostgreSQL est plein\u202f; rien n’a été enregistré")
		case pe.Code[:2] == "08", pe.Code[:2] == "53", pe.Code[:2] == "57", pe.Code[:2] == "58":
			return newError(ErrUnavailable, err, "registre indisponible\u00a0: PostgreSQL ne répond pas ou s’arrête\u202f; rien n’a été enregistré")
		case pe.Code == "3D000" || pe.Code == "28P01" || pe.Code == "28000":
			return newError(ErrUnavailable, err, "registre indisponible\u00a0: PostgreSQL refuse la connexion (base ou identifiants de --base)")
		}
		return err
	}
	// Any other driver error is the connection's: refused, reset, closed.
	return newError(ErrUnavailable, err, "registre indisponible\u00a0: la base de données ne répond pas\u202f; rien n’a été enregistré")
}
