package registre

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"
)

// TestOddParameters sends every text parameter of the registre a NUL
// byte, bytes that are not UTF-8 and 49,999 characters: each is a bad
// input (ErrInput, a 400 for the service) naming the parameter, on both
// engines, never a database error.
func TestOddParameters(t *testing.T) {
	odd := []struct{ name, value, says string }{
		{"NUL", "2022\x00001", "U+0000"},
		{"not UTF-8", "Lef\xe8vre", "UTF-8"},
		{"49,999 characters", strings.Repeat("a", 49_999), "49\u202f999 caractères"},
		{"49,999 percent signs", strings.Repeat("%", 49_999), "49\u202f999 caractères"},
	}
	for _, b := range backends(t) {
		t.Run(b.name, func(t *testing.T) {
			ctx := context.Background()
			r := open(t, b.cfg(t), &clock{time.Now()})
			if _, err := r.Cloturer(ctx, ref(t), exemple(t, nil), Request{ID: "x"}); err != nil {
				t.Fatal(err)
			}
			calls := []struct {
				param string // as the message names it
				call  func(v string) error
			}{
				{"nom", func(v string) error { _, err := r.Liste(ctx, Filter{Nom: v}); return err }},
				{"numéro", func(v string) error { _, err := r.Liste(ctx, Filter{Numero: v}); return err }},
				{"session", func(v string) error { _, err := r.Liste(ctx, Filter{Session: v}); return err }},
				{"numéro", func(v string) error { _, err := r.Document(ctx, v); return err }},
				{"numéro", func(v string) error { _, err := r.Revoquer(ctx, v, Request{ID: "x", Motif: "fraude"}); return err }},
				{"numéro", func(v string) error { _, _, _, err := r.Duplicata(ctx, v, Request{ID: "x"}); return err }},
				{"session", func(v string) error { _, err := r.Session(ctx, v); return err }},
				{"session", func(v string) error { _, err := r.Journal(ctx, v); return err }},
				{"numéro", func(v string) error { _, err := r.Declarations(ctx, v); return err }},
				{"nom", func(v string) error { _, err := r.Personne(ctx, v, ""); return err }},
			}
			for _, o := range odd {
				for i, c := range calls {
					err := c.call(o.value)
					if !errors.Is(err, ErrInput) || !strings.Contains(err.Error(), c.param) || !strings.Contains(err.Error(), o.says) {
						t.Errorf("call %d (%s), %s: %v; want ErrInput naming %s and saying %q", i, c.param, o.name, err, c.param, o.says)
					}
				}
			}
		})
	}
}
