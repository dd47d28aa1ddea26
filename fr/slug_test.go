package fr

import (
	"strings"
	"testing"
)

func TestSlug(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"L’Hermitte Œ/../x", "l-hermitte-oe-x"},
		{"2022-001-Lefèvre-Œuvray-Élodie Marie", "2022-001-lefevre-oeuvray-elodie-marie"},
		{"Straße Æ", "strasse-ae"},
		{"../..", "sans-nom"},
		{"", "sans-nom"},
		{strings.Repeat("é", 200), strings.Repeat("e", 80)},
	} {
		if got := Slug(c.in); got != c.want {
			t.Errorf("Slug(%q): got %q, want %q", c.in, got, c.want)
		}
	}
}
