package registre

import (
	"context"
	"database/sql"
	"errors"
	"io"
	"net"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"certidoc/internal/testtool"
)

func TestForeignOrCorruptFile(t *testing.T) {
	for _, tc := range []struct {
		name    string
		prepare func(t *testing.T, path string)
	}{
		{"not a database", func(t *testing.T, path string) {
			os.WriteFile(path, []byte(strings.Repeat("ceci n’est pas une base SQLite\n", 200)), 0o600)
		}},
		{"another program's SQLite base", func(t *testing.T, path string) {
			db, err := sql.Open("sqlite", "file:"+path)
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			if _, err := db.Exec(`CREATE TABLE clients (nom TEXT)`); err != nil {
				t.Fatal(err)
			}
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			tc.prepare(t, filepath.Join(dir, FileName))
			_, err := Open(context.Background(), Config{Dir: dir}, time.Now)
			if !errors.Is(err, ErrCorrupt) {
				t.Fatalf("err = %v, want ErrCorrupt", err)
			}
			if !strings.Contains(err.Error(), "--donnees") {
				t.Errorf("message %q does not say what to do", err)
			}
		})
	}
}

// TestFullDisk fills the SQLite file's allowed size (what a full disk
// does) while a session is closed: a clear error and nothing half recorded.
func TestFullDisk(t *testing.T) {
	ctx := context.Background()
	r := open(t, Config{Dir: t.TempDir()}, &clock{time.Now()})
	r.db.SetMaxOpenConns(1)
	var pages int
	if err := r.db.QueryRow(`PRAGMA page_count`).Scan(&pages); err != nil {
		t.Fatal(err)
	}
	if _, err := r.db.Exec(`PRAGMA max_page_count = ` + itoa(pages+2)); err != nil {
		t.Fatal(err)
	}
	_, err := r.Cloturer(ctx, ref(t), exemple(t, nil), Request{ID: "x"})
	if !errors.Is(err, ErrUnavailable) || !strings.Contains(err.Error(), "disque est plein") {
		t.Fatalf("err = %v, want ErrUnavailable saying the disk is full", err)
	}
	if _, err := r.db.Exec(`PRAGMA max_page_count = 1073741823`); err != nil {
		t.Fatal(err)
	}
	if ss, _ := r.Sessions(ctx); len(ss) != 0 {
		t.Errorf("%d sessions recorded after a full disk", len(ss))
	}
	if l, _ := r.Liste(ctx, Filter{Tous: true}); len(l) != 0 {
		t.Errorf("%d entries recorded after a full disk", len(l))
	}
	if _, err := r.Cloturer(ctx, ref(t), exemple(t, nil), Request{ID: "y"}); err != nil {
		t.Errorf("closing once there is room again: %v", err)
	}
}

// TestPostgresGoesAway cuts the connection to PostgreSQL in the middle of
// a closing: a clear error, and nothing recorded.
func TestPostgresGoesAway(t *testing.T) {
	dsn := os.Getenv(PostgresEnv)
	if dsn == "" {
		t.Skipf("%s unset: PostgreSQL test skipped", PostgresEnv)
	}
	dsn = testtool.PostgresSchema(t, dsn)
	u, _ := url.Parse(dsn)
	p := newProxy(t, u.Host)
	u.Host = p.addr
	ctx := context.Background()
	r := open(t, Config{Postgres: u.String()}, &clock{time.Now()})
	p.cutAfter(8000) // bytes sent by the client: the transaction is under way
	_, err := r.Cloturer(ctx, ref(t), exemple(t, nil), Request{ID: "x"})
	if !errors.Is(err, ErrUnavailable) {
		t.Fatalf("err = %v, want ErrUnavailable", err)
	}
	if p.cuts.Load() == 0 {
		t.Fatal("the proxy never cut the connection")
	}
	t.Logf("error: %v", err)
	p.cutAfter(-1)
	other := open(t, Config{Postgres: dsn}, &clock{time.Now()})
	if ss, _ := other.Sessions(ctx); len(ss) != 0 {
		t.Errorf("%d sessions recorded after PostgreSQL went away", len(ss))
	}
	if l, _ := other.Liste(ctx, Filter{Tous: true}); len(l) != 0 {
		t.Errorf("%d entries recorded after PostgreSQL went away", len(l))
	}
}

// proxy forwards TCP to PostgreSQL and can cut every connection once the
// client has sent a number of bytes.
type proxy struct {
	addr   string
	budget atomic.Int64 // bytes left before the cut; negative: never
	cuts   atomic.Int32
	mu     sync.Mutex
	conns  []net.Conn
}

func newProxy(t *testing.T, target string) *proxy {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	p := &proxy{addr: l.Addr().String()}
	p.budget.Store(-1)
	t.Cleanup(func() { l.Close(); p.cut() })
	go func() {
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			s, err := net.Dial("tcp", target)
			if err != nil {
				c.Close()
				continue
			}
			p.mu.Lock()
			p.conns = append(p.conns, c, s)
			p.mu.Unlock()
			go func() { io.Copy(c, s); c.Close() }()
			go p.pump(s, c)
		}
	}()
	return p
}

func (p *proxy) cutAfter(n int64) { p.budget.Store(n) }

func (p *proxy) pump(dst, src net.Conn) {
	buf := make([]byte, 4096)
	for {
		n, err := src.Read(buf)
		if n > 0 {
			if b := p.budget.Load(); b >= 0 {
				if p.budget.Add(-int64(n)) < 0 {
					p.cuts.Add(1)
					p.cut()
					return
				}
			}
			if _, werr := dst.Write(buf[:n]); werr != nil {
				return
			}
		}
		if err != nil {
			dst.Close()
			return
		}
	}
}

func (p *proxy) cut() {
	p.mu.Lock()
	defer p.mu.Unlock()
	for _, c := range p.conns {
		c.Close()
	}
	p.conns = nil
}
