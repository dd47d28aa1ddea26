package registre

import (
	"errors"
	"sync"
	"sync/atomic"
	"time"
	"unsafe"
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
// is a few loads from shared memory under the cache's read lock, without a
// system call, where asking PRAGMA data_version took two fcntl locks and a
// trip through SQLite's virtual machine, under the cache's exclusive lock,
// on every lookup.
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

// verifyCacheSize bounds the answers kept: about 200 bytes each with the
// map (20 MB of heap for 102,600 under wrk), 26 MB at most.
const verifyCacheSize = 1 << 17

// reopenAfter is how long the cache keeps nothing after it failed to map
// the wal-index, before it tries again.
const reopenAfter = 10 * time.Second

// verifyCache keeps Verify's answers on SQLite. Safe for concurrent use.
type verifyCache struct {
	dsn, shm string // the file's DSN and its wal-index

	view   atomic.Pointer[walView] // nil until the first lookup, after a failure or Close; set and unset under mu too
	openMu sync.Mutex              // guards opening and closing view, and the fields below
	closed bool                    // the registre was closed: no view opens again
	retry  time.Time               // no new view before

	mu       sync.RWMutex
	seen     walHeader // the header the answers kept were read after
	cur, old answerSet // the answers kept, the newest in cur
}

// The answers are kept in two generations: new ones go to cur; when cur
// holds half of verifyCacheSize, old is forgotten and cur becomes old. A
// registre whose codes looked up fit in the cache is thus read once; a
// larger one keeps the last ones read.
//
// Their texts are kept in large byte blocks, and a kept answer holds no
// pointer: with 100,000 answers kept, the garbage collector has a few
// hundred blocks to mark instead of 100,000 strings and a map to scan (it
// took 8 ms of CPU a cycle, every 170 ms under wrk). A block is never
// written again below its length, so the strings given out point into it
// without a copy, and keep it alive once forgotten.

// textBlock is the size of the blocks answers' texts are kept in.
const textBlock = 64 << 10

// answerSet is one generation of answers.
type answerSet struct {
	answers map[[CodeLength]byte]keptAnswer
	blocks  [][]byte // the texts of the answers
}

// keptAnswer is a Verification kept: where its texts are, and its date of
// revocation.
type keptAnswer struct {
	block   uint32    // which of its set's blocks holds its texts
	start   uint32    // where they start there
	ends    [6]uint16 // where each of Numero, Nature, Titulaire, Certifie, DateDecision, Motif ends, from start
	revoque int64     // RevoqueLe in Unix seconds, 0 when not revoked
}

// find gives the answer kept for k and the texts it points into.
func (s *answerSet) find(k [CodeLength]byte) (keptAnswer, []byte, bool) {
	a, ok := s.answers[k]
	if !ok {
		return keptAnswer{}, nil, false
	}
	return a, s.blocks[a.block], true
}

// add keeps v's answer; false when its texts are too long to pack.
func (s *answerSet) add(k [CodeLength]byte, v Verification) bool {
	fields := [6]string{v.Numero, v.Nature, v.Titulaire, v.Certifie, v.DateDecision, v.Motif}
	n := 0
	for _, f := range fields {
		n += len(f)
	}
	if n > 0xFFFF {
		return false
	}
	if len(s.blocks) == 0 || cap(s.blocks[len(s.blocks)-1])-len(s.blocks[len(s.blocks)-1]) < n {
		s.blocks = append(s.blocks, make([]byte, 0, max(textBlock, n)))
	}
	i := len(s.blocks) - 1
	b := s.blocks[i]
	a := keptAnswer{block: uint32(i), start: uint32(len(b))}
	for j, f := range fields {
		b = append(b, f...)
		a.ends[j] = uint16(len(b) - int(a.start))
	}
	s.blocks[i] = b
	if v.Revoque() {
		a.revoque = v.RevoqueLe.Unix()
	}
	if s.answers == nil {
		s.answers = map[[CodeLength]byte]keptAnswer{}
	}
	s.answers[k] = a
	return true
}

// forget forgets every answer.
func (s *answerSet) forget() {
	clear(s.answers)
	s.blocks = nil
}

// len is the number of answers kept.
func (s *answerSet) len() int { return len(s.answers) }

// verification unpacks the answer kept for code, whose texts are in
// block.
func (a keptAnswer) verification(code string, block []byte) Verification {
	text := unsafe.String(unsafe.SliceData(block[a.start:]), int(a.ends[5]))
	var f [6]string
	start := uint16(0)
	for i, end := range a.ends {
		f[i], start = text[start:end], end
	}
	v := Verification{Code: code, Numero: f[0], Nature: f[1], Titulaire: f[2], Certifie: f[3], DateDecision: f[4], Motif: f[5]}
	if a.revoque != 0 {
		v.RevoqueLe = time.Unix(a.revoque, 0).UTC()
	}
	return v
}

func newVerifyCache(dsn, path string) *verifyCache {
	return &verifyCache{dsn: dsn, shm: path + "-shm"}
}

// ticket is what a lookup saw before it read the file: the view whose
// connection reads it, the header, and whether it may keep what it reads
// under it.
type ticket struct {
	view   *walView
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
	c.mu.RLock()
	if c.view.Load() != w { // closed since: the file is read
		c.mu.RUnlock()
		return Verification{}, false, ticket{}
	}
	h, ok := w.header()
	if !ok {
		c.mu.RUnlock()
		if w.faulted.Load() {
			c.drop(w)
		}
		return Verification{}, false, ticket{}
	}
	a, block, kept := c.cur.find(k)
	if !kept {
		a, block, kept = c.old.find(k)
	}
	kept = kept && c.seen == h
	c.mu.RUnlock()
	if kept {
		return a.verification(code, block), true, ticket{}
	}
	return Verification{}, false, ticket{view: w, header: h, keep: true}
}

// keep keeps an answer read in the file after t was had.
func (c *verifyCache) keep(t ticket, v Verification) {
	k, ok := keyOf(v.Code)
	if !t.keep || !ok {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.seen != t.header {
		// The file changed since the answers kept were read (or, when
		// the lookup is late, since it read the header): they are
		// forgotten, and the cache now holds what was read after t.
		c.seen = t.header
		c.cur.forget()
		c.old.forget()
	}
	if c.cur.len() >= verifyCacheSize/2 {
		c.old.forget()
		c.cur, c.old = c.old, c.cur
	}
	c.cur.add(k, v)
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
	c.cur.forget()
	c.old.forget()
	c.view.Store(w)
	c.mu.Unlock()
	return w
}

// drop closes a view that failed and keeps nothing for a while.
func (c *verifyCache) drop(w *walView) {
	c.openMu.Lock()
	defer c.openMu.Unlock()
	if c.unset(w) {
		w.close()
		c.retry = time.Now().Add(reopenAfter)
	}
}

func (c *verifyCache) close() error {
	c.openMu.Lock()
	defer c.openMu.Unlock()
	c.closed = true
	c.mu.Lock()
	c.cur.forget()
	c.old.forget()
	c.mu.Unlock()
	if w := c.view.Load(); w != nil && c.unset(w) {
		return w.close()
	}
	return nil
}

// unset takes w out of the cache under its write lock: once it returns
// true, no lookup reads w's mapping any more, and w may be closed.
func (c *verifyCache) unset(w *walView) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.view.CompareAndSwap(w, nil)
}

func keyOf(code string) ([CodeLength]byte, bool) {
	var k [CodeLength]byte
	return k, copy(k[:], code) == CodeLength && len(code) == CodeLength
}

// errNotText is a column of verifyQuery that the driver did not give as
// text.
var errNotText = errors.New("registre: verification column is not text")

// errClosed is a read on a view closed since the lookup had it.
var errClosed = errors.New("registre: verification view closed")

// errNoWALIndex is a registre file whose wal-index cannot be mapped.
var errNoWALIndex = errors.New("registre: no wal-index to map")
