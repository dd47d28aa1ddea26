package registre

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"certidoc/session"
)

// TestMotifCharacters refuses, in a revocation's and a rectification's
// reason, the characters that are not text on one line or that reorder
// text on screen, and names the character.
func TestMotifCharacters(t *testing.T) {
	ctx := context.Background()
	r := open(t, Config{Dir: t.TempDir()}, &clock{time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC)})
	s := exemple(t, nil)
	if _, err := r.Cloturer(ctx, ref(t), s, Request{ID: "x"}); err != nil {
		t.Fatal(err)
	}
	changed := exemple(t, func(s *session.Session) { s.Candidats[1].Prenoms += " Marie" })
	for _, tc := range []struct {
		name, motif, char string
	}{
		{"line feed", "fraude\nconstatée", "U+000A"},
		{"NUL", "fraude\x00", "U+0000"},
		{"escape", "fraude \x1b[31m", "U+001B"},
		{"DEL", "fraude\x7f", "U+007F"},
		{"C1 next line", "fraude\u0085constatée", "U+0085"},
		{"C1 CSI", "fraude\u009b31m", "U+009B"},
		{"right-to-left override", "Fraude \u202eeétatsnoc", "U+202E"},
		{"left-to-right embedding", "\u202aFraude", "U+202A"},
		{"right-to-left isolate", "Fraude \u2067x", "U+2067"},
		{"pop directional isolate", "Fraude \u2069", "U+2069"},
		{"right-to-left mark", "Fraude\u200f", "U+200F"},
		{"Arabic letter mark", "Fraude\u061c", "U+061C"},
		{"invalid UTF-8", "Fraude \xff", "0xFF"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := r.Revoquer(ctx, numero(s, 0, "BC01"), Request{ID: "x", Motif: tc.motif})
			if !errors.Is(err, ErrInput) || !strings.Contains(err.Error(), "«\u00a0"+tc.char) {
				t.Errorf("revocation: %v, want ErrInput naming «\u00a0%s\u00a0»", err, tc.char)
			}
			_, err = r.Cloturer(ctx, ref(t), changed, Request{ID: "x", Motif: tc.motif})
			if !errors.Is(err, ErrInput) || !strings.Contains(err.Error(), "«\u00a0"+tc.char) {
				t.Errorf("rectification: %v, want ErrInput naming «\u00a0%s\u00a0»", err, tc.char)
			}
		})
	}
	// Accents, typographic spaces and quotes, emoji are text.
	for _, ok := range []string{"Fraude constatée\u00a0: «\u00a0diplôme\u00a0» falsifié\u202f!", "erreur de saisie – voir dossier n° 12 😀"} {
		if _, err := r.Cloturer(ctx, ref(t), changed, Request{ID: "x", Motif: ok}); err != nil {
			t.Errorf("rectification with %q: %v", ok, err)
		}
		changed = exemple(t, func(s *session.Session) { s.Candidats[1].Prenoms += " Marie Anne" })
	}
	if _, err := r.Revoquer(ctx, numero(s, 0, "BC01"), Request{ID: "x", Motif: "Fraude constatée\u00a0: «\u00a0diplôme\u00a0» falsifié\u202f!"}); err != nil {
		t.Errorf("revocation with typographic spaces: %v", err)
	}
}
