package main

import (
	"bytes"
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // the "pgx" database/sql driver
	_ "modernc.org/sqlite"             // the "sqlite" database/sql driver

	"certidoc/internal/testtool"
)

// silentDelay is the --delai-base of the services the silence replays
// start: a route must answer 503 within silentLimit of it.
const (
	silentDelay = 2 * time.Second
	silentLimit = 3 * silentDelay
)

// silentBase replays fault 3 of issue 27: requests hung while PostgreSQL
// did not answer (its processes stopped for 25 s), and /healthz stayed 200
// so that a readiness probe kept sending traffic. It starts certidoc
// (the binary at bin) on loopback twice: on PostgreSQL (dsn, a fresh
// schema) behind a relay that makes it silent, when dsn is given; on
// SQLite, whose file another writer keeps locked. Each service's log is
// its own: there, a registre that does not answer is an ERROR line, as it
// should be.
func (a *attack) silentBase(bin, dsn string) {
	if dsn != "" {
		a.silentPostgres(bin, dsn)
	}
	a.lockedSQLite(bin)
}

// child is a certidoc service started for one replay.
type child struct {
	cmd  *exec.Cmd
	url  string
	log  string
	atk  *attack
	exit chan error
}

// startService starts certidoc serve on a free loopback port with args
// and waits for /healthz.
func (a *attack) startService(bin, group string, args ...string) (*child, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	addr := l.Addr().String()
	l.Close()
	dir, err := os.MkdirTemp("", "certidoc-silence-")
	if err != nil {
		return nil, err
	}
	c := &child{url: "http://" + addr, log: filepath.Join(dir, "log"), exit: make(chan error, 1)}
	logf, err := os.Create(c.log)
	if err != nil {
		return nil, err
	}
	c.cmd = exec.Command(bin, append([]string{"serve", "--addr", addr, "--token", a.token,
		"--delai-base", silentDelay.String(), "--delai-connexion", silentDelay.String()}, args...)...)
	c.cmd.Stderr = logf
	if err := c.cmd.Start(); err != nil {
		logf.Close()
		return nil, err
	}
	go func() { c.exit <- c.cmd.Wait(); logf.Close() }()
	c.atk = newAttack(c.url, a.token, a.sess, "")
	for range 100 {
		if conn, err := net.Dial("tcp", addr); err == nil {
			conn.Close()
			return c, nil
		}
		time.Sleep(100 * time.Millisecond)
	}
	c.stop(a)
	return nil, fmt.Errorf("%s : le service ne répond pas", group)
}

// stop ends the service with SIGTERM and gathers what its replay saw.
func (c *child) stop(a *attack) {
	c.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case err := <-c.exit:
		if err != nil {
			a.fail("base muette : arrêt du service : %v", err)
		}
	case <-time.After(30 * time.Second):
		c.cmd.Process.Kill()
		a.fail("base muette : le service ne s’arrête pas sur SIGTERM")
		<-c.exit
	}
	log, _ := os.ReadFile(c.log)
	if bytes.Contains(log, []byte(`"status":500`)) {
		a.fail("base muette : le journal compte une réponse 500")
	}
	os.RemoveAll(filepath.Dir(c.log))
	b := c.atk
	a.mu.Lock()
	defer a.mu.Unlock()
	a.failures = append(a.failures, b.failures...)
	for g, m := range b.counts {
		if a.counts[g] == nil {
			a.counts[g] = map[string]int{}
		}
		for code, n := range m {
			a.counts[g][code] += n
		}
	}
	a.total += b.total
}

// unavailable sends r and checks it gets 503 with Retry-After within
// silentLimit.
func unavailable(b *attack, what string, r req) {
	ans := b.do(r)
	switch {
	case ans.status != 503:
		b.fail("%s : statut %s pendant que la base se tait, attendu 503 (%.200s)", what, ans.code, ans.body)
	case ans.header.Get("Retry-After") == "":
		b.fail("%s : 503 sans Retry-After", what)
	case ans.dur > silentLimit:
		b.fail("%s : 503 après %v, attendu %v au plus", what, ans.dur.Round(time.Millisecond), silentLimit)
	case !bytes.Contains(ans.body, []byte("pas répondu")):
		b.fail("%s : le 503 ne dit pas que la base n’a pas répondu (%.200s)", what, ans.body)
	}
}

// closeExample closes the example session on the child and returns the
// first document's number and code.
func closeExample(b *attack, group string) (numero, code string, ok bool) {
	ans := b.post(group, "/api/v1/registre/sessions", b.sess)
	var closed listed
	if ans.status != 201 || json.Unmarshal(ans.body, &closed) != nil || len(closed.Documents) == 0 {
		b.fail("%s : clôture %s (%.200s)", group, ans.code, ans.body)
		return "", "", false
	}
	return closed.Documents[0].Numero, closed.Documents[0].CodeAffiche, true
}

