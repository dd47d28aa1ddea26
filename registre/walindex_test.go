//go:build unix

package registre

import (
	"database/sql"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
	"unsafe"
)

// TestWALHeaderChangesWithEveryCommit: the header the cache reads differs
// after every commit of another connection, checkpoints included, and is
// the same while nothing is committed.
func TestWALHeaderChangesWithEveryCommit(t *testing.T) {
	dir := t.TempDir()
	r := open(t, Config{Dir: dir}, &clock{time.Now()})
	w := r.cache.current()
	if w == nil {
		t.Fatal("no view of the wal-index")
	}
	db, err := sql.Open("sqlite", "file:"+filepath.Join(dir, FileName)+"?_pragma=busy_timeout(10000)")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	prev, ok := w.header()
	if !ok {
		t.Fatal("no header")
	}
	seen := map[walHeader]bool{prev: true}
	for i := range 300 {
		q := `INSERT INTO schema_migrations VALUES ($1, 'x')`
		switch i % 50 {
		case 10:
			q = `PRAGMA wal_checkpoint(TRUNCATE)`
		case 20:
			q = `PRAGMA wal_checkpoint(RESTART)`
		}
		if _, err := db.Exec(q, 1000+i); err != nil && !strings.HasPrefix(q, "PRAGMA") {
			t.Fatal(err)
		}
		h, ok := w.header()
		if !ok {
			t.Fatalf("commit %d: no header", i)
		}
		if again, _ := w.header(); again != h {
			t.Fatalf("commit %d: the header changed with nothing committed", i)
		}
		if strings.HasPrefix(q, "INSERT") && seen[h] {
			t.Fatalf("commit %d: a header seen before", i)
		}
		seen[h], prev = true, h
	}
}

// TestWALHeaderTorn: a header whose copies differ, whose checksum is
// wrong or which is not initialized is none.
func TestWALHeaderTorn(t *testing.T) {
	good := walHeader{3007000, 0, 7, 1 | 16<<16, 12, 5, 1, 2, 3, 4}
	if isInitByte := (*[48]byte)(unsafe.Pointer(&good))[12]; isInitByte != 1 {
		t.Skip("big-endian machine: the test header is written for little-endian words")
	}
	sum := good.checksum()
	good[10], good[11] = sum[0], sum[1]
	other := good
	other[0]++
	sum = other.checksum()
	other[10], other[11] = sum[0], sum[1]
	tests := []struct {
		name          string
		first, second walHeader
		ok            bool
	}{
		{"consistent", good, good, true},
		{"copies differ", good, func() walHeader { h := good; h[4]++; return h }(), false},
		{"wrong checksum", func() walHeader { h := good; h[11]++; return h }(), func() walHeader { h := good; h[11]++; return h }(), false},
		{"not initialized", walHeader{}, walHeader{}, false},
		{"another format", other, other, false},
	}
	for _, tt := range tests {
		mem := make([]byte, walHeaderBytes)
		copy(mem, unsafe.Slice((*byte)(unsafe.Pointer(&tt.first)), 48))
		copy(mem[48:], unsafe.Slice((*byte)(unsafe.Pointer(&tt.second)), 48))
		h, ok := (&walView{mem: mem}).header()
		if ok != tt.ok || ok && h != good {
			t.Errorf("%s: ok %v; want %v", tt.name, ok, tt.ok)
		}
	}
}

// TestWALHeaderFault: a -shm file cut short under the mapping (by hand)
// makes reading it fault: the lookup gets no header, the service does not
// crash, and the view is marked for closing.
func TestWALHeaderFault(t *testing.T) {
	f, err := os.Create(filepath.Join(t.TempDir(), "shm"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := f.Truncate(32768); err != nil {
		t.Fatal(err)
	}
	mem, err := syscall.Mmap(int(f.Fd()), 0, walHeaderBytes, syscall.PROT_READ, syscall.MAP_SHARED)
	if err != nil {
		t.Fatal(err)
	}
	defer syscall.Munmap(mem)
	if err := f.Truncate(0); err != nil {
		t.Fatal(err)
	}
	w := &walView{mem: mem}
	if _, ok := w.header(); ok || !w.faulted.Load() {
		t.Errorf("header of a file cut short: ok %v, faulted %v; want no header, faulted", ok, w.faulted.Load())
	}
}
