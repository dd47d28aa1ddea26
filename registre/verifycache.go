package registre

import (
	"database/sql/driver"
	"errors"
	"io"
	"sync"
	"time"

	"modernc.org/sqlite"
)

// The verification page is the service's hottest route, and a lookup in
// the SQLite file costs several times what it takes to ask SQLite whether
// anything changed. So, on SQLite only, Verify keeps the answers it read
// since the file last changed, and gives one back only when the file has
// not changed since: a revocation shows on the very next lookup, whoever
// made it.
//
// The version is SQLite's PRAGMA data_version on one connection kept for
// that purpose, which never writes: its value changes whenever another
// connection — of this process's pool (a revocation through the API), of
// another process (certidoc registre revoquer, a second instance, the
// sqlite3 shell) — committed a change to the file since its previous call.
// Every lookup asks it first, under the cache's lock, and empties the cache
// when it changed; then, on a miss, it reads the entry on the same
// connection, after the question: what it keeps is at least as new as the
// version the cache holds, and any commit after the read changes the
// version again before the next lookup can use it. Any commit (a closing,
// a journal line) thus empties the cache.
//
// A new connection counts data_version from its own start: when the
// connection fails, the cache is emptied, and a new connection starts with
// an empty cache, so that no count of the old one is compared with the
// new one's.
//
// The questions go to the driver itself, without database/sql's pool and
// conversions, which doubled the cost of the version's; the connection is
// this cache's alone and used under its lock.
//
// PostgreSQL has no such cheap question (its instances would need
// LISTEN/NOTIFY, which a connection pool loses silently), so there every
// lookup reads the base.

// verifyCacheSize bounds the answers kept: about 180 bytes each (measured
// on 102,600), 23 MB at most. Beyond, an answer is forgotten at random for
// each new one.
const verifyCacheSize = 1 << 17

// verifyCache keeps Verify's answers on SQLite. Safe for concurrent use.
type verifyCache struct {
	dsn string

	mu      sync.Mutex
	conn    driver.Conn // nil until needed or after a failure
	closed  bool        // the registre was closed: no connection opens again
	version driver.Stmt // PRAGMA data_version
	lookup  driver.Stmt // verifyQuery
	n       []driver.Value
	row     []driver.Value
	arg     []driver.Value
	current int64 // PRAGMA data_version when the answers kept were read
	answers map[[codeLen]byte]keptAnswer
}

// codeLen is the length of a normalized short code.
const codeLen = 10

// keptAnswer is a Verification kept with one pointer for the garbage
// collector to follow instead of seven: its texts one after the other.
type keptAnswer struct {
	text    string    // Numero, Nature, Titulaire, Certifie, DateDecision, Motif
	ends    [6]uint16 // where each of them ends in text
	revoque int64     // RevoqueLe in Unix seconds, 0 when not revoked
}

func newVerifyCache(dsn string) *verifyCache {
	return &verifyCache{dsn: dsn, n: make([]driver.Value, 1), row: make([]driver.Value, 7), arg: make([]driver.Value, 1),
		answers: map[[codeLen]byte]keptAnswer{}}
}

