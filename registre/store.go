package registre

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib" // the database/sql driver of PostgreSQL
	_ "modernc.org/sqlite"           // the "sqlite" database/sql driver, pure Go
)

//go:embed migrations/*.sql
var migrations embed.FS

// FileName is the SQLite file inside the data folder.
const FileName = "certidoc.db"

// applicationID marks a SQLite file as a certidoc registre ("CERT").
const applicationID = 0x43455254

// Config says where the registre lives: a PostgreSQL address, or else the
// SQLite file certidoc.db in Dir.
type Config struct {
	Dir      string // data folder (--donnees), created when missing
	Postgres string // postgres://… (--base); wins over Dir
	// ConnectTimeout bounds the opening of a connection to PostgreSQL
	// (--delai-connexion); QueryTimeout each wait for the database's
	// answer (--delai-base): a statement, a row, SQLite's wait for another
	// writer (deadline.go). Zero takes DefaultConnectTimeout and
	// DefaultQueryTimeout.
	ConnectTimeout time.Duration
	QueryTimeout   time.Duration
}

// Registre is an open registre. It is safe for concurrent use.
type Registre struct {
	db       watchedDB
	postgres bool
	path     string // the SQLite file, "" on PostgreSQL
	now      func() time.Time
	lookup   *sql.Stmt     // Lookup's query, prepared once
	verify   *sql.Stmt     // Verify's query, prepared once: the verification page's hot path
	cache    *verifyCache  // Verify's answers, on SQLite only
	upTo     int           // the last migration to apply, 0 for all (tests)
	delay    time.Duration // each wait for the database, Config.QueryTimeout
}

// Open opens the registre, creating it when needed, and applies the
// migrations it lacks. now is the clock of closings, revocations and
// duplicatas.
func Open(ctx context.Context, cfg Config, now func() time.Time) (*Registre, error) {
	return openUpTo(ctx, cfg, now, 0)
}

// openUpTo is Open applying the migrations up to number upTo only (all
// when 0): how the tests make a registre as an earlier certidoc left it.
func openUpTo(ctx context.Context, cfg Config, now func() time.Time, upTo int) (*Registre, error) {
	if err := cfg.Validate(); err != nil {
		return nil, newError(ErrConfig, err, "%s", err)
	}
	cfg = cfg.withDefaults()
	r := &Registre{now: now, upTo: upTo, delay: cfg.QueryTimeout}
	var err error
	if cfg.Postgres != "" {
		r.postgres = true
		pc, err := pgx.ParseConfig(cfg.Postgres)
		if err != nil {
			// pgconn's message hides the password.
			return nil, newError(ErrConfig, err, "--base\u00a0: adresse PostgreSQL illisible (%v)", err)
		}
		pc.ConnectTimeout = cfg.ConnectTimeout
		// The server stops a statement silent for the delay itself (a
		// lock held by another session): the connection stays usable. A
		// statement_timeout the address gives is kept.
		if _, set := pc.RuntimeParams["statement_timeout"]; !set {
			pc.RuntimeParams["statement_timeout"] = strconv.FormatInt(cfg.QueryTimeout.Milliseconds(), 10)
		}
		r.db = watchedDB{stdlib.OpenDB(*pc)}
		r.db.SetMaxOpenConns(16)
		r.db.SetMaxIdleConns(16)
	} else {
		if cfg.Dir == "" {
			return nil, fmt.Errorf("%w\u00a0: indiquez le dossier des données (--donnees)", ErrConfig)
		}
		if err := os.MkdirAll(cfg.Dir, 0o700); err != nil {
			return nil, fmt.Errorf("%w\u00a0: création du dossier des données %s impossible (%v)", ErrUnavailable, cfg.Dir, errors.Unwrap(err))
		}
		r.path = filepath.Join(cfg.Dir, FileName)
		// SQLite waits for another writer's lock up to busy_timeout, without
		// looking at the context: the wait is the delay.
		dsn := "file:" + r.path + "?_txlock=immediate&_pragma=busy_timeout(" + strconv.FormatInt(cfg.QueryTimeout.Milliseconds(), 10) + ")&_pragma=foreign_keys(1)&_pragma=journal_mode(WAL)&_pragma=synchronous(NORMAL)"
		var db *sql.DB
		if db, err = sql.Open("sqlite", dsn); err != nil {
			return nil, fmt.Errorf("%w\u00a0: %v", ErrConfig, err)
		}
		r.db = watchedDB{db}
		r.db.SetMaxOpenConns(8)
		r.db.SetMaxIdleConns(8)
		r.cache = newVerifyCache(dsn)
	}
	if err := r.ping(ctx, cfg.ConnectTimeout); err != nil {
		r.closeDB()
		return nil, err
	}
	if err := r.migrate(ctx); err != nil {
		r.closeDB()
		return nil, err
	}
	if err := r.prepare(ctx); err != nil {
		r.closeDB()
		return nil, err
	}
	return r, nil
}

// ping opens a first connection within the connection delay: a database
// that does not answer stops the start at once, saying so.
func (r *Registre) ping(ctx context.Context, delay time.Duration) (err error) {
	ctx, w := watchFor(ctx, delay)
	defer w.end(&err)
	return classify(r.db.PingContext(ctx))
}

// prepare prepares the lookups' queries.
func (r *Registre) prepare(ctx context.Context) (err error) {
	ctx, w := r.watch(ctx)
	defer w.end(&err)
	if r.lookup, err = r.db.PrepareContext(ctx, `SELECT `+entryColumns+` FROM documents WHERE code = $1`); err != nil {
		return classify(err)
	}
	if r.verify, err = r.db.PrepareContext(ctx, verifyQuery); err != nil {
		r.lookup.Close()
		return classify(err)
	}
	return nil
}

