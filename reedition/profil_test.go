package reedition

import (
	"bytes"
	"context"
	"image"
	"image/color"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"certidoc/certificateur"
	"certidoc/documents"
	"certidoc/fr"
	"certidoc/generator"
	"certidoc/internal/testtool"
	"certidoc/referentiel"
	"certidoc/registre"
)

// otherProfil is the test profile after the certifier changed its logo
// and its colour.
func otherProfil(t *testing.T) *certificateur.Profil {
	t.Helper()
	dir := t.TempDir()
	src := filepath.Join("..", "certificateur", "testdata")
	yaml, err := os.ReadFile(filepath.Join(src, "profil.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"signature.jpg", "cachet.png"} {
		data, _ := os.ReadFile(filepath.Join(src, name))
		os.WriteFile(filepath.Join(dir, name), data, 0o644)
	}
	logo := image.NewNRGBA(image.Rect(0, 0, 300, 100))
	for y := 20; y < 80; y++ {
		for x := 20; x < 280; x++ {
			logo.Set(x, y, color.NRGBA{20, 110, 60, 255})
		}
	}
	var b bytes.Buffer
	png.Encode(&b, logo)
	os.WriteFile(filepath.Join(dir, "logo.png"), b.Bytes(), 0o644)
	text := strings.Replace(string(yaml), `couleur: "#1F4E79"`, `couleur: "#6B2C91"`, 1)
	os.WriteFile(filepath.Join(dir, "profil.yaml"), []byte(text), 0o644)
	p, err := certificateur.LoadFile(filepath.Join(dir, "profil.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// raster renders every page of a PDF as PNG files and returns them.
func raster(t *testing.T, pdf []byte) [][]byte {
	t.Helper()
	pdftoppm := testtool.Need(t, "pdftoppm", "poppler-utils")
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "d.pdf"), pdf, 0o644)
	if out, err := exec.Command(pdftoppm, "-r", "100", "-png", filepath.Join(dir, "d.pdf"), filepath.Join(dir, "p")).CombinedOutput(); err != nil {
		t.Fatalf("pdftoppm: %v %s", err, out)
	}
	names, _ := filepath.Glob(filepath.Join(dir, "p-*.png"))
	var pages [][]byte
	for _, n := range names {
		f, _ := os.Open(n)
		img, err := png.Decode(f)
		f.Close()
		if err != nil {
			t.Fatal(err)
		}
		pages = append(pages, img.(*image.RGBA).Pix)
	}
	return pages
}

func render(t *testing.T, d documents.Document, p *certificateur.Profil, now time.Time) []byte {
	t.Helper()
	opt := generator.Options{Now: now}
	if p != nil {
		h, err := generator.NewHabillage(p)
		if err != nil {
			t.Fatal(err)
		}
		opt.Habillage = h
	}
	var b bytes.Buffer
	if err := generator.PDF(&b, d, opt); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// TestDuplicataKeepsTheProfileOfItsClosing: a parchemin's duplicata made
// after the certifier changed its profile is, pixel for pixel, the
// original with the duplicata mention: the profile of the closing, kept
// by the registre, not today's.
func TestDuplicataKeepsTheProfileOfItsClosing(t *testing.T) {
	for _, be := range backends(t) {
		t.Run(be.name, func(t *testing.T) {
			ctx := context.Background()
			clk := &clock{t: time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC)}
			r := open(t, be.cfg(t), clk)
			then, err := certificateur.LoadFile(filepath.Join("..", "certificateur", "testdata", "profil.yaml"))
			if err != nil {
				t.Fatal(err)
			}
			s := then.Appliquer(exemple(t, nil))
			contenu, images, err := then.Snapshot()
			if err != nil {
				t.Fatal(err)
			}
			c, err := r.CloturerProfil(ctx, ref(t), s, &registre.Profil{Contenu: contenu, Images: images}, registre.Request{ID: "t"})
			if err != nil {
				t.Fatal(err)
			}
			var e registre.Entry
			for _, x := range c.Documents {
				if x.Nature == registre.Parchemin && x.Candidat == s.Candidats[0].Numero {
					e = x
				}
			}
			const url = "https://certidoc.exemple.fr"
			original := documents.Parchemin(ref(t), s, &s.Candidats[0], verifier(c, url), then)

			// A year later, another logo and another colour.
			clk.t = clk.t.AddDate(1, 0, 0)
			today := otherProfil(t)
			dup, _, kept, err := Duplicata(ctx, r, referentiel.Seul(ref(t)), e.Numero, url, registre.Request{ID: "t"})
			if err != nil {
				t.Fatal(err)
			}
			if kept == nil || kept.Logo == nil || kept.Logo.Empreinte != then.Logo.Empreinte || kept.Couleur != then.Couleur {
				t.Fatalf("the duplicata's profile is not the one of the closing: %+v", kept)
			}
			got := raster(t, render(t, dup, kept, clk.t))
			want := raster(t, render(t, documents.Duplicata(original, fr.DateOf(clk.t.In(fr.Paris()))), then, clk.t))
			if len(got) != len(want) {
				t.Fatalf("%d pages, want %d", len(got), len(want))
			}
			for i := range got {
				if !bytes.Equal(got[i], want[i]) {
					t.Errorf("page %d of the duplicata differs from the original with its mention", i+1)
				}
			}
			// The check can fail: today's profile prints otherwise.
			if now := raster(t, render(t, dup, today, clk.t)); bytes.Equal(now[0], got[0]) {
				t.Error("the duplicata with today's profile looks the same: the test proves nothing")
			}
		})
	}
}

// TestClosingWithoutProfile: a closing made before profiles were kept
// gives its duplicata without any (as it was printed then).
func TestClosingWithoutProfile(t *testing.T) {
	ctx := context.Background()
	r := open(t, registre.Config{Dir: t.TempDir()}, &clock{t: time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC)})
	s := exemple(t, nil)
	c, err := r.Cloturer(ctx, ref(t), s, registre.Request{ID: "t"})
	if err != nil {
		t.Fatal(err)
	}
	_, _, p, err := Duplicata(ctx, r, referentiel.Seul(ref(t)), c.Documents[0].Numero, "https://x", registre.Request{ID: "t"})
	if err != nil || p != nil {
		t.Errorf("Duplicata of a closing without profile: profile %v, err %v", p, err)
	}
}
