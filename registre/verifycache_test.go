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
	r.cache.mu.Lock()
	_, kept := r.cache.answers[e.Code]
	r.cache.mu.Unlock()
	if !kept {
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

// TestVerifyCacheOutlivesOtherConnections: with every connection of the
// registre's pool closed, a second process revokes a document and closes
// the file, as the last connection to it but the cache's: the next lookup
// answers "révoqué".
func TestVerifyCacheOutlivesOtherConnections(t *testing.T) {
	dir := t.TempDir()
	r, numero, code := revocable(t, dir)
	r.db.SetMaxIdleConns(0) // the pool closes its connections
	if n := r.db.Stats().OpenConnections; n != 0 {
		t.Fatalf("%d connections of the pool still open", n)
	}
	revokeInAnotherProcess(t, dir, numero)
	v, err := r.Verify(context.Background(), code)
	if err != nil || !v.Revoque() {
		t.Errorf("next lookup after the revocation: revoked %v, %v; want revoked", v.Revoque(), err)
	}
}

// TestVerifyCacheBound: the cache keeps its size in answers at most, then
// forgets them all and fills again.
func TestVerifyCacheBound(t *testing.T) {
	c := newVerifyCache("")
	c.size = 100
	for i := range c.size + 10 {
		c.keep(Verification{Code: fmt.Sprintf("%010d", i)})
		if len(c.answers) > c.size {
			t.Fatalf("%d answers kept; want %d at most", len(c.answers), c.size)
		}
	}
	if got, want := len(c.answers), 10; got != want {
		t.Errorf("%d answers kept after the bound was passed by 10; want %d", got, want)
	}
}

// TestVerifyCacheConnectionFails: when the cache's connection fails while
// it reads an entry, the lookup is answered from the pool, the connection
// is closed with every answer kept, and the next lookup opens another and
// keeps answers again.
func TestVerifyCacheConnectionFails(t *testing.T) {
	ctx := context.Background()
	r, docs := closedExemple(t)
	first, second := docs[0], docs[1]
	if _, err := r.Verify(ctx, first.Code); err != nil {
		t.Fatal(err)
	}
	c := r.cache
	c.mu.Lock()
	if c.conn == nil || len(c.answers) != 1 {
		c.mu.Unlock()
		t.Fatalf("after a lookup: connection %v, %d answers kept; want one, 1", c.conn != nil, len(c.answers))
	}
	c.read.Close()
	c.read = failingStmt{} // as when the file cannot be read
	c.mu.Unlock()
	v, err := r.Verify(ctx, second.Code)
	if err != nil || v.Numero != second.Numero {
		t.Fatalf("lookup after the connection failed: %+v, %v", v, err)
	}
	c.mu.Lock()
	conn, kept := c.conn, len(c.answers)
	c.mu.Unlock()
	if conn != nil || kept != 0 {
		t.Errorf("after the failure: connection %v, %d answers kept; want none, 0", conn != nil, kept)
	}
	for range 2 {
		if v, err := r.Verify(ctx, first.Code); err != nil || v.Numero != first.Numero {
			t.Fatalf("lookup after the failure: %+v, %v", v, err)
		}
	}
	c.mu.Lock()
	conn, kept = c.conn, len(c.answers)
	c.mu.Unlock()
	if conn == nil || kept != 1 {
		t.Errorf("after two more lookups: connection %v, %d answers kept; want a new one, 1", conn != nil, kept)
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

// TestVerifyCacheConnectionClosedUnderLookups: lookups from several
// goroutines while the cache's connection is closed under them (as after a
// failure) and opened again by the next lookup all answer right.
func TestVerifyCacheConnectionClosedUnderLookups(t *testing.T) {
	r, docs := closedExemple(t)
	lookUpWhile(t, r, docs, func() {
		for range 200 {
			r.cache.mu.Lock()
			r.cache.closeConn()
			r.cache.mu.Unlock()
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
