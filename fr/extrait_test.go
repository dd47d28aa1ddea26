package fr

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestExtrait(t *testing.T) {
	for _, c := range []struct {
		name, in, want string
	}{
		{"empty", "", ""},
		{"short", "Très bien", "Très bien"},
		{"exactly 60 characters, accented", strings.Repeat("é", 60), strings.Repeat("é", 60)},
		{"61 characters", strings.Repeat("a", 61), strings.Repeat("a", 60) + "…"},
		{"40,000 characters", strings.Repeat("Lefèvre ", 5000), strings.Repeat("Lefèvre ", 7) + "Lefè…"},
		{"emoji kept whole", strings.Repeat("😀", 70), strings.Repeat("😀", 60) + "…"},
	} {
		t.Run(c.name, func(t *testing.T) {
			got := Extrait(c.in)
			if got != c.want {
				t.Errorf("Extrait: %q, want %q", got, c.want)
			}
			if n := utf8.RuneCountInString(got); n > ExtraitMax+1 || !utf8.ValidString(got) {
				t.Errorf("%d characters, valid %v", n, utf8.ValidString(got))
			}
		})
	}
}
