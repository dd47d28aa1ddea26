//go:build !unix

package registre

// walHeader is the header of SQLite's wal-index (walindex.go); this system
// maps no file, and the cache keeps nothing.
type walHeader [12]uint32

type walView struct{ faulted atomicFalse }

type atomicFalse struct{}

func (atomicFalse) Load() bool { return false }

func openWALView(dsn, shm string) (*walView, error) { return nil, errNoWALIndex }

func (w *walView) header() (walHeader, bool) { return walHeader{}, false }

func (w *walView) read(string) (Verification, bool, error) {
	return Verification{}, false, errNoWALIndex
}

func (w *walView) close() error { return nil }
