package registre

import "testing"

// TestNormalizeCode: the reading of a typed code, by its ASCII table and
// by runes, gives the same answers.
func TestNormalizeCode(t *testing.T) {
	tests := []struct {
		in, want string
		ok       bool
	}{
		{"7KQ2M-9XH4T", "7KQ2M9XH4T", true},
		{"7kq2m 9xh4t", "7KQ2M9XH4T", true},
		{"OIL23-45678", "01123456" + "78", true},
		{"7KQ2M\u00a09XH4T", "7KQ2M9XH4T", true},
		{"7KQ2M-9XH4", "", false},
		{"7KQ2M-9XH4TT", "", false},
		{"7KQ2U-9XH4T", "", false},
		{"7KQ2M_9XH4T", "", false},
		{"7KQ2M-9XH4É", "", false},
		{"", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, ok := NormalizeCode(tt.in)
			if got != tt.want || ok != tt.ok {
				t.Errorf("NormalizeCode(%q) = %q, %v; want %q, %v", tt.in, got, ok, tt.want, tt.ok)
			}
			if rg, rok := normalizeRunes(tt.in); rg != got || rok != ok {
				t.Errorf("normalizeRunes(%q) = %q, %v; NormalizeCode says %q, %v", tt.in, rg, rok, got, ok)
			}
		})
	}
}

// FuzzNormalizeCode: for any text, the ASCII table and the runes agree.
func FuzzNormalizeCode(f *testing.F) {
	for _, s := range []string{"7KQ2M-9XH4T", "oil23-45678", "7kq2m 9xh4t", "ABCDEFGHJK", "ı", "\u00a0"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, ok := NormalizeCode(s)
		want, wok := normalizeRunes(s)
		if got != want || ok != wok {
			t.Errorf("NormalizeCode(%q) = %q, %v; by runes %q, %v", s, got, ok, want, wok)
		}
	})
}