// Close closes the registre.
func (r *Registre) Close() error {
	r.lookup.Close()
	r.verify.Close()
	return r.closeDB()
}

func (r *Registre) closeDB() error {
	if r.cache != nil {
		r.cache.close()
	}
	return r.db.Close()
}

// Where says where the registre is, without any password.
func (r *Registre) Where() string {
	if r.postgres {
		return "PostgreSQL"
	}
	return r.path
}

// migrate applies the embedded migrations not applied yet, in one
// transaction; on PostgreSQL an advisory lock keeps two instances starting
// together from applying them twice. Each statement may take
// migrationTimeout.
func (r *Registre) migrate(ctx context.Context) (err error) {
	ctx, w := watchFor(ctx, migrationTimeout)
	defer w.end(&err)
	if !r.postgres {
		if err := r.checkSQLiteFile(ctx); err != nil {
			return err
		}
	}
	return r.inTx(ctx, func(tx watchedTx) error {
		if r.postgres {
			if _, err := tx.ExecContext(ctx, `SET LOCAL statement_timeout = `+strconv.FormatInt(migrationTimeout.Milliseconds(), 10)); err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, `SELECT pg_advisory_xact_lock(43455254)`); err != nil {
				return err
			}
		}
		if _, err := tx.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER NOT NULL PRIMARY KEY, appliquee_le TEXT NOT NULL)`); err != nil {
			return err
		}
		applied := map[int]bool{}
		rows, err := tx.QueryContext(ctx, `SELECT version FROM schema_migrations`)
		if err != nil {
			return err
		}
		for rows.Next() {
			var v int
			if err := rows.Scan(&v); err != nil {
				rows.Close()
				return err
			}
			applied[v] = true
		}
		rows.Close()
		names, err := fs.Glob(migrations, "migrations/*.sql")
		if err != nil {
			return err
		}
		sort.Strings(names)
		for _, name := range names {
			v, err := strconv.Atoi(strings.SplitN(filepath.Base(name), "_", 2)[0])
			if err != nil {
				return fmt.Errorf("migration %s: no version number", name)
			}
			if applied[v] || r.upTo > 0 && v > r.upTo {
				continue
			}
			text, err := migrations.ReadFile(name)
			if err != nil {
				return err
			}
			for _, stmt := range statements(string(text)) {
				if _, err := tx.ExecContext(ctx, stmt); err != nil {
					return fmt.Errorf("migration %s: %w", name, err)
				}
				answered(ctx)
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO schema_migrations (version, appliquee_le) VALUES ($1, $2)`, v, stamp(r.now())); err != nil {
				return err
			}
		}
		if !r.postgres {
			_, err = tx.ExecContext(ctx, fmt.Sprintf(`PRAGMA application_id = %d`, applicationID))
		}
		return err
	})
}

// checkSQLiteFile refuses a file that is not SQLite, or a SQLite database
// that some other program made.
func (r *Registre) checkSQLiteFile(ctx context.Context) error {
	var id, tables int
	if err := r.db.QueryRowContext(ctx, `PRAGMA application_id`).Scan(&id); err != nil {
		return classify(err)
	}
	if err := r.db.QueryRowContext(ctx, `SELECT count(*) FROM sqlite_master`).Scan(&tables); err != nil {
		return classify(err)
	}
	if id != applicationID && tables > 0 {
		return fmt.Errorf("%w\u00a0: %s est une base SQLite d’un autre logiciel, pas un registre certidoc\u202f; indiquez un autre dossier avec --donnees", ErrCorrupt, r.path)
	}
	var check string
	if err := r.db.QueryRowContext(ctx, `PRAGMA quick_check`).Scan(&check); err != nil {
		return classify(err)
	}
	if check != "ok" {
		return fmt.Errorf("%w\u00a0: %s est endommagé (%s)\u202f; restaurez la dernière sauvegarde", ErrCorrupt, r.path, check)
	}
	return nil
}

// statements splits a migration file into its statements.
func statements(text string) []string {
	var out []string
	var b strings.Builder
	for _, line := range strings.Split(text, "\n") {
		if strings.HasPrefix(strings.TrimSpace(line), "--") {
			continue
		}
		b.WriteString(line + "\n")
		if strings.HasSuffix(strings.TrimSpace(line), ";") {
			out = append(out, strings.TrimSpace(b.String()))
			b.Reset()
		}
	}
	if s := strings.TrimSpace(b.String()); s != "" {
		out = append(out, s)
	}
	return out
}

// inTx runs f in one transaction, committed when f succeeds; a database
// error comes back classified (ErrUnavailable, ErrCorrupt).
func (r *Registre) inTx(ctx context.Context, f func(tx watchedTx) error) error {
	tx, err := r.db.BeginTx(ctx, nil)
	if err != nil {
		return classify(err)
	}
	answered(ctx)
	if err := f(watchedTx{tx}); err != nil {
		tx.Rollback()
		return classify(err)
	}
	if err := tx.Commit(); err != nil {
		return classify(err)
	}
	return nil
}

// stamp writes a time as the registre stores it.
func stamp(t time.Time) string { return t.UTC().Format(time.RFC3339) }

// unstamp reads a stored time; "" is the zero time.
func unstamp(s string) time.Time {
	if s == "" {
		return time.Time{}
	}
	t, _ := time.Parse(time.RFC3339, s)
	return t
}
