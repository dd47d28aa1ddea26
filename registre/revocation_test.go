package registre

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"certidoc/session"
)

// TestRevocationOutlivesRectification revokes a document, then rectifies
// its session so that the document's facts change (a new code) or it is
// no longer issued and then issued again: the number stays revoked, with
// the revocation's date and reason, through every version.
func TestRevocationOutlivesRectification(t *testing.T) {
	for _, b := range backends(t) {
		t.Run(b.name, func(t *testing.T) {
			ctx := context.Background()
			clk := &clock{time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC)}
			r := open(t, b.cfg(t), clk)
			s := exemple(t, nil)
			if _, err := r.Cloturer(ctx, ref(t), s, Request{ID: "req-1"}); err != nil {
				t.Fatal(err)
			}
			cert, bc01 := numero(s, 0, "CERT"), numero(s, 0, "BC01")
			revokedAt := clk.t
			if _, err := r.Revoquer(ctx, cert, Request{ID: "req-rev", Motif: "Fraude constatée"}); err != nil {
				t.Fatal(err)
			}
			if _, err := r.Revoquer(ctx, bc01, Request{ID: "req-rev2", Motif: "Erreur de saisie"}); err != nil {
				t.Fatal(err)
			}
			checkRevoked := func(t *testing.T, step, num, motif string) {
				t.Helper()
				e, err := r.Document(ctx, num)
				if err != nil {
					t.Fatalf("%s: %s: %v", step, num, err)
				}
				if !e.Revoque() || !e.RevoqueLe.Equal(revokedAt) || e.Motif != motif {
					t.Errorf("%s: %s: revoked %v on %v (%q), want revoked on %v (%q)", step, num, e.Revoque(), e.RevoqueLe, e.Motif, revokedAt, motif)
				}
				v, err := r.Verify(ctx, e.Code)
				if err != nil {
					t.Fatalf("%s: verify %s: %v", step, e.Code, err)
				}
				if !v.Revoque() {
					t.Errorf("%s: the code %s of %s verifies as genuine", step, e.Code, num)
				}
				if _, _, _, err := r.Duplicata(ctx, num, Request{ID: "dup"}); !errors.Is(err, ErrRevoked) {
					t.Errorf("%s: duplicata of %s: %v, want ErrRevoked", step, num, err)
				}
				if _, err := r.Revoquer(ctx, num, Request{ID: "again", Motif: "encore"}); !errors.Is(err, ErrRevoked) {
					t.Errorf("%s: revoking %s again: %v, want ErrRevoked", step, num, err)
				}
			}

			// One first name added: every document of the candidate gets a
			// new code.
			clk.t = clk.t.Add(time.Hour)
			prenom := func(s *session.Session) { s.Candidats[0].Prenoms += " Anne" }
			v2, err := r.Cloturer(ctx, ref(t), exemple(t, prenom), Request{ID: "req-2", Motif: "prénom oublié"})
			if err != nil {
				t.Fatal(err)
			}
			if v2.Version != 2 {
				t.Fatalf("rectification: version %d", v2.Version)
			}
			checkRevoked(t, "new code", cert, "Fraude constatée")
			checkRevoked(t, "new code", bc01, "Erreur de saisie")
			for _, e := range v2.Documents {
				if (e.Numero == cert || e.Numero == bc01) != e.Revoque() {
					t.Errorf("version 2 lists %s revoked %v", e.Numero, e.Revoque())
				}
			}

			// The jury's decision on bloc A is withdrawn: neither the
			// attestation nor the parchemin are issued; then put back.
			clk.t = clk.t.Add(time.Hour)
			sansA := func(s *session.Session) {
				prenom(s)
				s.Candidats[0].Decisions[0].Decision = "non_valide"
				s.Candidats[0].Decisions[0].Motif = "dossier incomplet"
			}
			if _, err := r.Cloturer(ctx, ref(t), exemple(t, sansA), Request{ID: "req-3", Motif: "décision corrigée"}); err != nil {
				t.Fatal(err)
			}
			if _, err := r.Document(ctx, cert); !errors.Is(err, ErrNotFound) {
				t.Fatalf("the parchemin is still issued after the rectification: %v", err)
			}
			clk.t = clk.t.Add(time.Hour)
			if _, err := r.Cloturer(ctx, ref(t), exemple(t, prenom), Request{ID: "req-4", Motif: "décision rétablie"}); err != nil {
				t.Fatal(err)
			}
			checkRevoked(t, "issued again", cert, "Fraude constatée")
			checkRevoked(t, "issued again", bc01, "Erreur de saisie")

			// The other documents were not revoked by any of this.
			if e, err := r.Document(ctx, numero(s, 0, "BC02")); err != nil || e.Revoque() {
				t.Errorf("BC02: revoked %v, %v", e.Revoque(), err)
			}
			// Every code ever printed for the revoked number answers revoked.
			all, err := r.Liste(ctx, Filter{Numero: cert, Tous: true})
			if err != nil {
				t.Fatal(err)
			}
			if len(all) < 2 {
				t.Fatalf("%d entries for %s, want one per code", len(all), cert)
			}
			for _, e := range all {
				if !e.Revoque() {
					t.Errorf("code %s of %s (version %d) is not revoked", e.Code, cert, e.Version)
				}
			}
		})
	}
}

