package registre

import (
	"context"
	"database/sql"
	"io/fs"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// baseAvant is a registre made by certidoc before migration 004 (main at
// f707e2a, migrations 001 and 002): the example session closed, then its
// document CISP-2022-02-2022-001-BC02 revoked, then saved with
// "certidoc registre sauvegarder".
const baseAvant = "testdata/registre-avant-certifications.db"

// migrationsAvant is the last migration the registres made before the
// several certifications had.
const migrationsAvant = 2

// codesOf returns every entry of the registre, by code.
func codesOf(t *testing.T, r *Registre) map[string]Entry {
	t.Helper()
	all, err := r.Liste(context.Background(), Filter{Tous: true})
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]Entry{}
	for _, e := range all {
		out[e.Code] = e
	}
	return out
}

// checkMigrated checks a registre that was made before the several
// certifications, now opened by today's code: every code verifies as
// before, the revoked one stays revoked, the listings and the holders
// select by certification.
func checkMigrated(t *testing.T, r *Registre, before map[string]Entry, revoked string) {
	t.Helper()
	ctx := context.Background()
	if len(before) == 0 {
		t.Fatal("no entry before the migration")
	}
	for code, e := range before {
		v, err := r.Verify(ctx, code)
		if err != nil {
			t.Errorf("code %s (%s) no longer verifies: %v", code, e.Numero, err)
			continue
		}
		if v.Numero != e.Numero || v.Titulaire != e.Titulaire || v.Revoque() != (e.Numero == revoked) {
			t.Errorf("code %s: got %+v, want %s, revoked %v", code, v, e.Numero, e.Numero == revoked)
		}
	}
	for _, c := range []struct {
		certification string
		want          int
	}{{"RNCP36128", len(before)}, {"rncp36128", len(before)}, {"RNCP99901", 0}, {"", len(before)}} {
		got, err := r.Liste(ctx, Filter{Certification: c.certification, Tous: true})
		if err != nil || len(got) != c.want {
			t.Errorf("Liste of %q: got %d entries (%v), want %d", c.certification, len(got), err, c.want)
		}
	}
	all, err := r.Titulaires(ctx, "", "2000-01-01", "2100-01-01")
	if err != nil || len(all) == 0 {
		t.Fatalf("Titulaires: %d, %v", len(all), err)
	}
	mine, err := r.Titulaires(ctx, "RNCP36128", "2000-01-01", "2100-01-01")
	if err != nil || len(mine) != len(all) {
		t.Errorf("Titulaires of RNCP36128: got %d, want %d (%v)", len(mine), len(all), err)
	}
	if other, _ := r.Titulaires(ctx, "RNCP99901", "2000-01-01", "2100-01-01"); len(other) != 0 {
		t.Errorf("Titulaires of another certification: got %d", len(other))
	}
}

// The registre a certidoc of before made opens with today's, migrates in
// place, and keeps every code verifying.
func TestMigrationFromCommittedBase(t *testing.T) {
	data, err := os.ReadFile(baseAvant)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, FileName), data, 0o600); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	c := &clock{t: time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC)}
	old, err := openUpTo(ctx, Config{Dir: dir}, c.now, migrationsAvant)
	if err != nil {
		t.Fatal(err)
	}
	before := codesOf(t, old)
	old.Close()
	if versions := migrationVersions(t, filepath.Join(dir, FileName)); len(versions) != migrationsAvant {
		t.Fatalf("the committed base has migrations %v, want the first %d", versions, migrationsAvant)
	}
	r := open(t, Config{Dir: dir}, c)
	checkMigrated(t, r, before, "CISP-2022-02-2022-001-BC02")
	r.Close()
	all, err := fs.Glob(migrations, "migrations/*.sql")
	if err != nil {
		t.Fatal(err)
	}
	if versions := migrationVersions(t, filepath.Join(dir, FileName)); len(versions) != len(all) {
		t.Errorf("after Open, migrations %v, want all %d", versions, len(all))
	}
}

func migrationVersions(t *testing.T, path string) []int {
	t.Helper()
	db, err := sql.Open("sqlite", "file:"+path+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	rows, err := db.Query(`SELECT version FROM schema_migrations ORDER BY version`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []int
	for rows.Next() {
		var v int
		if err := rows.Scan(&v); err != nil {
			t.Fatal(err)
		}
		out = append(out, v)
	}
	return out
}

// migrationCertifications is the migration of the several certifications.
const migrationCertifications = 4

// The same on each database, the base built in the test by the migrations
// before migrationCertifications: SQLite and PostgreSQL migrate in place.
func TestMigrationInPlace(t *testing.T) {
	for _, b := range backends(t) {
		t.Run(b.name, func(t *testing.T) {
			ctx := context.Background()
			cfg := b.cfg(t)
			c := &clock{t: time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC)}
			old, err := openUpTo(ctx, cfg, c.now, migrationCertifications-1)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := old.Cloturer(ctx, ref(t), exemple(t, nil), Request{ID: "test"}); err != nil {
				t.Fatal(err)
			}
			if _, err := old.Revoquer(ctx, "CISP-2022-02-2022-001-BC02", Request{ID: "test", Motif: "Fraude constatée"}); err != nil {
				t.Fatal(err)
			}
			before := codesOf(t, old)
			old.Close()
			r := open(t, cfg, c)
			checkMigrated(t, r, before, "CISP-2022-02-2022-001-BC02")
		})
	}
}
