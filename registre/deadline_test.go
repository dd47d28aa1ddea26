package registre

import (
	"context"
	"database/sql"
	"errors"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"certidoc/internal/testtool"
)

// silentPostgres returns the DSN of a fresh schema reached through a
// relay that can make PostgreSQL silent; the test is skipped without
// PostgreSQL.
func silentPostgres(t *testing.T) (string, *testtool.Relay) {
	t.Helper()
	dsn := os.Getenv(PostgresEnv)
	if dsn == "" {
		t.Skipf("%s unset: PostgreSQL tests skipped (.ci/run starts PostgreSQL and sets it)", PostgresEnv)
	}
	schema := testtool.PostgresSchema(t, dsn)
	u, err := url.Parse(schema)
	if err != nil {
		t.Fatal(err)
	}
	relay, err := testtool.NewRelay(u.Host)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { relay.Close() })
	u.Host = relay.Addr()
	return u.String(), relay
}

// calls are the registre's calls a service makes, each checked for an
// answer within the delay when the database is silent.
var calls = []struct {
	name string
	call func(t *testing.T, ctx context.Context, r *Registre, e Entry) error
}{
	{"Verify", func(t *testing.T, ctx context.Context, r *Registre, e Entry) error {
		_, err := r.Verify(ctx, e.Code)
		return err
	}},
	{"Lookup", func(t *testing.T, ctx context.Context, r *Registre, e Entry) error {
		_, err := r.Lookup(ctx, e.Code)
		return err
	}},
	{"Liste", func(t *testing.T, ctx context.Context, r *Registre, e Entry) error {
		_, err := r.Liste(ctx, Filter{Nom: "a"})
		return err
	}},
	{"Sessions", func(t *testing.T, ctx context.Context, r *Registre, e Entry) error {
		_, err := r.Sessions(ctx)
		return err
	}},
	{"ARetard", func(t *testing.T, ctx context.Context, r *Registre, e Entry) error {
		_, err := r.ARetard(ctx)
		return err
	}},
	{"Etat", func(t *testing.T, ctx context.Context, r *Registre, e Entry) error { _, err := r.Etat(ctx); return err }},
	{"Revoquer", func(t *testing.T, ctx context.Context, r *Registre, e Entry) error {
		_, err := r.Revoquer(ctx, e.Numero, Request{Motif: "Erreur de saisie"})
		return err
	}},
	{"Cloturer", func(t *testing.T, ctx context.Context, r *Registre, e Entry) error {
		_, err := r.Cloturer(ctx, ref(t), exemple(t, nil), Request{})
		return err
	}},
}

// closedExample closes the example session in the registre cfg names,
// under the default delay, and returns its first entry: the tests that
// time a shorter delay do not time the closing that prepares them (it
// failed them under load).
func closedExample(t *testing.T, cfg Config) Entry {
	t.Helper()
	cfg.QueryTimeout, cfg.ConnectTimeout = 0, 0
	ctx := context.Background()
	r, err := Open(ctx, cfg, (&clock{time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC)}).now)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	defer r.Close()
	cl, err := r.Cloturer(ctx, ref(t), exemple(t, nil), Request{})
	if err != nil {
		t.Fatal(err)
	}
	return cl.Documents[0]
}

// answersAgain calls f until it succeeds, for up to 10 s: the registre
// answers again once the database does, without a restart. It fails with
// msg and f's last error.
func answersAgain(t *testing.T, msg string, f func() error) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		err := f()
		if err == nil {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s: %v", msg, err)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// within runs f and fails unless it returns ErrUnavailable, saying the
// database did not answer, within limit.
func within(t *testing.T, limit time.Duration, f func() error) {
	t.Helper()
	start := time.Now()
	done := make(chan error, 1)
	go func() { done <- f() }()
	select {
	case err := <-done:
		took := time.Since(start)
		if !errors.Is(err, ErrUnavailable) || !strings.Contains(err.Error(), "pas répondu") {
			t.Errorf("after %v: got %v, want ErrUnavailable saying the base did not answer", took.Round(time.Millisecond), err)
		}
		if took > limit {
			t.Errorf("answered after %v, want %v at most", took.Round(time.Millisecond), limit)
		}
	case <-time.After(limit + 10*time.Second):
		t.Fatalf("no answer after %v: the call hangs while the database is silent", limit+10*time.Second)
	}
}

// TestSilentPostgres: PostgreSQL stops answering (its processes stopped,
// a network dropping packets): every call fails with ErrUnavailable
// within the delay instead of waiting for as long as the silence lasts,
// and the registre answers again once PostgreSQL does, without a restart.
func TestSilentPostgres(t *testing.T) {
	t.Parallel() // sleeps on the relay; its closing is not timed
	dsn, relay := silentPostgres(t)
	const delay = 500 * time.Millisecond
	ctx := context.Background()
	e := closedExample(t, Config{Postgres: dsn})
	r := open(t, Config{Postgres: dsn, QueryTimeout: delay, ConnectTimeout: delay}, &clock{time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC)})
	relay.Silence(true)
	t.Run("silence", func(t *testing.T) { // the calls at once, as a service's requests come
		for _, c := range calls {
			t.Run(c.name, func(t *testing.T) {
				t.Parallel()
				within(t, 4*delay, func() error { return c.call(t, ctx, r, e) })
			})
		}
		t.Run("Open", func(t *testing.T) {
			t.Parallel()
			within(t, 4*delay, func() error {
				r, err := Open(ctx, Config{Postgres: dsn, QueryTimeout: delay, ConnectTimeout: delay}, time.Now)
				if err == nil {
					r.Close()
				}
				return err
			})
		})
	})
	relay.Silence(false)
	answersAgain(t, "PostgreSQL answers again, the registre does not", func() error {
		_, err := r.Verify(ctx, e.Code)
		return err
	})
}

