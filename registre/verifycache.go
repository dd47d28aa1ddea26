package registre

import (
	"database/sql/driver"
	"io"
	"sync"
	"time"

	"modernc.org/sqlite"
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
// The question goes to the driver itself, without database/sql's pool and
// conversions, which doubled its cost; the connection is this cache's alone
// and used under its lock.
//
// PostgreSQL has no such cheap question (its instances would need
// LISTEN/NOTIFY, which a connection pool loses silently), so there every
// lookup reads the base.

// verifyCacheSize bounds the answers kept: about 180 bytes each (measured
// on 102,600), 23 MB at most. Beyond, an answer is forgotten at random for
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
	dsn string

	mu      sync.Mutex
	conn    driver.Conn // only asks PRAGMA data_version; nil until needed or after a failure
	stmt    driver.Stmt
	row     []driver.Value
	current dataVersion
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
	return &verifyCache{dsn: dsn, row: make([]driver.Value, 1), answers: map[[codeLen]byte]keptAnswer{}}
}

// version asks SQLite whether the file changed, and empties the cache when
// it did. The answer is the version to read and store lookups under.
func (c *verifyCache) version() (dataVersion, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.conn == nil {
		conn, err := (&sqlite.Driver{}).Open(c.dsn)
		if err != nil {
			return dataVersion{}, err
		}
		stmt, err := conn.Prepare(`PRAGMA data_version`)
		if err != nil {
			conn.Close()
			return dataVersion{}, err
		}
		c.conn, c.stmt = conn, stmt
		c.current.epoch++
		clear(c.answers)
	}
	n, err := c.ask()
	if err != nil {
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

// ask runs PRAGMA data_version on the cache's connection.
func (c *verifyCache) ask() (int64, error) {
	rows, err := c.stmt.Query(nil)
	if err != nil {
		return 0, err
	}
	err = rows.Next(c.row)
	if cerr := rows.Close(); err == nil {
		err = cerr
	}
	if err == io.EOF {
		err = errNoDataVersion
	}
	if err != nil {
		return 0, err
	}
	n, ok := c.row[0].(int64)
	if !ok {
		return 0, errNoDataVersion
	}
	return n, nil
}

// get returns the answer kept for code, if it was read at version v and v
// is still the file's version.
func (c *verifyCache) get(code string, v dataVersion) (Verification, bool) {
	k, ok := keyOf(code)
	if !ok {
		return Verification{}, false
	}
	c.mu.Lock()
	a, found := c.answers[k]
	found = found && v == c.current
	c.mu.Unlock()
	if !found {
		return Verification{}, false
	}
	return a.verification(code), true
}

// put keeps an answer read after asking for version v, unless the file
// changed since.
func (c *verifyCache) put(code string, v dataVersion, e Verification) {
	k, ok := keyOf(code)
	if !ok {
		return
	}
	a, ok := keep(e)
	if !ok {
		return
	}
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
	c.answers[k] = a
}

func (c *verifyCache) close() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.conn == nil {
		return nil
	}
	c.stmt.Close()
	err := c.conn.Close()
	c.conn, c.stmt = nil, nil
	return err
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
