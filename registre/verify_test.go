package registre

import (
	"context"
	"testing"
	"time"
)

// TestVerify: Verify says of every code what Lookup's entry says, on
// each database, before and after a revocation, and says it again the
// same from what it kept.
func TestVerify(t *testing.T) {
	for _, b := range backends(t) {
		t.Run(b.name, func(t *testing.T) {
			ctx := context.Background()
			r := open(t, b.cfg(t), &clock{time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC)})
			s := exemple(t, nil)
			c, err := r.Cloturer(ctx, ref(t), s, Request{ID: "req-1"})
			if err != nil {
				t.Fatal(err)
			}
			if _, err := r.Revoquer(ctx, numero(s, 0, "CERT"), Request{ID: "req-rev", Motif: "Fraude constatée"}); err != nil {
				t.Fatal(err)
			}
			for _, d := range c.Documents {
				e, err := r.Lookup(ctx, d.Code)
				if err != nil {
					t.Fatal(err)
				}
				v, err := r.Verify(ctx, d.CodeAffiche())
				if err != nil {
					t.Fatal(err)
				}
				certifie := e.Certification
				if e.Bloc != "" {
					certifie = e.Bloc
				}
				want := Verification{Code: e.Code, Numero: e.Numero, Nature: e.Nature, Titulaire: e.Titulaire, Certifie: certifie,
					DateDecision: e.DateDecision, RevoqueLe: e.RevoqueLe, Motif: e.Motif}
				if v != want {
					t.Errorf("Verify(%s) = %+v, want %+v", d.CodeAffiche(), v, want)
				}
				if again, err := r.Verify(ctx, d.Code); err != nil || again != v {
					t.Errorf("Verify(%s) again (kept on SQLite) = %+v, %v; want %+v", d.Code, again, err, v)
				}
				if v.Revoque() != (d.Numero == numero(s, 0, "CERT")) {
					t.Errorf("%s: revoked %v", d.Numero, v.Revoque())
				}
			}
		})
	}
}

// TestDateRevocation: the day of a revocation is the day in France, for
// the verification page, the command line and AVERTISSEMENTS.txt alike.
func TestDateRevocation(t *testing.T) {
	tests := []struct {
		name string
		at   time.Time
		want string
	}{
		{"winter, late evening", time.Date(2026, 11, 30, 23, 30, 0, 0, time.UTC), "2026-12-01"},
		{"summer, late evening", time.Date(2026, 6, 30, 22, 30, 0, 0, time.UTC), "2026-07-01"},
		{"midday", time.Date(2026, 11, 30, 12, 0, 0, 0, time.UTC), "2026-11-30"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := (Entry{RevoqueLe: tt.at}).DateRevocation().String(); got != tt.want {
				t.Errorf("Entry: got %s, want %s", got, tt.want)
			}
			if got := (Verification{RevoqueLe: tt.at}).DateRevocation().String(); got != tt.want {
				t.Errorf("Verification: got %s, want %s", got, tt.want)
			}
		})
	}
}