// TestHeldLock: a lock held by another session on each database (a
// writer on the SQLite file, an exclusive table lock on PostgreSQL): a
// call that needs it fails with ErrUnavailable within the delay, and
// succeeds once the lock is released.
func TestHeldLock(t *testing.T) {
	t.Parallel() // waits on a lock; its closing is not timed
	const delay = 500 * time.Millisecond
	for _, b := range backends(t) {
		t.Run(b.name, func(t *testing.T) {
			ctx := context.Background()
			cfg := b.cfg(t)
			e := closedExample(t, cfg)
			cfg.QueryTimeout = delay
			r := open(t, cfg, &clock{time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC)})
			var db *sql.DB
			var err error
			var lock string
			if b.name == "sqlite" {
				// Another program writing the file: the command line, a
				// second instance, the sqlite3 shell.
				db, err = sql.Open("sqlite", "file:"+filepath.Join(cfg.Dir, FileName)+"?_txlock=immediate")
				lock = `UPDATE journal SET motif = motif`
			} else {
				db, err = sql.Open("pgx", cfg.Postgres)
				lock = `LOCK TABLE documents IN ACCESS EXCLUSIVE MODE`
			}
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			tx, err := db.BeginTx(ctx, nil)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := tx.ExecContext(ctx, lock); err != nil {
				t.Fatal(err)
			}
			within(t, 4*delay, func() error {
				_, err := r.Revoquer(ctx, e.Numero, Request{Motif: "Erreur de saisie"})
				return err
			})
			if err := tx.Rollback(); err != nil {
				t.Fatal(err)
			}
			// The same registre revokes once the lock is released. It
			// may take a few tries: the blocked call's connection was
			// dropped, and a new one's first statements can miss so
			// short a delay on a loaded machine.
			answersAgain(t, "the lock released, the revocation fails", func() error {
				_, err := r.Revoquer(ctx, e.Numero, Request{Motif: "Erreur de saisie"})
				return err
			})
		})
	}
}

// TestBusyIsSilence: SQLite gives up waiting for another writer's lock
// after its busy_timeout, which is the registre's delay; the call then says
// what it says when its watch runs out first: that the base did not answer
// in time and nothing was recorded. Which of the two came first was a race
// (api's TestLockedSQLiteAnswers503 under -race got "la base est occupée").
// Here the watch cannot run out: the message must come from the lock.
func TestBusyIsSilence(t *testing.T) {
	path := "file:" + filepath.Join(t.TempDir(), "verrou.db") + "?_txlock=immediate"
	holder, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	defer holder.Close()
	tx, err := holder.Begin() // BEGIN IMMEDIATE: the writer's lock
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	other, err := sql.Open("sqlite", path+"&_pragma=busy_timeout(20)")
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	_, busy := other.Begin()
	if busy == nil {
		t.Fatal("a second writer began while the first held the lock")
	}
	_, w := watchFor(context.Background(), time.Hour)
	err = classify(busy)
	w.end(&err)
	if want := "n’a pas répondu en " + delayFR(time.Hour); !errors.Is(err, ErrUnavailable) || !strings.Contains(err.Error(), want) || !strings.Contains(err.Error(), "rien n’a été enregistré") {
		t.Errorf("a writer's lock held past the delay: %v, want ErrUnavailable saying %q and that nothing was recorded", err, want)
	}
}

