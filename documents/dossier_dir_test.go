package documents

import (
	"strings"
	"testing"
)

// No two candidates share a folder in the dossier, even when their folder
// names are the same once written in ASCII and cut: "2022.006" and
// "2022-006", two long names alike in their first 80 characters.
func TestCandidatDirsNeverCollide(t *testing.T) {
	r, s, d := exemple(t, func(j string) string {
		j = strings.Replace(j, `"numero": "2022-007"`, `"numero": "2022.006"`, 1)
		return strings.ReplaceAll(j, `"Çelik"`, `"Kergoat-Vasseur de Villeneuve-Lamothe-Castelnau"`)
	})
	c6, c7 := candidate(t, d, "2022-006").Candidat, candidate(t, d, "2022.006").Candidat
	c7.Prenoms, c7.Sexe = c6.Prenoms+" Zoé", c6.Sexe
	if a, b := CandidatDir(c6), CandidatDir(c7); a != b {
		t.Fatalf("the case is not made: %q and %q", a, b)
	}
	dirs := map[string]string{}
	for e := range Dossier(r, s, d, nil, nil) {
		if e.Dir == "" || e.File != nil {
			continue
		}
		num := e.Doc.Footer[strings.LastIndex(e.Doc.Footer, " ")+1:]
		if other, ok := dirs[e.Dir]; ok && other != num {
			t.Errorf("candidates %s and %s share the folder %s", other, num, e.Dir)
		}
		dirs[e.Dir] = num
		if strings.HasSuffix(strings.TrimSuffix(e.Dir, "-2"), "-la") {
			t.Errorf("%s: a name cut inside a word", e.Dir)
		}
	}
	if len(dirs) < 2 {
		t.Fatalf("folders: %v", dirs)
	}
}
