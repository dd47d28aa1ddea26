package api

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"certidoc/internal/testtool"
	"certidoc/registre"
)

// closeExample closes the example session through the service and returns
// the first document's number and printed code.
func closeExample(t *testing.T, s *Server) (numero, code string) {
	t.Helper()
	a := call(t, s.Handler(), "POST", "/api/v1/registre/sessions", exempleBody(t), "Content-Type", "application/json")
	if a.status != 201 {
		t.Fatalf("closing: %d %s", a.status, a.body)
	}
	var out struct {
		Documents []struct {
			Numero      string `json:"numero"`
			CodeAffiche string `json:"code_affiche"`
		} `json:"documents"`
	}
	if err := json.Unmarshal(a.body, &out); err != nil || len(out.Documents) == 0 {
		t.Fatalf("closing: %v %s", err, a.body)
	}
	return out.Documents[0].Numero, out.Documents[0].CodeAffiche
}

// request is one request a test sends while the registre does not answer.
type request struct {
	method, target string
	body           []byte
}

// unavailableWithin sends the requests at once, as clients would, and
// checks that each answers 503 with Retry-After within limit while the
// registre does not answer: a French problem for the API and the probe,
// the French page for /verifier.
func unavailableWithin(t *testing.T, s *Server, limit time.Duration, reqs ...request) {
	t.Helper()
	type timed struct {
		answer
		took time.Duration
	}
	done := make([]chan timed, len(reqs))
	for i, r := range reqs {
		done[i] = make(chan timed, 1)
		go func() {
			start := time.Now()
			a := call(t, s.Handler(), r.method, r.target, r.body, "Content-Type", "application/json")
			done[i] <- timed{a, time.Since(start)}
		}()
	}
	timeout := time.After(limit + 10*time.Second)
	for i, r := range reqs {
		var a timed
		select {
		case a = <-done[i]:
		case <-timeout:
			t.Fatalf("%s %s: no answer after %v while the registre is silent", r.method, r.target, limit+10*time.Second)
		}
		if a.took > limit {
			t.Errorf("%s %s: answered after %v, want %v at most", r.method, r.target, a.took.Round(time.Millisecond), limit)
		}
		if a.status != 503 || a.header.Get("Retry-After") == "" {
			t.Errorf("%s %s: got %d (Retry-After %q) %s, want 503 with Retry-After", r.method, r.target, a.status, a.header.Get("Retry-After"), a.body)
			continue
		}
		if strings.HasPrefix(r.target, "/verifier/") {
			if !strings.Contains(string(a.body), "pas répondu") {
				t.Errorf("%s %s: the page does not say the registre did not answer: %s", r.method, r.target, a.body)
			}
			continue
		}
		var p Problem
		if ct := a.header.Get("Content-Type"); !strings.HasPrefix(ct, "application/problem+json") {
			t.Errorf("%s %s: Content-Type %q, want application/problem+json", r.method, r.target, ct)
		}
		if err := json.Unmarshal(a.body, &p); err != nil || p.Title != "Registre indisponible" || !strings.Contains(p.Detail, "pas répondu") {
			t.Errorf("%s %s: got %+v (%v), want the problem « Registre indisponible » saying the base did not answer", r.method, r.target, p, err)
		}
	}
}

// TestSilentPostgresAnswers503: PostgreSQL stops answering (stopped
// processes, a network dropping packets). The registre's routes, the
// verification page and the readiness probe answer 503 with Retry-After
// within a few seconds; /healthz stays 200; once PostgreSQL answers
// again, so does the service, without a restart.
func TestSilentPostgresAnswers503(t *testing.T) {
	dsn := os.Getenv(testtool.PostgresEnv)
	if dsn == "" {
		t.Skipf("%s unset: PostgreSQL tests skipped (.ci/run starts PostgreSQL and sets it)", testtool.PostgresEnv)
	}
	t.Parallel() // waits out the silence: other tests run meanwhile
	schema := testtool.PostgresSchema(t, dsn)
	// The example is closed first, by an instance of its own under the
	// default delay: a closing is many statements, and other tests'
	// closings on the same PostgreSQL made one that had to fit in a
	// second miss it (registre's TestSilentPostgres, 1 run in 6 under
	// -race). The instance under test shares its database.
	first, _ := newRegistreServer(t, registre.Config{Postgres: schema}, io.Discard, nil)
	numero, code := closeExample(t, first)
	u, err := url.Parse(schema)
	if err != nil {
		t.Fatal(err)
	}
	relay, err := testtool.NewRelay(u.Host)
	if err != nil {
		t.Fatal(err)
	}
	defer relay.Close()
	u.Host = relay.Addr()
	const delay = time.Second
	s := serverOn(t, openPatiently(t, registre.Config{Postgres: u.String(), QueryTimeout: delay, ConnectTimeout: delay}), io.Discard, nil)
	if a := call(t, s.Handler(), "GET", "/verifier/"+code, nil); a.status != 200 {
		t.Fatalf("/verifier before the silence: %d", a.status)
	}
	relay.Silence(true)
	time.Sleep(readyFor) // /readyz: not the answer kept from before the silence
	unavailableWithin(t, s, 3*delay,
		request{"GET", "/readyz", nil},
		request{"GET", "/verifier/" + code, nil},
		request{"GET", "/api/v1/registre/documents?nom=a", nil},
		request{"GET", "/api/v1/registre/sessions", nil},
		request{"POST", "/api/v1/registre/documents/" + numero + "/revocation", []byte(`{"motif": "Erreur de saisie"}`)},
		request{"POST", "/api/v1/registre/sessions", exempleBody(t)})
	if a := call(t, s.Handler(), "GET", "/healthz", nil); a.status != 200 {
		t.Errorf("/healthz while PostgreSQL is silent: %d, want 200 (liveness: restarting would not help)", a.status)
	}
	relay.Silence(false)
	deadline := time.Now().Add(15 * time.Second)
	for {
		time.Sleep(readyFor)
		a := call(t, s.Handler(), "GET", "/readyz", nil)
		if a.status == 200 {
			if !strings.Contains(string(a.body), `"moteur": "postgresql"`) {
				t.Errorf("/readyz: %s, want the registre's state", a.body)
			}
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("PostgreSQL answers again, /readyz still says %d %s", a.status, a.body)
		}
	}
	if a := call(t, s.Handler(), "GET", "/verifier/"+code, nil); a.status != 200 {
		t.Errorf("/verifier after the silence: %d", a.status)
	}
}