// verify answers for a normalized code: what it kept, if the file has not
// changed since, else what the file says. found is false for a code
// nobody issued; err is a failure of the connection, which is then closed
// (the next lookup opens another).
func (c *verifyCache) verify(code string) (v Verification, found bool, err error) {
	k, ok := keyOf(code)
	if !ok {
		return Verification{}, false, nil
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.closed {
		return Verification{}, false, errClosed
	}
	if c.conn == nil {
		if err := c.open(); err != nil {
			return Verification{}, false, err
		}
	}
	n, err := c.askVersion()
	if err != nil {
		c.fail()
		return Verification{}, false, err
	}
	if n != c.current {
		c.current = n
		clear(c.answers)
	}
	if a, kept := c.answers[k]; kept {
		return a.verification(code), true, nil
	}
	v, found, err = c.read(code)
	if err != nil {
		c.fail()
		return Verification{}, false, err
	}
	if !found {
		return Verification{}, false, nil
	}
	if a, ok := keep(v); ok {
		if len(c.answers) >= verifyCacheSize {
			for k := range c.answers {
				delete(c.answers, k)
				break
			}
		}
		c.answers[k] = a
	}
	return v, true, nil
}

// open opens the cache's connection; a new connection counts data_version
// from its own start, so the cache starts empty.
func (c *verifyCache) open() error {
	conn, err := (&sqlite.Driver{}).Open(c.dsn)
	if err != nil {
		return err
	}
	version, err := conn.Prepare(`PRAGMA data_version`)
	if err != nil {
		conn.Close()
		return err
	}
	lookup, err := conn.Prepare(verifyQuery)
	if err != nil {
		version.Close()
		conn.Close()
		return err
	}
	c.conn, c.version, c.lookup = conn, version, lookup
	clear(c.answers)
	return nil
}

// fail closes the connection after an error and forgets every answer.
func (c *verifyCache) fail() {
	c.closeConn()
	clear(c.answers)
}

func (c *verifyCache) closeConn() error {
	if c.conn == nil {
		return nil
	}
	c.version.Close()
	c.lookup.Close()
	err := c.conn.Close()
	c.conn, c.version, c.lookup = nil, nil, nil
	return err
}

// askVersion runs PRAGMA data_version.
func (c *verifyCache) askVersion() (int64, error) {
	found, err := query(c.version, nil, c.n)
	if err != nil {
		return 0, err
	}
	n, ok := c.n[0].(int64)
	if !found || !ok {
		return 0, errNoDataVersion
	}
	return n, nil
}

// read reads a code's entry in the file.
func (c *verifyCache) read(code string) (Verification, bool, error) {
	c.arg[0] = code
	found, err := query(c.lookup, c.arg, c.row)
	if err != nil || !found {
		return Verification{}, false, err
	}
	v := Verification{Code: code}
	var revoque string
	for i, dst := range []*string{&v.Numero, &v.Nature, &v.Titulaire, &v.Certifie, &v.DateDecision, &revoque, &v.Motif} {
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
	return v, true, nil
}

// errNotText is a column of verifyQuery that the driver did not give as
// text.
var errNotText = errors.New("registre: verification column is not text")

// errClosed is a lookup in a closed registre.
var errClosed = errors.New("registre: closed")

// query runs a statement expected to give one row at most into dest.
func query(stmt driver.Stmt, args, dest []driver.Value) (bool, error) {
	rows, err := stmt.Query(args)
	if err != nil {
		return false, err
	}
	err = rows.Next(dest)
	if cerr := rows.Close(); err == nil || err == io.EOF {
		if cerr != nil {
			return false, cerr
		}
	}
	if err == io.EOF {
		return false, nil
	}
	return err == nil, err
}

func (c *verifyCache) close() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.closed = true
	clear(c.answers)
	return c.closeConn()
}

func keyOf(code string) ([codeLen]byte, bool) {
	var k [codeLen]byte
	return k, copy(k[:], code) == codeLen && len(code) == codeLen
}

// keep packs a Verification; false when its texts are too long to pack.
func keep(e Verification) (keptAnswer, bool) {
	fields := [6]string{e.Numero, e.Nature, e.Titulaire, e.Certifie, e.DateDecision, e.Motif}
	n := 0
	for _, f := range fields {
		n += len(f)
	}
	if n > 0xFFFF {
		return keptAnswer{}, false
	}
	b := make([]byte, 0, n)
	var a keptAnswer
	for i, f := range fields {
		b = append(b, f...)
		a.ends[i] = uint16(len(b))
	}
	a.text = string(b)
	if e.Revoque() {
		a.revoque = e.RevoqueLe.Unix()
	}
	return a, true
}

// verification unpacks the answer kept for code.
func (a keptAnswer) verification(code string) Verification {
	var f [6]string
	start := uint16(0)
	for i, end := range a.ends {
		f[i], start = a.text[start:end], end
	}
	v := Verification{Code: code, Numero: f[0], Nature: f[1], Titulaire: f[2], Certifie: f[3], DateDecision: f[4], Motif: f[5]}
	if a.revoque != 0 {
		v.RevoqueLe = time.Unix(a.revoque, 0).UTC()
	}
	return v
}