// TestLongClosingOutlivesTheDelay: the delay bounds the database's
// silence, not a call's length: over a slow network, a closing whose
// every statement answers within the delay is recorded whole though it
// takes many times the delay.
func TestLongClosingOutlivesTheDelay(t *testing.T) {
	t.Parallel() // sleeps on the relay, with a margin of three
	dsn, relay := silentPostgres(t)
	const delay = time.Second
	ctx := context.Background()
	r := open(t, Config{Postgres: dsn, QueryTimeout: delay}, &clock{time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC)})
	relay.Slow(80 * time.Millisecond)
	start := time.Now()
	cl, err := r.Cloturer(ctx, ref(t), exemple(t, nil), Request{})
	took := time.Since(start)
	if err != nil {
		t.Fatalf("closing over a slow network, after %v: %v", took.Round(time.Millisecond), err)
	}
	if took < 3*delay {
		t.Fatalf("the closing took %v, not the several delays (%v) this test needs: slow the relay down", took.Round(time.Millisecond), delay)
	}
	t.Logf("closing of %d entries in %v with a delay of %v", len(cl.Documents), took.Round(time.Millisecond), delay)
}

func TestConfigValidate(t *testing.T) {
	for _, c := range []struct {
		name string
		cfg  Config
		want []string
	}{
		{"defaults", Config{Dir: "d"}, nil},
		{"negative", Config{Dir: "d", QueryTimeout: -time.Second, ConnectTimeout: -1}, []string{"--delai-base", "--delai-connexion"}},
		{"too short", Config{Dir: "d", QueryTimeout: time.Millisecond}, []string{"--delai-base\u00a0: durée 1ms invalide"}},
		{"not postgres", Config{Postgres: "mysql://x"}, []string{"--base\u00a0: attendu une adresse postgres://"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			err := c.cfg.Validate()
			if (err == nil) != (c.want == nil) {
				t.Fatalf("got %v, want errors naming %q", err, c.want)
			}
			for _, w := range c.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("got %q, want it to name %q", err, w)
				}
			}
		})
	}
}

// BenchmarkWatch is what the deadline adds to each call: a cancelable
// context, a timer, and their end.
func BenchmarkWatch(b *testing.B) {
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		_, w := watchFor(ctx, DefaultQueryTimeout)
		var err error
		w.end(&err)
	}
}

// TestStatementTimeout: PostgreSQL gets the delay as its
// statement_timeout, unless the address gives one.
func TestStatementTimeout(t *testing.T) {
	dsn := os.Getenv(PostgresEnv)
	if dsn == "" {
		t.Skipf("%s unset: PostgreSQL tests skipped (.ci/run starts PostgreSQL and sets it)", PostgresEnv)
	}
	schema := testtool.PostgresSchema(t, dsn)
	for _, c := range []struct {
		name, query string
		want        string
	}{
		{"the delay", "", "1500ms"},
		{"the address's", "&statement_timeout=12345", "12345ms"},
	} {
		t.Run(c.name, func(t *testing.T) {
			r := open(t, Config{Postgres: schema + c.query, QueryTimeout: 1500 * time.Millisecond}, &clock{time.Now()})
			var got string
			if err := r.db.QueryRowContext(context.Background(), `SHOW statement_timeout`).Scan(&got); err != nil {
				t.Fatal(err)
			}
			if got != c.want {
				t.Errorf("statement_timeout = %s, want %s", got, c.want)
			}
		})
	}
}

// TestLongListingOutlivesTheDelay: the delay bounds the database's
// silence inside a call made of calls too: a page of a listing (a count,
// then the page's read) that reads a thousand entries over a slow network
// answers whole though it takes longer than the delay, as each of its
// reads answers within it. The page's read was watched on its own, and
// the listing's watch, never told of its answers, cut it at the delay.
//
// Not parallel: each read's 320 ms against the delay's 500 is the
// tightest margin of this package's timed tests; it runs before them.
func TestLongListingOutlivesTheDelay(t *testing.T) {
	dsn, relay := silentPostgres(t)
	const delay = 500 * time.Millisecond
	ctx := context.Background()
	r := open(t, Config{Postgres: dsn, QueryTimeout: delay}, &clock{time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC)})
	if _, err := r.Cloturer(ctx, ref(t), bigSession(t, 200), Request{}); err != nil {
		t.Fatal(err)
	}
	// Each read is two round trips (prepare, then execute), four waits of
	// the relay: 320 ms, within the delay; the count and the page's first
	// rows together are not.
	relay.Slow(80 * time.Millisecond)
	start := time.Now()
	p, err := r.ListePage(ctx, Filter{}, Pagination{Limite: LimiteMax})
	took := time.Since(start)
	if err != nil {
		t.Fatalf("after %v: %v", took.Round(time.Millisecond), err)
	}
	if took < 2*delay {
		t.Fatalf("%d entries in %v, not the two delays (%v) this test needs: slow the relay down", len(p.Entries), took.Round(time.Millisecond), delay)
	}
	t.Logf("%d entries in %v with a delay of %v", len(p.Entries), took.Round(time.Millisecond), delay)
}
