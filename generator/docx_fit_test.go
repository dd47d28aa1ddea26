package generator

import (
	"math/rand/v2"
	"strings"
	"testing"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// fitHalfPointsBySplitting is fitHalfPoints as it was before it read the
// text in one pass: words split with FieldsFunc, then after each hyphen,
// each character's width decomposed again. The reference the new one must
// agree with.
func fitHalfPointsBySplitting(text string, width float64, halfPoints int, bold bool) int {
	twips := func(s string) float64 {
		units := 0
		for _, r := range s {
			w, ok := advance[r]
			if !ok {
				base := []rune(norm.NFD.String(string(r)))[0]
				w, ok = advance[base]
				if !ok {
					w = 556
					if unicode.IsUpper(base) {
						w = 722
					}
				}
			}
			units += w
		}
		if bold {
			units = units * 108 / 100
		}
		return float64(units) / 1000 * float64(halfPoints) / 2 * 20
	}
	widest := 0.0
	for _, word := range strings.FieldsFunc(text, func(r rune) bool { return r == ' ' || r == '\n' || r == '\t' }) {
		for part := range strings.SplitAfterSeq(word, "-") {
			widest = max(widest, twips(part))
		}
	}
	if widest <= width {
		return halfPoints
	}
	return max(docxMinHalfPoints, int(float64(halfPoints)*width/widest))
}

func TestFitHalfPointsAgreesWithSplitting(t *testing.T) {
	texts := []string{
		"", " ", "-", "--", "a-", "-a",
		"LAMOTHE-CASTELNAU Marie-Éléonore",
		"Ŵilhelmina\tÇéleste\nØrjan ŒUVRE œuvre",
		"Ἀλέξανδρος Достоевский 東京 ☃ \u00a0:\u202f;",
		"Coordinateur(trice) de parcours d’insertion sociale et professionnelle",
	}
	pool := []rune("aeiouAÉÈÇœŒ- \t\nßŴἈД東’'.,0123456789\u00a0\u202f")
	rng := rand.New(rand.NewPCG(1, 2))
	for range 2000 {
		r := make([]rune, rng.IntN(40))
		for i := range r {
			r[i] = pool[rng.IntN(len(pool))]
		}
		texts = append(texts, string(r))
	}
	for _, text := range texts {
		for _, width := range []float64{300, 1200, 4000} {
			for _, bold := range []bool{false, true} {
				got := fitHalfPoints(text, width, 18, bold)
				want := fitHalfPointsBySplitting(text, width, 18, bold)
				if got != want {
					t.Fatalf("fitHalfPoints(%q, %v, 18, %v) = %d, splitting gives %d", text, width, bold, got, want)
				}
			}
		}
	}
}
