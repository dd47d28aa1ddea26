package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const testReferentiels = "../../testdata/referentiels"

// --referentiels adds the référentiels of a folder; --certification picks
// one for a command without a session; a session names its own.
func TestReferentielsOption(t *testing.T) {
	t.Parallel()
	dup := t.TempDir()
	data, err := os.ReadFile(filepath.Join(testReferentiels, "rncp99902.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range []string{"un.yaml", "deux.yaml"} {
		if err := os.WriteFile(filepath.Join(dup, n), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	bad := t.TempDir()
	if err := os.WriteFile(filepath.Join(bad, "faux.yaml"), []byte(strings.Replace(string(data), "niveau: 4", "niveau: 0", 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	grilles := t.TempDir()
	wb := t.TempDir()
	for _, c := range []struct {
		name string
		vars map[string]string
		args []string
		ok   bool
		want []string
	}{
		{"summary of another certification", nil, []string{"referentiel", "--referentiels", testReferentiels, "--certification", "RNCP99902"}, true, []string{"RNCP99902", "Épreuve D-1", "au moins 75\u00a0%"}},
		{"from the environment", map[string]string{"CERTIDOC_REFERENTIELS": testReferentiels}, []string{"referentiel", "--certification", "rncp99902"}, true, []string{"RNCP99902"}},
		{"the default without --certification", nil, []string{"referentiel", "--referentiels", testReferentiels}, true, []string{"RNCP36128"}},
		{"unknown certification", nil, []string{"referentiel", "--referentiels", testReferentiels, "--certification", "RNCP11111"}, false, []string{"--certification", "RNCP11111", "RNCP36128, RNCP99901, RNCP99902"}},
		{"same code twice", nil, []string{"referentiel", "--referentiels", dup}, false, []string{"un.yaml", "deux.yaml", "RNCP99902"}},
		{"an invalid file: path and line", nil, []string{"referentiel", "--referentiels", bad}, false, []string{"faux.yaml", "certification.niveau (ligne 8)"}},
		{"no such folder", nil, []string{"referentiel", "--referentiels", filepath.Join(bad, "absent")}, false, []string{"--referentiels", "dossier introuvable"}},
		{"a session names its certification", nil, []string{"valider", "--referentiels", testReferentiels, "--session", "../../testdata/session-rncp99902.json"}, true, []string{"AAI-2025-01 valide"}},
		{"a certification the service does not hold", nil, []string{"valider", "--session", "../../testdata/session-rncp99902.json"}, false, []string{"certification\u00a0: certification «\u00a0RNCP99902\u00a0», mais le référentiel employé est celui de RNCP36128"}},
		{"blank workbook of a marked certification", nil, []string{"classeur", "--referentiels", testReferentiels, "--certification", "RNCP99901", "--out", filepath.Join(wb, "vierge.xlsx")}, true, nil},
		{"workbook of a marked session", nil, []string{"classeur", "--referentiels", testReferentiels, "--session", "../../testdata/session-rncp99901.json", "--out", filepath.Join(wb, "gpi.xlsx")}, true, nil},
		{"its import", nil, []string{"import", filepath.Join(wb, "gpi.xlsx"), "--referentiels", testReferentiels, "--out", filepath.Join(wb, "gpi.json")}, true, nil},
		{"blank grids of a marked certification", map[string]string{"SOURCE_DATE_EPOCH": "1764061200"}, []string{"grilles", "--referentiels", testReferentiels, "--certification", "RNCP99901", "--out", filepath.Join(wb, "grilles")}, true, []string{"grille-A-1.pdf", "grille-B-3.pdf", "grille-C-1.pdf"}},
		{"blank grids of another certification", map[string]string{"SOURCE_DATE_EPOCH": "1764061200"}, []string{"grilles", "--referentiels", testReferentiels, "--certification", "RNCP99902", "--out", grilles}, true, []string{"grille-D-1.pdf"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			out, errOut, err := runT(t, c.vars, c.args...)
			if (err == nil) != c.ok {
				t.Fatalf("err: got %v, want ok=%v\n%s%s", err, c.ok, out, errOut)
			}
			all := out + errOut
			if err != nil {
				all += err.Error()
			}
			for _, w := range c.want {
				if !strings.Contains(all, w) {
					t.Errorf("output lacks %q:\n%s", w, all)
				}
			}
		})
	}
	// The marked session came back from its workbook with its marks.
	got, err := os.ReadFile(filepath.Join(wb, "gpi.json"))
	if err != nil {
		t.Fatal(err)
	}
	for _, w := range []string{`"certification": "RNCP99901"`, `"note": 12.75`, `"note": 5.5`} {
		if !strings.Contains(string(got), w) {
			t.Errorf("the imported session lacks %s", w)
		}
	}
}
