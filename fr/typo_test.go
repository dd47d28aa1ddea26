package fr

import "testing"

func TestTypo(t *testing.T) {
	for _, tc := range []struct{ name, in, want string }{
		{"each mark", "A : 3 ; B ! C ? « x »", "A\u00a0: 3\u202f; B\u202f! C\u202f? «\u00a0x\u00a0»"},
		{"U+00A0 before ; ! ? becomes U+202F", "a\u00a0; b\u00a0! c\u00a0?", "a\u202f; b\u202f! c\u202f?"},
		{"already right", "a\u00a0: b\u202f; «\u00a0c\u00a0»", "a\u00a0: b\u202f; «\u00a0c\u00a0»"},
		{"no space, nothing added", "14:30 https://exemple.fr Session!B4 a;b", "14:30 https://exemple.fr Session!B4 a;b"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := Typo(tc.in); got != tc.want {
				t.Errorf("Typo(%q) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
}
