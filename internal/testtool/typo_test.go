package testtool

import "testing"

// The check itself: each fault it is written for, and what it must let pass.
func TestTypoFaults(t *testing.T) {
	for _, tc := range []struct {
		name, s string
		faults  int
	}{
		{"ordinary space before each mark", "A : 3 ; B ! C ?", 4},
		{"U+00A0 before ; ! ?", "A\u00a0; B\u00a0! C\u00a0?", 3},
		{"colon glued to its word", "problème: la date", 1},
		{"colon glued, end of text", "Options:", 1},
		{"guillemets without U+00A0", "« x » and «y»", 4},
		{"tab before a colon", "x\t: y", 1},
		{"right", "A\u00a0: 3\u202f; B\u202f! C\u202f? «\u00a0x\u00a0»", 0},
		{"time, address, cell, query", "14:30 https://exemple.fr Session!B4 Session!A:A ?candidat=2022-001 hôte:port", 0},
		{"quoted code", "l’en-tête «\u00a0Authorization: Bearer JETON\u00a0»", 0},
		{"a query after a colon", "Indiquez le candidat\u00a0: ?candidat=NUMÉRO", 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := TypoFaults(tc.s); len(got) != tc.faults {
				t.Errorf("TypoFaults(%q) = %q, want %d faults", tc.s, got, tc.faults)
			}
		})
	}
}
