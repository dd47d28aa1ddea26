package registre

import (
	"context"
	"database/sql"
	"errors"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"certidoc/internal/testtool"
)

// backupFixture closes the example session in r and revokes one
// attestation; it returns an authentic code and the revoked one.
func backupFixture(t *testing.T, r *Registre) (authentic, revoked Entry) {
	t.Helper()
	ctx := context.Background()
	s := exemple(t, nil)
	c, err := r.Cloturer(ctx, ref(t), s, Request{ID: "req-1"})
	if err != nil {
		t.Fatal(err)
	}
	if revoked, err = r.Revoquer(ctx, numero(s, 0, "BC02"), Request{ID: "req-rev", Motif: "Fraude constatée"}); err != nil {
		t.Fatal(err)
	}
	for _, e := range c.Documents {
		if e.Numero == numero(s, 0, "CERT") {
			authentic = e
		}
	}
	return authentic, revoked
}

// checkRestored verifies the two codes in a restored registre.
func checkRestored(t *testing.T, r *Registre, authentic, revoked Entry) {
	t.Helper()
	ctx := context.Background()
	v, err := r.Verify(ctx, authentic.CodeAffiche())
	if err != nil || v.Numero != authentic.Numero || v.Revoque() {
		t.Errorf("restored registre, authentic code %s: %+v, %v", authentic.CodeAffiche(), v, err)
	}
	v, err = r.Verify(ctx, revoked.CodeAffiche())
	if err != nil || v.Numero != revoked.Numero || !v.Revoque() || v.Motif != "Fraude constatée" {
		t.Errorf("restored registre, revoked code %s: %+v, %v", revoked.CodeAffiche(), v, err)
	}
	if _, err := r.Verify(ctx, flip(authentic.Code)); !errors.Is(err, ErrNotFound) {
		t.Errorf("restored registre, altered code: %v, want ErrNotFound", err)
	}
	if j, err := r.Journal(ctx, authentic.Session); err != nil || len(j) != 2 {
		t.Errorf("restored journal: %d lines, %v", len(j), err)
	}
}

// TestSauvegarderRestore: the SQLite online backup opens as a registre
// where codes verify, revocations included.
func TestSauvegarderRestore(t *testing.T) {
	r := open(t, Config{Dir: t.TempDir()}, &clock{time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC)})
	authentic, revoked := backupFixture(t, r)
	restored := t.TempDir()
	if err := r.Sauvegarder(context.Background(), filepath.Join(restored, FileName)); err != nil {
		t.Fatal(err)
	}
	checkRestored(t, open(t, Config{Dir: restored}, &clock{time.Now()}), authentic, revoked)
}

// TestPgDumpRestore: the PostgreSQL backup the README documents, pg_dump
// then pg_restore, gives back a registre where codes verify. The
// registre's schema is dropped between the two, as if lost.
func TestPgDumpRestore(t *testing.T) {
	t.Parallel()
	base := os.Getenv(PostgresEnv)
	if base == "" {
		t.Skipf("%s unset: PostgreSQL test skipped (.ci/run starts PostgreSQL and sets it)", PostgresEnv)
	}
	pgDump := testtool.Need(t, "pg_dump", "postgresql-client")
	pgRestore := testtool.Need(t, "pg_restore", "postgresql-client")
	dsn := testtool.PostgresSchema(t, base)
	u, err := url.Parse(dsn)
	if err != nil {
		t.Fatal(err)
	}
	// pg_dump reads libpq addresses, which know no search_path: it gets
	// the server's address and the registre's schema.
	schema := u.Query().Get("search_path")
	r := open(t, Config{Postgres: dsn}, &clock{time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC)})
	authentic, revoked := backupFixture(t, r)
	r.Close()

	dump := filepath.Join(t.TempDir(), "registre.dump")
	if out, err := exec.Command(pgDump, "--format=custom", "--schema="+schema, "--file="+dump, base).CombinedOutput(); err != nil {
		t.Fatalf("pg_dump: %v\n%s", err, out)
	}
	db, err := sql.Open("pgx", base)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Exec("DROP SCHEMA " + schema + " CASCADE"); err != nil {
		t.Fatal(err)
	}
	// The registre is gone: opening it fails (no schema to make it in).
	if _, err := Open(context.Background(), Config{Postgres: dsn}, time.Now); err == nil {
		t.Fatal("the registre opened after its schema was dropped")
	}
	if out, err := exec.Command(pgRestore, "--dbname="+base, dump).CombinedOutput(); err != nil {
		t.Fatalf("pg_restore: %v\n%s", err, out)
	}
	checkRestored(t, open(t, Config{Postgres: dsn}, &clock{time.Now()}), authentic, revoked)
}
