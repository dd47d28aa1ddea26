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

// A name's letters are transliterated, never dropped, and a long name is
// cut between two words. (Þ and Ø were dropped: "nguyen-orsdottir…-ystein";
// a long name was cut inside its last word: "…-anne-la".)
func TestSlugNom(t *testing.T) {
	for _, c := range []struct {
		in   string
		max  int
		want string
	}{
		{"Þórunn Ørsdóttir-Nguyễn Øystein", 80, "thorunn-orsdottir-nguyen-oystein"},
		{"Łukasz Đorđević Straße Æsa Œuvray Ðóra", 80, "lukasz-dordevic-strasse-aesa-oeuvray-dora"},
		{"2022-006-Kergoat-Vasseur de Villeneuve-Lamothe-Castelnau-Maëlle-Bérénice Anne-Laure Éléonore", 80,
			"2022-006-kergoat-vasseur-de-villeneuve-lamothe-castelnau-maelle-berenice-anne"},
		{"abc-defg", 7, "abc"},
		{"abc-defg", 8, "abc-defg"},
		{"abc-defg-h", 8, "abc-defg"},
		{strings.Repeat("é", 200), 80, strings.Repeat("e", 80)},
		{"../..", 80, "sans-nom"},
	} {
		if got := SlugNom(c.in, c.max); got != c.want {
			t.Errorf("SlugNom(%q, %d): got %q, want %q", c.in, c.max, got, c.want)
		}
	}
}
