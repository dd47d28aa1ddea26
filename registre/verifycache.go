package registre

import (
	"database/sql/driver"
	"errors"
	"io"
	"strings"
	"sync"

	"modernc.org/sqlite"
)

// On SQLite, Verify keeps the answers it read and gives one back only
// while nothing was committed to the file since it was read, so that a
// revocation shows on the very next lookup, whoever made it: this
// process's pool (a revocation through the API), another process
// (certidoc registre revoquer, a second instance), or any program writing
// the file.
//
// Whether anything was committed is what SQLite's PRAGMA data_version
// says: asked twice of one connection, it gives another number when
// another connection committed a change in between
// (https://sqlite.org/pragma.html#pragma_data_version). The cache has a
// connection of its own, which never writes, and asks it at every lookup,
// under the cache's lock; when the number changed, every answer kept is
// forgotten. On a miss the entry is read on the same connection, after the
// question: what is kept is at least as new as the number it is kept
// under. Any commit (a closing, a journal line) thus empties the cache.
//
// The questions go to the driver's connection itself: the cache's alone,
// used under its lock, it needs neither database/sql's pool nor its
// conversions. When the connection fails, it is closed with every answer
// kept (a new connection counts data_version from its own start) and the
// lookup reads through the pool; the next lookup opens another.
//
// PostgreSQL has no such question (its instances would need LISTEN/NOTIFY,
// which arrives asynchronously), so there every lookup reads the base. Why
// this design and not another: docs/verification-cache.md.

// verifyCacheSize bounds the answers kept; beyond, all are forgotten and
// the cache fills again.
const verifyCacheSize = 1 << 17

// verifyCache keeps Verify's answers on SQLite. Safe for concurrent use.
type verifyCache struct {
	dsn string

	size int // verifyCacheSize, but in tests

	mu      sync.Mutex
	closed  bool        // the registre was closed: no connection opens again
	conn    driver.Conn // nil until the first lookup and after a failure
	version driver.Stmt // PRAGMA data_version
	read    driver.Stmt // verifyQuery
	seen    int64       // data_version when the answers kept were read
	answers map[string]Verification
	args    []driver.Value
	row     []driver.Value
}

func newVerifyCache(dsn string) *verifyCache {
	return &verifyCache{dsn: dsn, size: verifyCacheSize, answers: map[string]Verification{}, args: make([]driver.Value, 1), row: make([]driver.Value, 7)}
}

// verify answers for a normalized code: what it kept, when nothing was
// committed since, else what the file says. found is false for a code
// nobody issued. An error is the cache's connection failing, now closed:
// the caller reads through the pool.
func (c *verifyCache) verify(code string) (v Verification, found bool, err error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.closed {
		return Verification{}, false, errClosed
	}
	if v, found, err = c.lookup(code); err != nil {
		c.closeConn()
	}
	return v, found, err
}

// lookup does verify's work under the cache's lock.
func (c *verifyCache) lookup(code string) (Verification, bool, error) {
	if c.conn == nil {
		if err := c.open(); err != nil {
			return Verification{}, false, err
		}
	}
	found, err := query(c.version, nil, c.row[:1])
	if err != nil {
		return Verification{}, false, err
	}
	n, ok := c.row[0].(int64)
	if !found || !ok {
		return Verification{}, false, errNoDataVersion
	}
	if n != c.seen {
		c.seen = n
		clear(c.answers)
	}
	if v, kept := c.answers[code]; kept {
		return v, true, nil
	}
	c.args[0] = code
	if found, err = query(c.read, c.args, c.row); err != nil || !found {
		return Verification{}, false, err
	}
	v := Verification{Code: strings.Clone(code)} // not the request's memory
	var revoque string
	for i, dst := range [...]*string{&v.Numero, &v.Nature, &v.Titulaire, &v.Certifie, &v.DateDecision, &revoque, &v.Motif} {
		switch x := c.row[i].(type) {
		case string:
			*dst = x
		case []byte:
			*dst = string(x)
		case nil:
		default:
			return Verification{}, false, errNotText
		}
	}
	v.RevoqueLe = unstamp(revoque)
	c.keep(v)
	return v, true, nil
}

// keep keeps an answer read since the cache last asked data_version.
func (c *verifyCache) keep(v Verification) {
	if len(c.answers) >= c.size {
		clear(c.answers)
	}
	c.answers[v.Code] = v
}

// open opens the cache's connection and prepares its two statements.
func (c *verifyCache) open() error {
	conn, err := (&sqlite.Driver{}).Open(c.dsn)
	if err != nil {
		return err
	}
	c.conn = conn
	if c.version, err = conn.Prepare(`PRAGMA data_version`); err != nil {
		return err
	}
	c.read, err = conn.Prepare(verifyQuery)
	return err
}

// closeConn closes the connection and forgets every answer: a new
// connection counts data_version from its own start.
func (c *verifyCache) closeConn() error {
	var err error
	for _, s := range []driver.Stmt{c.version, c.read} {
		if s != nil {
			err = errors.Join(err, s.Close())
		}
	}
	if c.conn != nil {
		err = errors.Join(err, c.conn.Close())
	}
	c.conn, c.version, c.read = nil, nil, nil
	c.seen = 0
	clear(c.answers)
	return err
}

func (c *verifyCache) close() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.closed = true
	return c.closeConn()
}

// query runs a statement that gives one row at most into dest; false when
// it gives none.
func query(stmt driver.Stmt, args, dest []driver.Value) (bool, error) {
	rows, err := stmt.Query(args)
	if err != nil {
		return false, err
	}
	err = rows.Next(dest)
	if cerr := rows.Close(); err == nil {
		err = cerr
	}
	if err == io.EOF {
		return false, nil
	}
	return err == nil, err
}
