package registre

import (
	"context"
	"database/sql"
	"sync"
)

// The verification page is the service's hottest route, and a lookup in
// the SQLite file costs three times what it takes to ask SQLite whether
// anything changed. So, on SQLite only, Verify keeps the answers it read,
// each with the version of the database it was read at, and gives one back
// only when the database has not changed since: a revocation shows on the
// very next lookup, whoever made it.
//
// The version is SQLite's PRAGMA data_version on one connection kept for
// that purpose, which never writes: its value changes whenever another
// connection — of this process's pool (a revocation through the API), of
// another process (certidoc registre revoquer, a second instance, the
// sqlite3 shell) — committed a change to the file since its previous call.
// Every lookup asks it first, then reads the entry from the database on a
// miss; what it reads is at least as new as the version it asked before,
// so storing it under that version can only make the cache fresher than its
// label, never older. Any commit (a closing, a journal line) changes the
// version and empties the cache.
//
// A new connection counts data_version from its own start: when the
// connection fails and is opened again, the cache is emptied and its epoch
// bumped, so that no answer read under the old connection's count is taken
// for one of the new.
//
// PostgreSQL has no such cheap question (its instances would need
// LISTEN/NOTIFY, which a connection pool loses silently), so there every
// lookup reads the base.

// verifyCacheSize bounds the answers kept: about 300 bytes each (measured
// on 102,600), 40 MB at most. Beyond, an answer is forgotten at random for
// each new one.
const verifyCacheSize = 1 << 17

// dataVersion identifies the state of the SQLite file as the version
// connection saw it.
type dataVersion struct {
	epoch uint64 // bumped each time the version connection is opened again
	n     int64  // PRAGMA data_version
}

// verifyCache keeps Verify's answers on SQLite. Safe for concurrent use.
type verifyCache struct {
	db *sql.DB // the connection that only asks PRAGMA data_version

	mu      sync.Mutex
	conn    *sql.Conn
	stmt    *sql.Stmt
	current dataVersion
	answers map[string]Verification
}

func newVerifyCache(dsn string) (*verifyCache, error) {
	db, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, err
	}
	db.SetMaxOpenConns(1)
	return &verifyCache{db: db, answers: map[string]Verification{}}, nil
}

// version asks SQLite whether the file changed, and empties the cache when
// it did. The answer is the version to read and store lookups under.
func (c *verifyCache) version(ctx context.Context) (dataVersion, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.conn == nil {
		conn, err := c.db.Conn(ctx)
		if err != nil {
			return dataVersion{}, err
		}
		stmt, err := conn.PrepareContext(ctx, `PRAGMA data_version`)
		if err != nil {
			conn.Close()
			return dataVersion{}, err
		}
		c.conn, c.stmt = conn, stmt
		c.current.epoch++
		clear(c.answers)
	}
	var n int64
	if err := c.stmt.QueryRowContext(ctx).Scan(&n); err != nil {
		c.stmt.Close()
		c.conn.Close()
		c.conn, c.stmt = nil, nil
		clear(c.answers)
		return dataVersion{}, err
	}
	if n != c.current.n {
		c.current.n = n
		clear(c.answers)
	}
	return c.current, nil
}

// get returns the answer kept for code, if it was read at version v and v
// is still the file's version.
func (c *verifyCache) get(code string, v dataVersion) (Verification, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if v != c.current {
		return Verification{}, false
	}
	e, ok := c.answers[code]
	return e, ok
}

// put keeps an answer read after asking for version v, unless the file
// changed since.
func (c *verifyCache) put(code string, v dataVersion, e Verification) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if v != c.current {
		return
	}
	if len(c.answers) >= verifyCacheSize {
		for k := range c.answers {
			delete(c.answers, k)
			break
		}
	}
	c.answers[code] = e
}

func (c *verifyCache) close() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.conn != nil {
		c.stmt.Close()
		c.conn.Close()
		c.conn, c.stmt = nil, nil
	}
	return c.db.Close()
}
