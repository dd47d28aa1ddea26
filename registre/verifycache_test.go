package registre

import (
	"context"
	"database/sql"
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
			cmd := exec.Command(os.Args[0], "-test.run=^TestRevokerProcess$", "-test.count=1")
			cmd.Env = append(os.Environ(), revokerDirEnv+"="+dir, revokerNumeroEnv+"="+numero)
			if out, err := cmd.CombinedOutput(); err != nil {
				t.Fatalf("revoking process: %v\n%s", err, out)
			}
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
			ctx := context.Background()
			dir := t.TempDir()
			r := open(t, Config{Dir: dir}, &clock{time.Now()})
			s := exemple(t, nil)
			if _, err := r.Cloturer(ctx, ref(t), s, Request{ID: "x"}); err != nil {
				t.Fatal(err)
			}
			numero := numero(s, 0, "CERT")
			e, err := r.Document(ctx, numero)
			if err != nil {
				t.Fatal(err)
			}
			for i := range 2 {
				v, err := r.Verify(ctx, e.Code)
				if err != nil || v.Revoque() {
					t.Fatalf("lookup %d before the revocation: revoked %v, %v", i, v.Revoque(), err)
				}
			}
			if _, kept := r.cache.answers[[codeLen]byte([]byte(e.Code))]; !kept {
				t.Fatal("the answer was not kept: the cache is not used")
			}
			tt.revoke(t, r, dir, numero)
			v, err := r.Verify(ctx, e.Code)
			if err != nil {
				t.Fatal(err)
			}
			if !v.Revoque() || v.Motif != motif {
				t.Errorf("next lookup after the revocation: revoked %v, motif %q; want revoked, %q", v.Revoque(), v.Motif, motif)
			}
		})
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
	r := open(t, Config{Dir: t.TempDir()}, &clock{time.Now()})
	c, err := r.Cloturer(ctx, ref(t), exemple(t, nil), Request{ID: "x"})
	if err != nil {
		t.Fatal(err)
	}
	docs := c.Documents
	var mu sync.Mutex
	revoked := map[string]bool{} // numero → revocation returned
	done := make(chan struct{})
	var wg sync.WaitGroup
	for g := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := g; ; i++ {
				select {
				case <-done:
					return
				default:
				}
				d := docs[i%len(docs)]
				mu.Lock()
				before := revoked[d.Numero]
				mu.Unlock()
				v, err := r.Verify(ctx, d.Code)
				if err != nil {
					t.Error(err)
					return
				}
				if before && !v.Revoque() {
					t.Errorf("%s: authentique after its revocation returned", d.Numero)
					return
				}
			}
		}()
	}
	for _, d := range docs[:min(len(docs), 12)] {
		time.Sleep(2 * time.Millisecond)
		if _, err := r.Revoquer(ctx, d.Numero, Request{ID: "x", Motif: "Fraude constatée"}); err != nil {
			t.Fatal(err)
		}
		mu.Lock()
		revoked[d.Numero] = true
		mu.Unlock()
	}
	time.Sleep(5 * time.Millisecond)
	close(done)
	wg.Wait()
}

// TestVerifyCacheConnectionFails: when the cache's own connection cannot
// be had, the lookup is answered from the pool with nothing kept, and the
// next connection starts with nothing kept either.
func TestVerifyCacheConnectionFails(t *testing.T) {
	ctx := context.Background()
	r := open(t, Config{Dir: t.TempDir()}, &clock{time.Now()})
	c, err := r.Cloturer(ctx, ref(t), exemple(t, nil), Request{ID: "x"})
	if err != nil {
		t.Fatal(err)
	}
	code, numero := c.Documents[0].Code, c.Documents[0].Numero
	if _, err := r.Verify(ctx, code); err != nil {
		t.Fatal(err)
	}
	dsn := r.cache.dsn
	r.cache.mu.Lock()
	r.cache.fail() // as after a failed query
	r.cache.dsn = "file:" + filepath.Join(t.TempDir(), "absent", FileName) + "?mode=ro"
	r.cache.mu.Unlock()
	v, err := r.Verify(ctx, code)
	if err != nil || v.Numero != numero {
		t.Fatalf("lookup without the cache's connection: %+v, %v", v, err)
	}
	if r.cache.conn != nil || len(r.cache.answers) != 0 {
		t.Fatalf("connection %v, %d answers kept; want none", r.cache.conn != nil, len(r.cache.answers))
	}
	r.cache.dsn = dsn
	r.cache.answers[[codeLen]byte([]byte(code))] = keptAnswer{} // as if kept under the old connection
	if v, err := r.Verify(ctx, code); err != nil || v.Numero != numero {
		t.Fatalf("next lookup: %+v, %v", v, err)
	}
	if r.cache.conn == nil || len(r.cache.answers) != 1 {
		t.Errorf("connection %v, %d answers kept; want a connection and the answer kept", r.cache.conn != nil, len(r.cache.answers))
	}
}
