//go:build unix

package registre

import (
	"context"
	"database/sql/driver"
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"sync"
	"sync/atomic"
	"syscall"
	"unsafe"

	"modernc.org/sqlite"
)

// walHeader is the header of SQLite's wal-index, as 12 words in the
// machine's order: iVersion, unused, iChange, isInit|bigEndCksum|szPage,
// mxFrame, nPage, aFrameCksum[2], aSalt[2], aCksum[2]. Two copies of it
// begin the -shm file.
type walHeader [12]uint32

// walIndexVersion is the version of the wal-index format the header says
// (WALINDEX_MAX_VERSION in wal.c, unchanged since SQLite 3.7.0): another
// version is no header, and the cache keeps nothing.
const walIndexVersion = 3007000

// walHeaderBytes is the size of the two copies of the header.
const walHeaderBytes = 2 * int(unsafe.Sizeof(walHeader{}))

// walView maps the beginning of a registre file's wal-index, and keeps a
// connection to the file open so that the -shm file it maps stays the one
// SQLite uses. That connection also reads the entries the cache lacks:
// one connection, whose pages SQLite keeps warm, and the driver's own
// statement without database/sql's pool and conversions (a miss through
// the pool cost 11 µs instead of 9, and under a burst of misses the pool
// opened connections whose page caches were cold).
type walView struct {
	conn    driver.Conn
	mem     []byte
	faulted atomic.Bool // reading the mapping faulted: the view is useless

	mu     sync.Mutex // guards the statement and its buffers
	lookup driver.Stmt
	arg    []driver.Value
	row    []driver.Value
}

// openWALView opens a connection to the file with dsn, reads through it
// (a connection in WAL mode holds its shared lock from its first read on)
// and maps the first bytes of the -shm file shm.
func openWALView(dsn, shm string) (*walView, error) {
	conn, err := (&sqlite.Driver{}).Open(dsn)
	if err != nil {
		return nil, err
	}
	w := &walView{conn: conn, arg: make([]driver.Value, 1), row: make([]driver.Value, 7)}
	if err := w.open(shm); err != nil {
		if w.lookup != nil {
			w.lookup.Close()
		}
		conn.Close()
		return nil, err
	}
	return w, nil
}

func (w *walView) open(shm string) error {
	q, ok := w.conn.(driver.QueryerContext)
	if !ok {
		return errNoWALIndex
	}
	rows, err := q.QueryContext(context.Background(), `PRAGMA journal_mode`, nil)
	if err != nil {
		return err
	}
	mode := []driver.Value{nil}
	err = rows.Next(mode)
	rows.Close()
	if err != nil {
		return err
	}
	if m, _ := mode[0].(string); m != "wal" {
		return fmt.Errorf("%w: journal mode %v", errNoWALIndex, mode[0])
	}
	f, err := os.Open(shm)
	if err != nil {
		return err
	}
	defer f.Close() // the mapping stays
	fi, err := f.Stat()
	if err != nil {
		return err
	}
	if fi.Size() < int64(walHeaderBytes) {
		return fmt.Errorf("%w: %s holds %d bytes", errNoWALIndex, shm, fi.Size())
	}
	if w.lookup, err = w.conn.Prepare(verifyQuery); err != nil {
		return err
	}
	w.mem, err = syscall.Mmap(int(f.Fd()), 0, walHeaderBytes, syscall.PROT_READ, syscall.MAP_SHARED)
	return err
}

// read reads a normalized code's entry in the file; false when nobody
// issued it.
func (w *walView) read(code string) (Verification, bool, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.lookup == nil {
		return Verification{}, false, errClosed // closed by another lookup since this one had it
	}
	w.arg[0] = code
	rows, err := w.lookup.Query(w.arg)
	if err != nil {
		return Verification{}, false, err
	}
	err = rows.Next(w.row)
	if cerr := rows.Close(); err == nil {
		err = cerr
	}
	if err == io.EOF {
		return Verification{}, false, nil
	}
	if err != nil {
		return Verification{}, false, err
	}
	v := Verification{Code: code}
	var revoque string
	for i, dst := range [...]*string{&v.Numero, &v.Nature, &v.Titulaire, &v.Certifie, &v.DateDecision, &revoque, &v.Motif} {
		switch x := w.row[i].(type) {
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

// header reads the header as SQLite's readers do (walIndexTryHdr): the
// first copy, a memory barrier, then the second, which a commit writes
// first; ok only when both agree, are of the format known here, say they
// were initialized and carry their checksum. A fault while reading (the
// file cut short under the mapping by hand) gives no header and marks the
// view faulted. The caller holds the cache's read lock, under which the
// mapping is never unmapped.
//
// The words are read with plain loads, as SQLite does, not sync/atomic's:
// under the race detector those run in its C library, where a fault
// cannot be turned into a panic and crashes the program.
func (w *walView) header() (h walHeader, ok bool) {
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	defer func() {
		if recover() != nil {
			w.faulted.Store(true)
			h, ok = walHeader{}, false
		}
	}()
	copies := (*[2]walHeader)(unsafe.Pointer(unsafe.SliceData(w.mem)))
	h = copies[0]
	var fence uint32
	atomic.AddUint32(&fence, 1) // walShmBarrier: the second copy is read after the first
	second := copies[1]
	return h, h == second && h[0] == walIndexVersion && h.initialized() && h.checksum() == [2]uint32{h[10], h[11]}
}

// initialized reads isInit, the header's 13th byte.
func (h *walHeader) initialized() bool {
	return (*[48]byte)(unsafe.Pointer(h))[12] != 0
}

// checksum is SQLite's walChecksumBytes over the header's first 40 bytes,
// in the machine's order, as the header is written.
func (h *walHeader) checksum() [2]uint32 {
	var s1, s2 uint32
	for i := 0; i < 10; i += 2 {
		s1 += h[i] + s2
		s2 += h[i+1] + s1
	}
	return [2]uint32{s1, s2}
}

func (w *walView) close() error {
	err := syscall.Munmap(w.mem)
	w.mu.Lock()
	defer w.mu.Unlock()
	w.lookup.Close()
	w.lookup = nil
	if cerr := w.conn.Close(); err == nil {
		err = cerr
	}
	return err
}