// TestConcurrentRevocations revokes each document of two sessions from two
// registres (two connection pools, as two instances would) at the same
// moment: each time one succeeds and the other is told it is already
// revoked, and the journal has one line per document.
func TestConcurrentRevocations(t *testing.T) {
	for _, b := range backends(t) {
		t.Run(b.name, func(t *testing.T) {
			ctx := context.Background()
			cfg := b.cfg(t)
			clk := &clock{time.Now()}
			rs := []*Registre{open(t, cfg, clk), open(t, cfg, clk)}
			var numeros []string
			for _, id := range []string{"CISP-2022-02", "CISP-2022-03"} {
				c, err := rs[0].Cloturer(ctx, ref(t), exemple(t, func(s *session.Session) { s.Session.Identifiant = id }), Request{ID: "x"})
				if err != nil {
					t.Fatal(err)
				}
				for _, e := range c.Documents {
					numeros = append(numeros, e.Numero)
				}
			}
			for _, num := range numeros {
				var wg sync.WaitGroup
				start := make(chan struct{})
				errs := make([]error, 2)
				motifs := []string{"fraude (instance 1)", "fraude (instance 2)"}
				for i := range 2 {
					wg.Go(func() {
						<-start
						_, errs[i] = rs[i].Revoquer(ctx, num, Request{ID: "inst", Motif: motifs[i]})
					})
				}
				close(start)
				wg.Wait()
				won := -1
				for i, err := range errs {
					switch {
					case err == nil && won < 0:
						won = i
					case err == nil:
						t.Errorf("%s: both revocations succeeded", num)
					case !errors.Is(err, ErrRevoked):
						t.Errorf("%s: revocation %d: %v, want nil or ErrRevoked", num, i, err)
					}
				}
				if won < 0 {
					continue
				}
				e, err := rs[1-won].Document(ctx, num)
				if err != nil {
					t.Fatal(err)
				}
				if e.Motif != motifs[won] {
					t.Errorf("%s: reason on record %q, want the first one's %q", num, e.Motif, motifs[won])
				}
			}
			for _, id := range []string{"CISP-2022-02", "CISP-2022-03"} {
				j, err := rs[0].Journal(ctx, id)
				if err != nil {
					t.Fatal(err)
				}
				lines := map[string]int{}
				for _, l := range j {
					if l.Action == "revocation" {
						lines[l.Numero]++
					}
				}
				for n, k := range lines {
					if k != 1 {
						t.Errorf("%s: %d revocation lines in the journal", n, k)
					}
				}
			}
		})
	}
}

// TestMigrationKeepsRevocations opens a registre left as the versions
// before the revocations table left it — a number revoked, then given a
// new unrevoked code by a rectification; another revoked twice at once —
// and checks that the migration records each number's first revocation
// and revokes its current code again.
func TestMigrationKeepsRevocations(t *testing.T) {
	for _, b := range backends(t) {
		t.Run(b.name, func(t *testing.T) {
			ctx := context.Background()
			cfg := b.cfg(t)
			clk := &clock{time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC)}
			r := open(t, cfg, clk)
			s := exemple(t, nil)
			if _, err := r.Cloturer(ctx, ref(t), s, Request{ID: "req-1"}); err != nil {
				t.Fatal(err)
			}
			cert, bc02 := numero(s, 0, "CERT"), numero(s, 1, "BC04")
			for _, rev := range []struct {
				numero, motif string
				le            time.Time
			}{{cert, "Fraude constatée", clk.t}, {bc02, "premier motif", clk.t.Add(time.Minute)}, {bc02, "second motif", clk.t.Add(2 * time.Minute)}} {
				if _, err := r.db.ExecContext(ctx, `INSERT INTO journal (quand, action, session, numero, requete, motif) VALUES ($1, 'revocation', $2, $3, 'old', $4)`,
					stamp(rev.le), s.Session.Identifiant, rev.numero, rev.motif); err != nil {
					t.Fatal(err)
				}
				if _, err := r.db.ExecContext(ctx, `UPDATE documents SET revoque_le = $1, motif_revocation = $2 WHERE numero = $3`, stamp(rev.le), rev.motif, rev.numero); err != nil {
					t.Fatal(err)
				}
			}
			// The rectification of the old versions: cert gets a new code,
			// not revoked.
			var code string
			if err := r.db.QueryRowContext(ctx, `SELECT code FROM documents WHERE numero = $1`, cert).Scan(&code); err != nil {
				t.Fatal(err)
			}
			for _, q := range []string{
				`UPDATE documents SET remplace = 1 WHERE code = '` + code + `'`,
				`INSERT INTO documents (` + entryColumns + `, recherche) SELECT 'NEWCODE000', numero, session, version, nature, candidat, civilite, nom_naissance, nom_usage, prenoms,
				 date_naissance, titulaire, certification, bloc, date_decision, date_delivrance, signataire, 0, '', '', recherche FROM documents WHERE code = '` + code + `'`,
				`DROP TABLE revocations`,
				`DELETE FROM schema_migrations WHERE version = 2`,
			} {
				if _, err := r.db.ExecContext(ctx, q); err != nil {
					t.Fatalf("%s: %v", q, err)
				}
			}
			r.Close()
			r = open(t, cfg, clk)
			for _, want := range []struct{ numero, motif string }{{cert, "Fraude constatée"}, {bc02, "premier motif"}} {
				e, err := r.Document(ctx, want.numero)
				if err != nil {
					t.Fatal(err)
				}
				if !e.Revoque() || e.Motif != want.motif {
					t.Errorf("%s after the migration: revoked %v (%q), want %q", want.numero, e.Revoque(), e.Motif, want.motif)
				}
				if _, err := r.Revoquer(ctx, want.numero, Request{ID: "x", Motif: "encore"}); !errors.Is(err, ErrRevoked) {
					t.Errorf("%s revoked again after the migration: %v", want.numero, err)
				}
			}
		})
	}
}
