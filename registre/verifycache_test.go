//go:build unix

// The cache keeps answers only where it maps the wal-index (walindex.go).

package registre

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sync"
	"testing"
	"time"
)

// Variables that make TestRevokerProcess revoke a document in the registre
// of a folder, as a second process does.
const (
	revokerDirEnv    = "CERTIDOC_TEST_REVOQUER_DIR"
	revokerNumeroEnv = "CERTIDOC_TEST_REVOQUER_NUMERO"
)

// TestVerifyCacheSeesRevocationAtOnce: on SQLite, Verify keeps its answers;
// a document revoked after it was shown as authentic — through the same
// registre, another connection pool on the file, another process, or
// plain SQL from another program — answers "révoqué" on the very next
// lookup, with the reason.
func TestVerifyCacheSeesRevocationAtOnce(t *testing.T) {
	const motif = "Fraude constatée"
	tests := []struct {
		name   string
		revoke func(t *testing.T, r *Registre, dir, numero string)
	}{
		{"same registre", func(t *testing.T, r *Registre, _, numero string) {
			if _, err := r.Revoquer(context.Background(), numero, Request{ID: "x", Motif: motif}); err != nil {
				t.Fatal(err)
			}
		}},
		{"another connection pool on the file", func(t *testing.T, _ *Registre, dir, numero string) {
			other := open(t, Config{Dir: dir}, &clock{time.Now()})
			if _, err := other.Revoquer(context.Background(), numero, Request{ID: "x", Motif: motif}); err != nil {
				t.Fatal(err)
			}
		}},
		{"another process", func(t *testing.T, _ *Registre, dir, numero string) {
			revokeInAnotherProcess(t, dir, numero)
		}},
		{"plain SQL from another program", func(t *testing.T, _ *Registre, dir, numero string) {
			db, err := sql.Open("sqlite", "file:"+filepath.Join(dir, FileName)+"?_pragma=busy_timeout(10000)")
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			if _, err := db.Exec(`UPDATE documents SET revoque_le = $1, motif_revocation = $2 WHERE numero = $3`, stamp(time.Now()), motif, numero); err != nil {
				t.Fatal(err)
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			r, numero, code := revocable(t, dir)
			tt.revoke(t, r, dir, numero)
			v, err := r.Verify(context.Background(), code)
			if err != nil {
				t.Fatal(err)
			}
			if !v.Revoque() || v.Motif != motif {
				t.Errorf("next lookup after the revocation: revoked %v, motif %q; want revoked, %q", v.Revoque(), v.Motif, motif)
			}
		})
	}
}

// revocable opens the registre of dir, closes the example session in it,
// and looks the first candidate's parchemin up twice: authentic, and kept.
func revocable(t *testing.T, dir string) (r *Registre, num, code string) {
	t.Helper()
	ctx := context.Background()
	r = open(t, Config{Dir: dir}, &clock{time.Now()})
	s := exemple(t, nil)
	if _, err := r.Cloturer(ctx, ref(t), s, Request{ID: "x"}); err != nil {
		t.Fatal(err)
	}
	num = numero(s, 0, "CERT")
	e, err := r.Document(ctx, num)
	if err != nil {
		t.Fatal(err)
	}
	for i := range 2 {
		if v, err := r.Verify(ctx, e.Code); err != nil || v.Revoque() {
			t.Fatalf("lookup %d before the revocation: revoked %v, %v", i, v.Revoque(), err)
		}
	}
	if _, _, kept := r.cache.cur.find([CodeLength]byte([]byte(e.Code))); !kept {
		t.Fatal("the answer was not kept: the cache is not used")
	}
	return r, num, e.Code
}

// revokeInAnotherProcess revokes a document of the registre of dir from a
// second process (TestRevokerProcess), which then closes the file.
func revokeInAnotherProcess(t *testing.T, dir, numero string) {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestRevokerProcess$", "-test.count=1")
	cmd.Env = append(os.Environ(), revokerDirEnv+"="+dir, revokerNumeroEnv+"="+numero)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("revoking process: %v\n%s", err, out)
	}
}

// TestRevokerProcess is the second process of
// TestVerifyCacheSeesRevocationAtOnce; it does nothing otherwise.
func TestRevokerProcess(t *testing.T) {
	dir := os.Getenv(revokerDirEnv)
	if dir == "" {
		t.Skip("only run by TestVerifyCacheSeesRevocationAtOnce")
	}
	r := open(t, Config{Dir: dir}, &clock{time.Now()})
	if _, err := r.Revoquer(context.Background(), os.Getenv(revokerNumeroEnv), Request{ID: "x", Motif: "Fraude constatée"}); err != nil {
		t.Fatal(err)
	}
}