// openPatiently opens a registre under cfg's short delays, trying again
// when the opening itself misses them: beside other tests on a loaded
// machine, a first connection to PostgreSQL and the preparing of the
// lookups can take longer than a second. What the tests measure with
// those delays comes after.
func openPatiently(t *testing.T, cfg registre.Config) *registre.Registre {
	t.Helper()
	for try := 1; ; try++ {
		reg, err := registre.Open(context.Background(), cfg, fixedNow)
		if err == nil {
			t.Cleanup(func() { reg.Close() })
			return reg
		}
		if !errors.Is(err, registre.ErrUnavailable) || try == 5 {
			t.Fatalf("opening, try %d: %v", try, err)
		}
		t.Logf("opening, try %d: %v", try, err)
	}
}

// TestLockedSQLiteAnswers503: another program writes the SQLite file and
// keeps its lock (a second instance, the command line, the sqlite3
// shell): a revocation and a closing answer 503 with Retry-After within
// the delay, instead of waiting for the lock; lookups and /readyz, which
// only read, still answer.
func TestLockedSQLiteAnswers503(t *testing.T) {
	t.Parallel() // waits out the delays: other tests run meanwhile
	dir := t.TempDir()
	const delay = time.Second
	s, _ := newRegistreServer(t, registre.Config{Dir: dir, QueryTimeout: delay}, io.Discard, nil)
	numero, code := closeExample(t, s)
	db, err := sql.Open("sqlite", "file:"+filepath.Join(dir, registre.FileName)+"?_txlock=immediate")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	ctx := context.Background()
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, `UPDATE journal SET motif = motif`); err != nil {
		t.Fatal(err)
	}
	unavailableWithin(t, s, 3*delay,
		request{"POST", "/api/v1/registre/documents/" + numero + "/revocation", []byte(`{"motif": "Erreur de saisie"}`)},
		request{"POST", "/api/v1/registre/sessions", exempleBody(t)})
	for _, target := range []string{"/readyz", "/verifier/" + code} {
		if a := call(t, s.Handler(), "GET", target, nil); a.status != 200 {
			t.Errorf("%s while another program writes: %d %s, want 200 (reading is not blocked)", target, a.status, a.body)
		}
	}
	tx.Rollback()
	if a := call(t, s.Handler(), "POST", "/api/v1/registre/documents/"+numero+"/revocation", []byte(`{"motif": "Erreur de saisie"}`), "Content-Type", "application/json"); a.status != 200 {
		t.Errorf("revocation once the lock is released: %d %s", a.status, a.body)
	}
}

// TestReadyz: /readyz says the registre's state; without a registre, 200.
func TestReadyz(t *testing.T) {
	s, _ := newRegistreServer(t, registre.Config{Dir: t.TempDir()}, io.Discard, nil)
	closeExample(t, s)
	a := call(t, s.Handler(), "GET", "/readyz", nil)
	var got struct {
		Status   string        `json:"status"`
		Registre registre.Etat `json:"registre"`
	}
	if err := json.Unmarshal(a.body, &got); err != nil || a.status != 200 || got.Status != "ok" || got.Registre.Moteur != "sqlite" || got.Registre.Sessions != 1 || got.Registre.Schema < 4 {
		t.Errorf("/readyz: %d %s (%v)", a.status, a.body, err)
	}
	none := newTestServer(t, io.Discard)
	if a := call(t, none.Handler(), "GET", "/readyz", nil); a.status != 200 || !strings.Contains(string(a.body), "désactivé") {
		t.Errorf("/readyz without a registre: %d %s", a.status, a.body)
	}
}
