package fonts

import (
	"bufio"
	"bytes"
	"os"
	"strconv"
	"testing"
	"unicode/utf16"
)

func TestCovers(t *testing.T) {
	tests := []struct {
		name string
		r    rune
		want bool
	}{
		{"ascii letter", 'A', true},
		{"french accent", 'é', true},
		{"oe ligature", 'œ', true},
		{"narrow no-break space", '\u202f', true},
		{"romanian s comma", 'Ș', true},
		{"vietnamese e circumflex tilde", 'ễ', true},
		{"greek omega", 'Ω', true},
		{"cyrillic zhe", 'Ж', true},
		{"euro", '€', true},
		{"replacement", Replacement, true},
		{"control", '\x01', false},
		{"delete", '\x7f', false},
		{"c1 control", '\u0085', false},
		{"cjk", '中', false},
		{"arabic", 'ب', false},
		{"unicode replacement character", '\ufffd', false},
		{"emoji beyond the BMP", '😀', false},
		{"last code point", 0x10ffff, false},
		{"negative", -1, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Covers(tt.r); got != tt.want {
				t.Errorf("Covers(%U) = %v, want %v", tt.r, got, tt.want)
			}
		})
	}
}

// TestCoversRepertoire compares Covers over the whole of Unicode with the
// characters fontTools finds in both fonts' cmap (testdata/repertoire.txt,
// written by subset.sh).
func TestCoversRepertoire(t *testing.T) {
	f, err := os.Open("testdata/repertoire.txt")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	want := map[rune]bool{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if sc.Text() == "" {
			continue
		}
		v, err := strconv.ParseUint(sc.Text(), 16, 32)
		if err != nil {
			t.Fatal(err)
		}
		want[rune(v)] = true
	}
	if len(want) < 2300 {
		t.Fatalf("repertoire.txt holds %d characters, want Liberation Sans's 2,327", len(want))
	}
	for r := rune(0); r <= 0x10ffff; r++ {
		if got := Covers(r); got != want[r] {
			t.Errorf("Covers(%U) = %v, want %v", r, got, want[r])
		}
	}
	if got := Count(); got != len(want) {
		t.Errorf("Count() = %d, want %d", got, len(want))
	}
}

// TestRenamed checks that the fonts carry the name "Certidoc Sans" and not
// the reserved name of the original, outside the copyright and licence.
func TestRenamed(t *testing.T) {
	for name, font := range map[string][]byte{"regular": Regular, "bold": Bold} {
		names, err := table(font, "name")
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Contains(names, utf16be("Certidoc Sans")) {
			t.Errorf("%s: no name record says Certidoc Sans", name)
		}
		// The trademark notice may say "Liberation"; no name may say
		// "Liberation Sans".
		if count := bytes.Count(names, utf16be("Liberation Sans")); count > 0 {
			t.Errorf("%s: %d name records still say Liberation Sans", name, count)
		}
	}
}

func utf16be(s string) []byte {
	var b []byte
	for _, u := range utf16.Encode([]rune(s)) {
		b = append(b, byte(u>>8), byte(u))
	}
	return b
}

func TestParseCmapBroken(t *testing.T) {
	for name, font := range map[string][]byte{
		"empty":     nil,
		"truncated": Regular[:100],
		"header":    Regular[:12],
	} {
		if _, err := parseCmap(font); err == nil {
			t.Errorf("%s: parseCmap gave no error", name)
		}
	}
}
