package generator

import (
	"bytes"
	"slices"
	"strings"
	"sync"
	"testing"

	"codeberg.org/go-pdf/fpdf"

	"certidoc/documents"
	"certidoc/generator/fonts"
)

// addFontsUpstream gives a document its fonts the way fpdf v0.12.0 does,
// parsing them again: the code path third_party/fpdf leaves as it was.
func addFontsUpstream(f *fpdf.Fpdf) error {
	f.AddUTF8FontFromBytes(fontFamily, "", fonts.Regular)
	f.AddUTF8FontFromBytes(fontFamily, "B", fonts.Bold)
	return nil
}

// TestParsedFontsRenderWhatUpstreamRenders renders one PDF of each kind in
// the example dossier (two of each for the cache to serve), and a document
// with characters from everywhere: with the
// fonts parsed once and their cut subsets cached (the patch in
// third_party/fpdf), and the way upstream fpdf does it. The bytes must be
// the same. Documents are rendered twice with the cache, concurrently, so
// that the second round comes from the cache and the race detector sees
// documents sharing the fonts.
func TestParsedFontsRenderWhatUpstreamRenders(t *testing.T) {
	ex := loadExemple(t, nil)
	docs := []documents.Document{everyBlock("Ștefan Nguyễn, Жанна, Ωmega 😀")}
	seen := map[string]int{}
	for e := range documents.Dossier(embedded(t), ex.sess, ex.delib, ex.rep.Avertissements, nil, nil) {
		kind, _, _ := strings.Cut(e.Doc.Name, "-")
		if seen[kind] < 2 {
			seen[kind]++
			docs = append(docs, e.Doc)
		}
	}
	want := make([][]byte, len(docs))
	for i, d := range docs {
		var buf bytes.Buffer
		if err := writePDF(&buf, d, fixed, addFontsUpstream); err != nil {
			t.Fatal(err)
		}
		want[i] = buf.Bytes()
	}
	for round := range 2 {
		got := make([][]byte, len(docs))
		var wg sync.WaitGroup
		for i, d := range docs {
			wg.Go(func() {
				var buf bytes.Buffer
				if err := PDF(&buf, d, fixed); err != nil {
					t.Error(err)
				}
				got[i] = buf.Bytes()
			})
		}
		wg.Wait()
		for i := range docs {
			if !bytes.Equal(got[i], want[i]) {
				t.Errorf("round %d: %s: %d bytes differ from upstream's %d bytes", round, docs[i].Name, len(got[i]), len(want[i]))
			}
		}
	}
	if !slices.ContainsFunc(want, func(b []byte) bool { return len(b) > 0 }) {
		t.Fatal("nothing rendered")
	}
}

// BenchmarkFontCut compares a completed grid whose set of characters the
// font cache has already cut (hit) with one carrying a character not seen
// before, among 300 that the cache of 256 cuts cannot all keep (miss): the
// difference is the cost of cutting the subset.
func BenchmarkFontCut(b *testing.B) {
	ex := loadExemple(b, nil)
	r := embedded(b)
	bl, _ := r.Bloc("B")
	e, _ := bl.Epreuve(1)
	var rare []rune // Cyrillic and Greek letters the example does not use
	for c := rune(0x400); len(rare) < 300; c++ {
		if fonts.Covers(c) {
			rare = append(rare, c)
		}
	}
	for _, miss := range []bool{false, true} {
		name := "hit"
		if miss {
			name = "miss"
		}
		b.Run(name, func(b *testing.B) {
			var buf bytes.Buffer
			b.ReportAllocs()
			i := 0
			for b.Loop() {
				cand := ex.sess.Candidats[0]
				if miss {
					cand.Prenoms += " " + string(rare[i%len(rare)])
					i++
				}
				d := documents.GrilleRemplie(r, bl, e, &cand)
				buf.Reset()
				if err := PDF(&buf, d, fixed); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