// TestVerifyCacheUnderLoad: lookups from several goroutines while documents
// are revoked one after another; a lookup that starts after a revocation
// returned never answers "authentique" for that document.
func TestVerifyCacheUnderLoad(t *testing.T) {
	ctx := context.Background()
	r, docs := closedExemple(t)
	var mu sync.Mutex
	revoked := map[string]bool{} // numero → revocation returned
	lookUpWhile(t, r, docs, func() {
		for _, d := range docs[:min(len(docs), 12)] {
			time.Sleep(2 * time.Millisecond)
			if _, err := r.Revoquer(ctx, d.Numero, Request{ID: "x", Motif: "Fraude constatée"}); err != nil {
				t.Error(err)
				return
			}
			mu.Lock()
			revoked[d.Numero] = true
			mu.Unlock()
		}
		time.Sleep(5 * time.Millisecond)
	}, func(d Entry) error {
		mu.Lock()
		before := revoked[d.Numero]
		mu.Unlock()
		v, err := r.Verify(ctx, d.Code)
		if err == nil && before && !v.Revoque() {
			err = fmt.Errorf("%s: authentique after its revocation returned", d.Numero)
		}
		return err
	})
}

// closedExemple opens a registre in a new folder and closes the example
// session in it.
func closedExemple(t *testing.T) (*Registre, []Entry) {
	t.Helper()
	r := open(t, Config{Dir: t.TempDir()}, &clock{time.Now()})
	c, err := r.Cloturer(context.Background(), ref(t), exemple(t, nil), Request{ID: "x"})
	if err != nil {
		t.Fatal(err)
	}
	return r, c.Documents
}

// lookUpWhile looks docs up one after another from four goroutines with
// look, while during runs, and reports the first fault of each.
func lookUpWhile(t *testing.T, r *Registre, docs []Entry, during func(), look func(Entry) error) {
	done := make(chan struct{})
	var wg sync.WaitGroup
	for g := range 4 {
		wg.Go(func() {
			for i := g; ; i++ {
				select {
				case <-done:
					return
				default:
				}
				if err := look(docs[i%len(docs)]); err != nil {
					t.Error(err)
					return
				}
			}
		})
	}
	during()
	close(done)
	wg.Wait()
}

// TestVerifyCacheWithoutWALIndex: when the wal-index cannot be mapped,
// the lookup is answered from the file with nothing kept, the cache does
// not try again at every lookup, and once it can map it, it keeps answers.
func TestVerifyCacheWithoutWALIndex(t *testing.T) {
	ctx := context.Background()
	r, docs := closedExemple(t)
	code, numero := docs[0].Code, docs[0].Numero
	shm := r.cache.shm
	r.cache.shm = filepath.Join(t.TempDir(), "absent-shm")
	for range 2 {
		v, err := r.Verify(ctx, code)
		if err != nil || v.Numero != numero {
			t.Fatalf("lookup without the wal-index: %+v, %v", v, err)
		}
	}
	if r.cache.view.Load() != nil || r.cache.cur.len() != 0 || r.cache.retry.IsZero() {
		t.Fatalf("view %v, %d answers kept, retry %v; want no view, none kept, a time to retry", r.cache.view.Load() != nil, r.cache.cur.len(), r.cache.retry)
	}
	r.cache.shm = shm
	if _, err := r.Verify(ctx, code); err != nil || r.cache.view.Load() != nil {
		t.Fatalf("lookup before the time to retry: view %v, %v; want none", r.cache.view.Load() != nil, err)
	}
	r.cache.retry = time.Time{}
	for range 2 {
		if v, err := r.Verify(ctx, code); err != nil || v.Numero != numero {
			t.Fatalf("lookup with the wal-index: %+v, %v", v, err)
		}
	}
	if r.cache.view.Load() == nil || r.cache.cur.len() != 1 {
		t.Errorf("view %v, %d answers kept; want a view and the answer kept", r.cache.view.Load() != nil, r.cache.cur.len())
	}
}

// TestVerifyCacheOutlivesOtherConnections: the cache's own connection keeps
// the -shm file it maps in place. With every connection of the registre's
// pool closed, a second process revokes a document and closes the file:
// were the cache's connection not open, that process would be the file's
// last and delete the -shm file, and the cache would read a header nobody
// writes any more.
func TestVerifyCacheOutlivesOtherConnections(t *testing.T) {
	dir := t.TempDir()
	r, numero, code := revocable(t, dir)
	r.db.SetMaxIdleConns(0) // the pool closes its connections
	if n := r.db.Stats().OpenConnections; n != 0 {
		t.Fatalf("%d connections of the pool still open", n)
	}
	revokeInAnotherProcess(t, dir, numero)
	if _, err := os.Stat(filepath.Join(dir, FileName+"-shm")); err != nil {
		t.Fatalf("the -shm file after the other process closed: %v", err)
	}
	v, err := r.Verify(context.Background(), code)
	if err != nil || !v.Revoque() {
		t.Errorf("next lookup after the revocation: revoked %v, %v; want revoked", v.Revoque(), err)
	}
}

