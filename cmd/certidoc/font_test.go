package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// valider names a character the documents' font lacks: a problem in a
// first name, a warning in préconisations, each with its path.
func TestValiderFontCoverage(t *testing.T) {
	t.Parallel()
	data, err := os.ReadFile("../../testdata/session-exemple.json")
	if err != nil {
		t.Fatal(err)
	}
	warned := bytes.Replace(data, []byte(`"preconisations": "Présenter les blocs D et E`), []byte(`"preconisations": "👍 Présenter les blocs D et E`), 1)
	bad := bytes.Replace(warned, []byte(`"prenoms": "Nadia"`), []byte(`"prenoms": "Nadia 😀"`), 1)
	dir := t.TempDir()
	for _, c := range []struct {
		name string
		data []byte
		want string // in the output, or in the error when bad
		fail bool
	}{
		{"warning", warned, "avertissement – candidats[3].preconisations\u00a0: caractère «\u00a0👍\u00a0» (U+1F44D) absent de la police des documents\u00a0: il est imprimé «\u00a0□\u00a0»", false},
		{"problem", bad, "candidats[2].prenoms\u00a0: caractère «\u00a0😀\u00a0» (U+1F600) absent de la police des documents\u00a0: il ne peut pas être imprimé, remplacez-le", true},
	} {
		t.Run(c.name, func(t *testing.T) {
			p := filepath.Join(dir, c.name+".json")
			if err := os.WriteFile(p, c.data, 0o644); err != nil {
				t.Fatal(err)
			}
			stdout, _, err := runT(t, nil, "valider", "--session", p)
			got := stdout
			if err != nil {
				got = err.Error()
			}
			if (err != nil) != c.fail || !strings.Contains(got, c.want) {
				t.Errorf("valider: %v\n%s\nwant %q", err, stdout, c.want)
			}
		})
	}
}
