package generator

import (
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"certidoc/documents"
)

// wrapMeasuringEachLine is wrap as it was until 2026-11-27: the whole line
// measured again for each word. wrap must break every text where it did.
func (p *pdfWriter) wrapMeasuringEachLine(text string, w float64) []string {
	var lines []string
	for _, para := range strings.Split(text, "\n") {
		line := ""
		for _, word := range strings.Split(para, " ") {
			if word == "" {
				continue
			}
			candidate := word
			if line != "" {
				candidate = line + " " + word
			}
			if p.f.GetStringWidth(candidate) <= w {
				line = candidate
				continue
			}
			if head, tail, ok := p.hyphenSplit(line, word, w); ok {
				lines = append(lines, head)
				line, word = "", tail
				if p.f.GetStringWidth(word) <= w {
					line = word
					continue
				}
			}
			if line != "" {
				lines = append(lines, line)
			}
			r := []rune(word)
			for {
				n := p.fit(r, w)
				if n == len(r) {
					break
				}
				for k := n; k > 1; k-- {
					if r[k-1] == '-' {
						n = k
						break
					}
				}
				lines = append(lines, string(r[:n]))
				r = r[n:]
			}
			line = string(r)
		}
		lines = append(lines, line)
	}
	return lines
}

func TestWrapBreaksWhereItDid(t *testing.T) {
	p, err := layoutPDF(documents.Document{Name: "w"}, fixed, 0, addParsedFonts, true)
	if err != nil {
		t.Fatal(err)
	}
	vocab := []string{"a", "le", "évaluation", "Jean-Baptiste", "d’insertion", "HAUSENBERGER-RDORFF", "x-", "-y", "—", "W", "iiiiiiii", "coordination,", "1.10", strings.Repeat("m", 60), "a-b-c-d-e-f-g-h-i-j-k-l-m-n-o-p-q-r-s-t-u-v-w-x-y-z"}
	rng := rand.New(rand.NewPCG(1, 2))
	for i := range 3000 {
		var b strings.Builder
		for range rng.IntN(40) {
			b.WriteString(vocab[rng.IntN(len(vocab))])
			switch rng.IntN(10) {
			case 0:
				b.WriteString("  ")
			case 1:
				b.WriteString("\n")
			default:
				b.WriteString(" ")
			}
		}
		style := []string{"", "B"}[i%2]
		p.font(style, []float64{7.5, 9, 11, 16}[i%4])
		w := []float64{10, 25, 42.5, 80, 180}[rng.IntN(5)]
		text := b.String()
		if got, want := p.wrap(text, w), p.wrapMeasuringEachLine(text, w); !slices.Equal(got, want) {
			t.Fatalf("%q in %g mm:\n got %q\nwant %q", text, w, got, want)
		}
	}
}

// The lines kept for a text depend on its width and on the font's style and
// size.
func TestWrapCacheKeysAndSharing(t *testing.T) {
	p, err := layoutPDF(documents.Document{Name: "w"}, fixed, 0, addParsedFonts, true)
	if err != nil {
		t.Fatal(err)
	}
	text := "Identifier les besoins et les attentes de la personne accompagnée, Jean-Baptiste LAMOTHE-CASTELNAU"
	for range 3 { // the first time computed, then from the cache
		for _, style := range []string{"", "B"} {
			for _, size := range []float64{7.5, 9, 16} {
				for _, w := range []float64{20, 42.5, 180} {
					p.font(style, size)
					got := p.wrap(text, w)
					if want := p.wrapText(text, w); !slices.Equal(got, want) {
						t.Fatalf("%q %g pt %g mm: got %q, want %q", style, size, w, got, want)
					}
				}
			}
		}
	}
	// Beyond a generation, what is asked again is still right.
	for i := range 2*wrapGeneration + 10 {
		p.font("", 9)
		text := strings.Repeat("mot ", i%50) + string(rune('a'+i%26))
		if got, want := p.wrap(text, 30), p.wrapText(text, 30); !slices.Equal(got, want) {
			t.Fatalf("%q: got %q, want %q", text, got, want)
		}
	}
}

// cellSize keeps its answers per text, width, style and size, as wrap does.
func TestCellSizeCacheKeys(t *testing.T) {
	p, err := layoutPDF(documents.Document{Name: "c"}, fixed, 0, addParsedFonts, true)
	if err != nil {
		t.Fatal(err)
	}
	text := "KERGOAT-VASSEUR DE VILLENEUVE-LAMOTHE-CASTELNAU"
	for range 3 {
		for _, bold := range []bool{false, true} {
			for _, size := range []float64{7.5, 9, 16} {
				for _, w := range []float64{10, 25, 60} {
					c := documents.Cell{Text: text, Bold: bold}
					got := p.cellSize(c, w, size)
					p.cellFont(c, size)
					if want := p.fitCellSize(text, w, size); got != want {
						t.Fatalf("bold %v, %g pt, %g mm: got %g, want %g", bold, size, w, got, want)
					}
				}
			}
		}
	}
}
