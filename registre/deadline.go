package registre

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"sync/atomic"
	"time"
)

// Every call to the database has a deadline: a database that stops
// answering (PostgreSQL's processes stopped, its host unreachable, a lock
// held, another writer on the SQLite file) makes the call fail with
// ErrUnavailable within Config.QueryTimeout, which the service answers
// 503 with Retry-After, instead of holding the request and its connection
// for as long as the silence lasts.
//
// The deadline bounds the database's silence, not the call's length: a
// call of many statements (a closing of 1,200 candidates, a listing read
// row by row) calls answered after each answer, which gives it the whole
// delay again. A closing thus takes the time its size needs, and a
// database gone silent in its middle is noticed within the delay.
//
// The same delay is given to each database separately: to PostgreSQL as
// its statement_timeout (a statement waiting for a lock is stopped by the
// server itself, and the connection stays usable), to SQLite as its
// busy_timeout (the wait for another writer's lock, during which SQLite
// does not look at the context).

// Defaults of Config's delays.
const (
	DefaultConnectTimeout = 5 * time.Second
	DefaultQueryTimeout   = 5 * time.Second
	// migrationTimeout is the silence allowed to each statement of a
	// migration at Open, which may rewrite a table.
	migrationTimeout = 5 * time.Minute
	// backupTimeout bounds a backup of the SQLite file (VACUUM INTO), one
	// statement however large the registre.
	backupTimeout = 10 * time.Minute
)

// Validate reports every unusable setting at once, naming its option.
func (c Config) Validate() error {
	var errs []error
	if c.Postgres != "" && !strings.HasPrefix(c.Postgres, "postgres://") && !strings.HasPrefix(c.Postgres, "postgresql://") {
		errs = append(errs, errors.New("--base\u00a0: attendu une adresse postgres://…"))
	}
	for _, d := range []struct {
		flag string
		v    time.Duration
	}{
		{"--delai-connexion", c.ConnectTimeout},
		{"--delai-base", c.QueryTimeout},
	} {
		if d.v < 0 || d.v > 0 && d.v < 10*time.Millisecond {
			errs = append(errs, fmt.Errorf("%s\u00a0: durée %s invalide, attendu une durée de 10ms au moins, par exemple 5s", d.flag, d.v))
		}
	}
	return errors.Join(errs...)
}

// withDefaults fills the delays left at zero.
func (c Config) withDefaults() Config {
	if c.ConnectTimeout == 0 {
		c.ConnectTimeout = DefaultConnectTimeout
	}
	if c.QueryTimeout == 0 {
		c.QueryTimeout = DefaultQueryTimeout
	}
	return c
}

// A watch cancels a call's context when the database has been silent for
// its delay.
type watch struct {
	cancel context.CancelFunc
	timer  *time.Timer
	delay  time.Duration
	silent atomic.Bool // the delay ran out
}

type watchKey struct{}

// watch bounds a call by the registre's delay. The call ends with
// defer w.end(&err).
func (r *Registre) watch(ctx context.Context) (context.Context, *watch) {
	return watchFor(ctx, r.delay)
}

// A call made inside another (a page inside a listing, a listing inside
// a search) is watched by the outer call's watch: the answers it reads
// give the whole call its delay again, and its end leaves the watch to
// the outer call (a nil *watch ends nothing).
func watchFor(ctx context.Context, delay time.Duration) (context.Context, *watch) {
	if _, ok := ctx.Value(watchKey{}).(*watch); ok {
		return ctx, nil
	}
	ctx, cancel := context.WithCancel(ctx)
	w := &watch{cancel: cancel, delay: delay}
	w.timer = time.AfterFunc(delay, func() {
		if ctx.Err() == nil {
			w.silent.Store(true)
			cancel()
		}
	})
	return context.WithValue(ctx, watchKey{}, w), w
}

// answered gives the call watching ctx its whole delay again: the
// database just answered.
func answered(ctx context.Context) {
	if w, ok := ctx.Value(watchKey{}).(*watch); ok {
		w.timer.Reset(w.delay)
	}
}

// end stops the watch; when the delay ran out, the call's error says the
// database did not answer in time. So it does when SQLite gave up waiting
// for another writer's lock: its busy_timeout is the delay, and it may give
// up a moment before the watch's timer fires.
func (w *watch) end(err *error) {
	if w == nil {
		return
	}
	w.timer.Stop()
	w.cancel()
	if *err != nil && (w.silent.Load() || busy(*err)) && errors.Is(*err, ErrUnavailable) {
		*err = silentError(w.delay, *err)
	}
}

// silentError is the error of a database that did not answer within delay.
func silentError(delay time.Duration, cause error) error {
	return newError(ErrUnavailable, cause, "registre indisponible\u00a0: la base de données n’a pas répondu en %s\u202f; rien n’a été enregistré, réessayez dans un instant", delayFR(delay))
}

// delayFR writes a delay for users: 5 s, 1,5 s, 250 ms.
func delayFR(d time.Duration) string {
	if d < time.Second {
		return fmt.Sprintf("%d\u00a0ms", d.Milliseconds())
	}
	return strings.Replace(fmt.Sprintf("%g\u00a0s", d.Seconds()), ".", ",", 1)
}

// watchedDB is the registre's pool, whose every answer gives the call
// watching the statement's context its whole delay again: a call of
// several reads (a listing's count then its page, a profile then its
// images) has the delay for each.
type watchedDB struct{ *sql.DB }

func (d watchedDB) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	res, err := d.DB.ExecContext(ctx, query, args...)
	answered(ctx)
	return res, err
}

func (d watchedDB) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	rows, err := d.DB.QueryContext(ctx, query, args...)
	answered(ctx)
	return rows, err
}

func (d watchedDB) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	row := d.DB.QueryRowContext(ctx, query, args...)
	answered(ctx)
	return row
}

// watchedTx is a transaction whose every answer gives the call watching
// the statement's context its whole delay again.
type watchedTx struct{ *sql.Tx }

func (t watchedTx) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	res, err := t.Tx.ExecContext(ctx, query, args...)
	answered(ctx)
	return res, err
}

func (t watchedTx) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	rows, err := t.Tx.QueryContext(ctx, query, args...)
	answered(ctx)
	return rows, err
}

func (t watchedTx) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	row := t.Tx.QueryRowContext(ctx, query, args...)
	answered(ctx)
	return row
}
