package reedition

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"certidoc/generator"
	"certidoc/internal/testtool"
	"certidoc/referentiel"
	"certidoc/registre"
	"certidoc/session"
)

// backend opens fresh registres on one kind of database.
type backend struct {
	name string
	cfg  func(t *testing.T) registre.Config
}

// backends returns SQLite, and PostgreSQL when CERTIDOC_TEST_BASE is set.
func backends(t *testing.T) []backend {
	out := []backend{{name: "sqlite", cfg: func(t *testing.T) registre.Config { return registre.Config{Dir: t.TempDir()} }}}
	dsn := os.Getenv(testtool.PostgresEnv)
	if dsn == "" {
		t.Logf("%s unset: PostgreSQL tests skipped (.ci/run starts PostgreSQL and sets it)", testtool.PostgresEnv)
		return out
	}
	return append(out, backend{name: "postgres", cfg: func(t *testing.T) registre.Config {
		return registre.Config{Postgres: testtool.PostgresSchema(t, dsn)}
	}})
}

// clock is a settable test clock.
type clock struct{ t time.Time }

func (c *clock) now() time.Time { return c.t }

func open(t *testing.T, cfg registre.Config, c *clock) *registre.Registre {
	t.Helper()
	r, err := registre.Open(context.Background(), cfg, c.now)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	t.Cleanup(func() { r.Close() })
	return r
}

func ref(t testing.TB) *referentiel.Referentiel {
	t.Helper()
	r, err := referentiel.Embedded()
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// exemple loads testdata/session-exemple.json.
func exemple(t testing.TB, edit func(s *session.Session)) *session.Session {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("..", "testdata", "session-exemple.json"))
	if err != nil {
		t.Fatal(err)
	}
	s, _, err := session.Parse(data, ref(t), generator.Font())
	if err != nil {
		t.Fatal(err)
	}
	if edit != nil {
		edit(s)
	}
	return s
}

func numero(s *session.Session, i int, suffix string) string {
	return strings.ToUpper(s.Session.Identifiant + "-" + s.Candidats[i].Numero + "-" + suffix)
}
