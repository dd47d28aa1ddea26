package registre

import (
	"errors"
	"sync"
	"sync/atomic"
	"time"
)

// The verification page is the service's hottest route, and a lookup in
// the SQLite file costs many times what it takes to see whether anything
// changed. So, on SQLite only, Verify keeps the answers it read since the
// file last changed, and gives one back only when the file has not changed
// since: a revocation shows on the very next lookup, whoever made it.
//
// Whether the file changed is read where SQLite itself reads it: in WAL
// mode every commit — of this process's pool (a revocation through the
// API), of another process (certidoc registre revoquer, a second instance,
// the sqlite3 shell) — rewrites the header of the wal-index, the -shm file
// that every connection maps in memory, before the commit returns. A
// reader that finds the header other than it last saw knows the file
// changed: that is how SQLite decides to drop its page cache, and what its
// PRAGMA data_version counts (walIndexTryHdr in SQLite's wal.c; the header
// is described in https://sqlite.org/walformat.html). Reading the header
// is a few loads from shared memory, without a lock or a system call,
// where asking PRAGMA data_version took two fcntl locks and a trip through
// SQLite's virtual machine, and a lock of the cache around them, on every
// lookup.
//
// Every lookup reads the header first. The answers kept were all read
// after the header the cache holds was seen; a lookup gives one back only
// when the header it read is that one, bit for bit. On a miss, the entry
// is read in the file after the header was read, so what it keeps is at
// least as new as the header it is kept under; when the header the lookup
// read is not the cache's, the cache is emptied and takes it. A header
// caught while a commit writes it (its two copies differ, or its checksum
// is wrong) is no header: the lookup reads the file and keeps nothing.
//
// The header is only worth reading while it is the one SQLite uses. SQLite
// deletes the -shm file when the last connection to the file closes, and a
// connection that opens the file again creates another: so the cache keeps
// a connection of its own open, which keeps the -shm file in place for as
// long as the cache maps it (a connection in WAL mode holds a shared lock
// on the file, and SQLite deletes the -shm file only under an exclusive
// one). When the -shm file cannot be mapped, the cache keeps nothing and
// every lookup reads the file.
//
// PostgreSQL has no such cheap question (its instances would need
// LISTEN/NOTIFY, which a connection pool loses silently), so there every
// lookup reads the base.

// verifyCacheSize bounds the answers kept: about 180 bytes each (measured
// on 102,600), 23 MB at most. Beyond, an answer is forgotten at random for
// each new one.
const verifyCacheSize = 1 << 17

// reopenAfter is how long the cache keeps nothing after it failed to map
// the wal-index, before it tries again.
const reopenAfter = 10 * time.Second

// verifyCache keeps Verify's answers on SQLite. Safe for concurrent use.
type verifyCache struct {
	dsn, shm string // the file's DSN and its wal-index

	view   atomic.Pointer[walView] // nil until the first lookup, after a failure or Close
	openMu sync.Mutex              // guards opening and closing view, and the fields below
	closed bool                    // the registre was closed: no view opens again
	retry  time.Time               // no new view before

	mu      sync.RWMutex
	seen    walHeader // the header the answers kept were read after
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

func newVerifyCache(dsn, path string) *verifyCache {
	return &verifyCache{dsn: dsn, shm: path + "-shm", answers: map[[codeLen]byte]keptAnswer{}}
}

// ticket is what a lookup saw before it read the file: the header, and
// whether it may keep what it reads under it.
type ticket struct {
	header walHeader
	keep   bool
}

// lookup gives the answer kept for a normalized code when the file has
// not changed since it was read. Otherwise it returns the ticket to give
// keep once the entry is read in the file.
func (c *verifyCache) lookup(code string) (Verification, bool, ticket) {
	k, ok := keyOf(code)
	if !ok {
		return Verification{}, false, ticket{}
	}
	w := c.current()
	if w == nil {
		return Verification{}, false, ticket{}
	}
	h, ok := w.header()
	if !ok {
		if w.faulted.Load() {
			c.drop(w)
		}
		return Verification{}, false, ticket{}
	}
	c.mu.RLock()
	a, kept := c.answers[k]
	kept = kept && c.seen == h
	c.mu.RUnlock()
	if kept {
		return a.verification(code), true, ticket{}
	}
	return Verification{}, false, ticket{header: h, keep: true}
}

// keep keeps an answer read in the file after t was had.
func (c *verifyCache) keep(t ticket, v Verification) {
	k, ok := keyOf(v.Code)
	if !t.keep || !ok {
		return
	}
	a, ok := keep(v)
	if !ok {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.seen != t.header {
		// The file changed since the answers kept were read (or, when
		// the lookup is late, since it read the header): they are
		// forgotten, and the cache now holds what was read after t.
		c.seen = t.header
		clear(c.answers)
	}
	if len(c.answers) >= verifyCacheSize {
		for k := range c.answers {
			delete(c.answers, k)
			break
		}
	}
	c.answers[k] = a
}

// current is the view of the wal-index, opened on the first lookup; nil
// when it cannot be had now.
func (c *verifyCache) current() *walView {
	if w := c.view.Load(); w != nil {
		return w
	}
	c.openMu.Lock()
	defer c.openMu.Unlock()
	if w := c.view.Load(); w != nil {
		return w
	}
	if c.closed || time.Now().Before(c.retry) {
		return nil
	}
	w, err := openWALView(c.dsn, c.shm)
	if err != nil {
		c.retry = time.Now().Add(reopenAfter)
		return nil
	}
	// A new view starts with nothing kept: what was kept under another
	// -shm file says nothing of this one.
	c.mu.Lock()
	c.seen = walHeader{}
	clear(c.answers)
	c.mu.Unlock()
	c.view.Store(w)
	return w
}

// drop closes a view that failed and keeps nothing for a while.
func (c *verifyCache) drop(w *walView) {
	c.openMu.Lock()
	defer c.openMu.Unlock()
	if c.view.CompareAndSwap(w, nil) {
		w.close()
		c.retry = time.Now().Add(reopenAfter)
	}
}

func (c *verifyCache) close() error {
	c.openMu.Lock()
	defer c.openMu.Unlock()
	c.closed = true
	c.mu.Lock()
	clear(c.answers)
	c.mu.Unlock()
	if w := c.view.Swap(nil); w != nil {
		return w.close()
	}
	return nil
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

// errNoWALIndex is a registre file whose wal-index cannot be mapped.
var errNoWALIndex = errors.New("registre: no wal-index to map")
