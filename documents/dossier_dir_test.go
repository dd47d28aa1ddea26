package documents

import (
	"strings"
	"testing"

	"certidoc/fr"
)

// Every candidate has a folder of its own in the dossier, named in ASCII
// letters transliterated (Þ → th, Ø → o, Ł → l…) and cut between two words
// ("…-anne-la" was cut inside "Anne-Laure").
func TestCandidatDirs(t *testing.T) {
	r, s, d := sessionLongue(t)
	seen := map[string]string{}
	for i := range d.Candidats {
		c := d.Candidats[i].Candidat
		dir := strings.TrimPrefix(CandidatDir(c), "candidats/")
		if other, ok := seen[dir]; ok {
			t.Errorf("candidates %s and %s share the folder %s", other, c.Numero, dir)
		}
		seen[dir] = c.Numero
		whole := fr.SlugNom(c.Numero+"-"+c.NomAffiche()+"-"+c.Prenoms, 1000)
		if rest, ok := strings.CutPrefix(whole, dir); !ok || rest != "" && rest[0] != '-' {
			t.Errorf("%s: folder %q is not %q cut between two words", c.Numero, dir, whole)
		}
	}
	for _, want := range []string{"2022-003-stefanescu-lukasiewicz-thorunn-ngoc-anh-oydis", "2022-004-dordevic-dakovic-lukasz-aesgeir-oedipe"} {
		if _, ok := seen[want]; !ok {
			t.Errorf("no folder %s in %v", want, seen)
		}
	}
	dirs := map[string]bool{}
	for e := range Dossier(r, s, d, nil, nil, nil) {
		if e.Dir != "" {
			dirs[e.Dir] = true
		}
	}
	if len(dirs) != len(d.Candidats) {
		t.Errorf("%d folders for %d candidates: %v", len(dirs), len(d.Candidats), dirs)
	}
}