// TestVerifyCacheGenerations: answers kept give back what was kept, texts
// and date of revocation; the cache holds verifyCacheSize answers at most,
// the newest ones; a string given out is not changed by what is kept or
// forgotten after it.
func TestVerifyCacheGenerations(t *testing.T) {
	c := newVerifyCache("", "")
	var tk ticket
	tk.keep, tk.header[0] = true, 1
	code := func(i int) string { return fmt.Sprintf("%010d", i) }
	answer := func(i int) Verification {
		v := Verification{Code: code(i), Numero: fmt.Sprintf("CISP-2026-%06d", i), Nature: "Parchemin", Titulaire: "Éloïse N’Diaye-Lefèvre", Certifie: "RNCP36128", DateDecision: "2026-06-30"}
		if i%3 == 0 {
			v.RevoqueLe, v.Motif = time.Unix(1_790_000_000+int64(i), 0).UTC(), "Fraude constatée « aveu »"
		}
		return v
	}
	first, _, _ := c.lookup(code(0)) // no view: nothing kept, nothing found
	if first != (Verification{}) {
		t.Fatalf("lookup in an empty cache: %+v", first)
	}
	c.keep(tk, answer(1))
	a, block, ok := c.cur.find([CodeLength]byte([]byte(code(1))))
	if !ok {
		t.Fatal("answer not kept")
	}
	given := a.verification(code(1), block)
	const n = verifyCacheSize + verifyCacheSize/3
	for i := 2; i < n; i++ {
		c.keep(tk, answer(i))
	}
	if got := c.cur.len() + c.old.len(); got > verifyCacheSize {
		t.Errorf("%d answers kept; want %d at most", got, verifyCacheSize)
	}
	for i := n - verifyCacheSize/2; i < n; i++ {
		k := [CodeLength]byte([]byte(code(i)))
		a, block, ok := c.cur.find(k)
		if !ok {
			a, block, ok = c.old.find(k)
		}
		if !ok {
			t.Fatalf("answer %d of the last %d not kept", i, verifyCacheSize/2)
		}
		if got, want := a.verification(code(i), block), answer(i); got != want {
			t.Fatalf("answer %d: %+v; want %+v", i, got, want)
		}
	}
	c.keep(ticket{keep: true}, answer(n)) // another header: all forgotten
	if c.cur.len() != 1 || c.old.len() != 0 {
		t.Errorf("after the header changed: %d and %d answers kept; want 1 and 0", c.cur.len(), c.old.len())
	}
	runtime.GC()
	for i := range 1000 {
		c.keep(ticket{keep: true}, answer(n+1+i))
	}
	if want := answer(1); given != want {
		t.Errorf("answer given out before, now: %+v; want %+v", given, want)
	}
}

// TestVerifyCacheConnectionFails: when the cache's connection fails while
// it reads an entry, the lookup is answered from the pool, the connection
// is closed and nothing is kept until a new one is opened.
func TestVerifyCacheConnectionFails(t *testing.T) {
	ctx := context.Background()
	r, docs := closedExemple(t)
	first, second := docs[0], docs[1]
	if _, err := r.Verify(ctx, first.Code); err != nil {
		t.Fatal(err)
	}
	w := r.cache.view.Load()
	if w == nil {
		t.Fatal("no view after a lookup")
	}
	w.mu.Lock()
	w.lookup.Close()
	w.lookup = failingStmt{} // as when the file cannot be read
	w.mu.Unlock()
	v, err := r.Verify(ctx, second.Code)
	if err != nil || v.Numero != second.Numero {
		t.Fatalf("lookup after the connection failed: %+v, %v", v, err)
	}
	if r.cache.view.Load() != nil || r.cache.retry.IsZero() {
		t.Errorf("view %v, retry %v; want the view closed and a time to retry", r.cache.view.Load() != nil, r.cache.retry)
	}
	if v, err := r.Verify(ctx, first.Code); err != nil || v.Numero != first.Numero {
		t.Fatalf("lookup with no view: %+v, %v", v, err)
	}
	if _, _, err := w.read(first.Code); err != errClosed {
		t.Errorf("read on the closed view: %v; want errClosed", err)
	}
}

// failingStmt is a statement whose every query fails, as on a disk error.
type failingStmt struct{}

func (failingStmt) Close() error  { return nil }
func (failingStmt) NumInput() int { return 1 }
func (failingStmt) Exec([]driver.Value) (driver.Result, error) {
	return nil, errors.New("disk I/O error")
}
func (failingStmt) Query([]driver.Value) (driver.Rows, error) {
	return nil, errors.New("disk I/O error")
}

// TestVerifyCacheViewClosedUnderLookups: lookups from several goroutines
// while the cache's view is closed and opened again under them (as after
// a failure) all answer, and none reads a closed view.
func TestVerifyCacheViewClosedUnderLookups(t *testing.T) {
	r, docs := closedExemple(t)
	lookUpWhile(t, r, docs, func() {
		for range 200 {
			if w := r.cache.view.Load(); w != nil {
				r.cache.drop(w)
			}
			r.cache.openMu.Lock()
			r.cache.retry = time.Time{}
			r.cache.openMu.Unlock()
			time.Sleep(200 * time.Microsecond)
		}
	}, func(d Entry) error {
		v, err := r.Verify(context.Background(), d.Code)
		if err == nil && v.Numero != d.Numero {
			err = fmt.Errorf("%s: answered for %s", d.Numero, v.Numero)
		}
		return err
	})
}
