package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"certidoc/internal/testtool"
)

// What the command line prints — summaries, valider's report, every
// --help, usage errors and failures as exitCode writes them on stderr —
// has its no-break spaces.
func TestOutputsTypography(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	exemple := "../../testdata/session-exemple.json"
	data, err := os.ReadFile(exemple)
	if err != nil {
		t.Fatal(err)
	}
	bad := filepath.Join(dir, "mauvaise.json")
	broken := bytes.Replace(data, []byte(`"voie_acces": "vae"`), []byte(`"voie_acces": "VAE!"`), 1)
	broken = bytes.Replace(broken, []byte(`"sexe": "F"`), []byte(`"sexe": "X"`), 1)
	if err := os.WriteFile(bad, broken, 0o644); err != nil {
		t.Fatal(err)
	}
	malformed := filepath.Join(dir, "tronquee.json")
	if err := os.WriteFile(malformed, data[:200], 0o644); err != nil {
		t.Fatal(err)
	}
	badRef := filepath.Join(dir, "ref.yaml")
	if err := os.WriteFile(badRef, []byte("certification:\n  code_rncp: \"36128\"\n  niveau: 9\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	env := map[string]string{"SOURCE_DATE_EPOCH": "1764061200"}
	runs := [][]string{
		{"--help"},
		{"referentiel"},
		{"referentiel", "--referentiel", badRef},
		{"valider", "--session", exemple},
		{"valider", "--session", bad},
		{"valider", "--session", malformed},
		{"valider", "--session", filepath.Join(dir, "absente.json")},
		{"dossier", "--session", exemple, "--out", filepath.Join(dir, "d.zip")},
		{"dossier", "--session", bad, "--out", filepath.Join(dir, "non.zip")},
		{"classeur", "--out", filepath.Join(dir, "s.xlsx")},
		{"import", filepath.Join(dir, "s.xlsx"), "--out", filepath.Join(dir, "s.json")},
		{"import", exemple, "--out", filepath.Join(dir, "x.json")},
		{"resultats", "--session", exemple, "--out", filepath.Join(dir, "r.odt")},
		{"grilles"},
		{"grilles", "--out", dir, "--bloc", "Z", "--format", "odt"},
		{"imprimer"},
		{"valider", "--sortie", "x"},
		{"valider", "--session"},
		{"referentiel", "en-trop"},
		{"referentiel", "--json=peut-être"},
		{"serve", "--addr", "nulle-part", "--read-timeout", "bientôt", "--token", "court", "--body-limit", "beaucoup"},
		{"serve", "--cle-verification", "court"},
		{"accrochage", "--session", exemple, "--out", filepath.Join(dir, "f.xml")},
		{"verifier"},
		{"registre"},
		{"registre", "imprimer"},
	}
	for _, cmd := range []string{"serve", "grilles", "classeur", "import", "valider", "dossier", "resultats", "accrochage", "verifier", "registre", "referentiel"} {
		runs = append(runs, []string{cmd, "--help"})
	}
	for _, args := range runs {
		name := strings.Join(args, " ")
		stdout, stderr, err := runT(t, env, args...)
		var errOut bytes.Buffer
		exitCode(err, &errOut)
		for _, out := range []string{stdout, stderr, errOut.String()} {
			testtool.CheckTypo(t, name, out)
		}
	}
}
