package generator

import (
	"bytes"
	"compress/zlib"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"testing"

	"codeberg.org/go-pdf/fpdf"

	"certidoc/documents"
	"certidoc/generator/fonts"
	"certidoc/internal/testtool"
)

func TestPrintableText(t *testing.T) {
	tests := []struct {
		name, in, want string
		keepBreaks     bool
	}{
		{"french", "Élodie L’Hôte-Œuvray\u202f!", "Élodie L’Hôte-Œuvray\u202f!", false},
		{"romanian and vietnamese", "Ștefan Nguyễn", "Ștefan Nguyễn", false},
		{"greek and cyrillic", "Ωmega Жанна", "Ωmega Жанна", false},
		{"emoji beyond the BMP", "Élodie 😀", "Élodie □", false},
		{"cjk and arabic", "中 ب", "□ □", false},
		{"invalid utf-8", "a\xffb", "a□b", false},
		{"controls dropped", "a\x01b\x7fc\u0085d", "abcd", false},
		{"line breaks dropped", "a\nb", "ab", false},
		{"line breaks kept", "a\nb", "a\nb", true},
		{"unicode replacement character", "\ufffd", "□", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := printableText(tt.in, tt.keepBreaks); got != tt.want {
				t.Errorf("printableText(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

// everyBlock is a document with one block of each kind, every string set
// to s.
func everyBlock(s string) documents.Document {
	return documents.Document{Name: "blocs", Title: s, Subject: s, Author: s, Footer: s, Initials: s, Blocks: []documents.Block{
		documents.Heading{Level: 1, Text: s},
		documents.Paragraph{Text: s + "\n" + s},
		documents.List{Items: []string{s, "1. " + s}},
		documents.Facts{Rows: []documents.Fact{{Label: s, Value: s}}},
		documents.Fields{Items: []documents.Field{{Label: s, Value: s, Width: 1}}},
		documents.Table{Columns: []documents.Column{{Header: s, Width: 60}, {Header: "A", Width: 10, Check: true}},
			Rows: []documents.Row{{Cells: []documents.Cell{{Text: s}, {Checked: true}}}, {Group: true, Cells: []documents.Cell{{Text: s}}}}},
		documents.Choices{Label: s, Options: []string{s, s}, Selected: 1},
		documents.WritingBox{Label: s, Text: s, Height: 20},
		documents.Signatures{Signers: []documents.Signer{{Role: s, Name: s}}, Height: 30},
	}}
}

// uncovered lists the strings of v holding a character the font lacks.
func uncovered(v reflect.Value, found *[]string) {
	switch v.Kind() {
	case reflect.String:
		for _, r := range v.String() {
			if r != '\n' && !fonts.Covers(r) {
				*found = append(*found, v.String())
				return
			}
		}
	case reflect.Struct:
		for i := range v.NumField() {
			uncovered(v.Field(i), found)
		}
	case reflect.Slice, reflect.Array:
		for i := range v.Len() {
			uncovered(v.Index(i), found)
		}
	case reflect.Interface, reflect.Pointer:
		if !v.IsNil() {
			uncovered(v.Elem(), found)
		}
	}
}

// TestPrintableEveryBlock checks that every string of every kind of block
// reaches fpdf printable, and that the caller's document is left as it was.
func TestPrintableEveryBlock(t *testing.T) {
	d := everyBlock("Nguyễn 😀 中\x01")
	before := everyBlock("Nguyễn 😀 中\x01")
	got := printable(d)
	var found []string
	uncovered(reflect.ValueOf(got), &found)
	if len(found) > 0 {
		t.Errorf("printable left characters the font lacks in %q", found)
	}
	if !reflect.DeepEqual(d, before) {
		t.Error("printable changed the caller's document")
	}
	clean := everyBlock("Nguyễn")
	if got := printable(clean); !reflect.DeepEqual(got, clean) {
		t.Error("printable changed a document that needed nothing")
	}
}

// TestPDFEveryCharacter renders names from everywhere: the letters the font
// has come back from pdftotext and are in the font embedded in the file (not
// a gap on the page), each one it lacks is a visible □, and nothing panics
// (a character beyond the BMP used to crash fpdf).
func TestPDFEveryCharacter(t *testing.T) {
	const text = "Ștefan Nguyễn, Жанна, Ωmega, Łukasz Żółć, Ğül 😀 中 ب"
	path := renderPDF(t, everyBlock(text))
	got := normalize(pdftotext(t, path))
	want := "Ștefan Nguyễn, Жанна, Ωmega, Łukasz Żółć, Ğül □ □ □"
	if n := strings.Count(got, want); n < 10 {
		t.Errorf("%q comes back %d times, want every block's; text:\n%s", want, n, got)
	}
	if strings.ContainsAny(got, "😀中ب") {
		t.Errorf("characters the font lacks came back: %s", got)
	}
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	embedded := embeddedFonts(t, raw)
	if len(embedded) != 2 {
		t.Fatalf("%d embedded fonts, want 2", len(embedded))
	}
	for _, cmap := range embedded {
		for _, r := range "ȘNguyễЖΩŁŻółćĞ□" {
			if !cmap[r] {
				t.Errorf("the embedded font has no glyph for %c (%U)", r, r)
			}
		}
	}
	if out, err := exec.Command(testtool.Need(t, "qpdf", "qpdf"), "--check", path).CombinedOutput(); err != nil {
		t.Errorf("qpdf --check: %v\n%s", err, out)
	}
}

// embeddedFonts returns, for each FontFile2 of a PDF written by fpdf, the
// characters its cmap maps to a glyph.
func embeddedFonts(t *testing.T, pdf []byte) []map[rune]bool {
	t.Helper()
	var out []map[rune]bool
	for _, m := range regexp.MustCompile(`/FontFile2 (\d+) 0 R`).FindAllSubmatch(pdf, -1) {
		obj := regexp.MustCompile(`(?s)\n` + string(m[1]) + ` 0 obj\s*<<.*?>>\s*stream\r?\n`).FindIndex(pdf)
		if obj == nil {
			t.Fatalf("object %s not found", m[1])
		}
		zr, err := zlib.NewReader(bytes.NewReader(pdf[obj[1]:]))
		if err != nil {
			t.Fatalf("font stream %s: %v", m[1], err)
		}
		font, err := io.ReadAll(zr)
		if err != nil && len(font) == 0 {
			t.Fatalf("font stream %s: %v", m[1], err)
		}
		file := filepath.Join(t.TempDir(), "font.ttf")
		if err := os.WriteFile(file, font, 0o644); err != nil {
			t.Fatal(err)
		}
		ttf, err := fpdf.TtfParse(file)
		if err != nil {
			t.Fatalf("font stream %s: %v", m[1], err)
		}
		chars := map[rune]bool{}
		for r, glyph := range ttf.Chars {
			if glyph != 0 {
				chars[rune(r)] = true
			}
		}
		out = append(out, chars)
	}
	return out
}