func (a *attack) silentPostgres(bin, dsn string) {
	const g = "27-03 PostgreSQL muet"
	db, err := sql.Open("pgx", dsn)
	if err != nil {
		a.fail("%s : %v", g, err)
		return
	}
	defer db.Close()
	var n [6]byte
	rand.Read(n[:])
	schema := "attaque_" + hex.EncodeToString(n[:])
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if _, err := db.ExecContext(ctx, "CREATE SCHEMA "+schema); err != nil {
		a.fail("%s : PostgreSQL injoignable (%v)", g, err)
		return
	}
	defer db.Exec("DROP SCHEMA " + schema + " CASCADE")
	u, err := url.Parse(dsn)
	if err != nil {
		a.fail("%s : %v", g, err)
		return
	}
	relay, err := testtool.NewRelay(u.Host)
	if err != nil {
		a.fail("%s : %v", g, err)
		return
	}
	defer relay.Close()
	u.Host = relay.Addr()
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	c, err := a.startService(bin, g, "--base", u.String())
	if err != nil {
		a.fail("%s : %v", g, err)
		return
	}
	defer c.stop(a)
	b := c.atk
	numero, code, ok := closeExample(b, g)
	if !ok {
		return
	}
	b.expect(g+" : /readyz avant", b.do(req{group: g, method: "GET", path: "/readyz", noToken: true}), 200)
	relay.Silence(true)
	time.Sleep(time.Second) // /readyz's answer is kept a second
	for _, r := range []req{
		{group: g, method: "GET", path: "/readyz", noToken: true},
		{group: g, method: "GET", path: "/verifier/" + code, noToken: true},
		{group: g, method: "GET", path: "/api/v1/registre/documents?nom=a"},
		{group: g, method: "GET", path: "/api/v1/registre/a-declarer"},
		{group: g, method: "POST", path: "/api/v1/registre/documents/" + url.PathEscape(numero) + "/revocation", contentType: "application/json", body: []byte(`{"motif": "Erreur de saisie"}`)},
		{group: g, method: "POST", path: "/api/v1/registre/sessions", contentType: "application/json", body: b.sess},
	} {
		unavailable(b, "27.3 "+r.method+" "+short(r.path), r)
	}
	b.expect(g+" : /healthz pendant le silence", b.do(req{group: g, method: "GET", path: "/healthz", noToken: true}), 200)
	relay.Silence(false)
	var ans answer
	for range 20 {
		time.Sleep(time.Second)
		if ans = b.do(req{group: g, method: "GET", path: "/readyz", noToken: true}); ans.status == 200 {
			break
		}
	}
	b.expect(g+" : /readyz quand PostgreSQL répond de nouveau", ans, 200)
	b.expect(g+" : révocation quand PostgreSQL répond de nouveau", b.post(g, "/api/v1/registre/documents/"+url.PathEscape(numero)+"/revocation", []byte(`{"motif": "Erreur de saisie"}`)), 200)
}

func (a *attack) lockedSQLite(bin string) {
	const g = "27-03 SQLite verrouillé"
	dir, err := os.MkdirTemp("", "certidoc-verrou-")
	if err != nil {
		a.fail("%s : %v", g, err)
		return
	}
	defer os.RemoveAll(dir)
	c, err := a.startService(bin, g, "--donnees", dir)
	if err != nil {
		a.fail("%s : %v", g, err)
		return
	}
	defer c.stop(a)
	b := c.atk
	numero, code, ok := closeExample(b, g)
	if !ok {
		return
	}
	// Another program writes the file and keeps its lock.
	db, err := sql.Open("sqlite", "file:"+filepath.Join(dir, "certidoc.db")+"?_txlock=immediate")
	if err != nil {
		a.fail("%s : %v", g, err)
		return
	}
	defer db.Close()
	tx, err := db.Begin()
	if err != nil {
		a.fail("%s : verrou impossible : %v", g, err)
		return
	}
	if _, err := tx.Exec(`UPDATE journal SET motif = motif`); err != nil {
		tx.Rollback()
		a.fail("%s : verrou impossible : %v", g, err)
		return
	}
	unavailable(b, "27.3 révocation, fichier verrouillé", req{group: g, method: "POST", path: "/api/v1/registre/documents/" + url.PathEscape(numero) + "/revocation", contentType: "application/json", body: []byte(`{"motif": "Erreur de saisie"}`)})
	unavailable(b, "27.3 clôture, fichier verrouillé", req{group: g, method: "POST", path: "/api/v1/registre/sessions", contentType: "application/json", body: b.sess})
	// Reading is not blocked by a writer.
	b.expect(g+" : vérification pendant le verrou", b.do(req{group: g, method: "GET", path: "/verifier/" + code, noToken: true}), 200)
	b.expect(g+" : /readyz pendant le verrou", b.do(req{group: g, method: "GET", path: "/readyz", noToken: true}), 200)
	tx.Rollback()
	b.expect(g+" : révocation après le verrou", b.post(g, "/api/v1/registre/documents/"+url.PathEscape(numero)+"/revocation", []byte(`{"motif": "Erreur de saisie"}`)), 200)
}
