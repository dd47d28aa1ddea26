package referentiel

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// testReferentiels is the folder of the fictitious référentiels.
const testReferentiels = "../testdata/referentiels"

func TestLoadDirTestReferentiels(t *testing.T) {
	refs, files, err := LoadDir(testReferentiels)
	if err != nil {
		t.Fatalf("LoadDir: %v", err)
	}
	if len(refs) != len(files) || len(refs) < 1 {
		t.Fatalf("got %d référentiels, %d files", len(refs), len(files))
	}
	ens, err := NewEnsemble(embeddedT(t), EmbeddedName, refs, files)
	if err != nil {
		t.Fatalf("NewEnsemble: %v", err)
	}
	codes := ens.Codes()
	if codes[0] != "RNCP36128" || !slices.Contains(codes, "RNCP99902") {
		t.Errorf("codes: got %v, want RNCP36128 first and RNCP99902", codes)
	}
	for _, r := range refs {
		// Fictitious, and saying so: never a real certification's text.
		c := r.Certification
		if !strings.HasPrefix(c.CodeRNCP, "RNCP999") || !strings.Contains(c.Intitule, "fictive") {
			t.Errorf("%s «%s»: a test référentiel must have a RNCP999… code and say it is fictitious", c.CodeRNCP, c.Intitule)
		}
	}
}

func TestEnsembleChoisir(t *testing.T) {
	refs, files, err := LoadDir(testReferentiels)
	if err != nil {
		t.Fatal(err)
	}
	ens, err := NewEnsemble(embeddedT(t), EmbeddedName, refs, files)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name, code, want string
		unknown          bool
	}{
		{"none names the default", "", "RNCP36128", false},
		{"the default by its code", "RNCP36128", "RNCP36128", false},
		{"another", "RNCP99902", "RNCP99902", false},
		{"any case, spaces", " rncp99902 ", "RNCP99902", false},
		{"unknown", "RNCP12345", "", true},
	} {
		t.Run(c.name, func(t *testing.T) {
			r, err := ens.Choisir(c.code)
			if c.unknown {
				u, ok := errors.AsType[*UnknownError](err)
				if !ok || !errors.Is(err, ErrUnknown) || !strings.Contains(err.Error(), "RNCP12345") || !slices.Equal(u.Codes, ens.Codes()) {
					t.Errorf("got %v, want an UnknownError naming RNCP12345 and the codes held", err)
				}
				return
			}
			if err != nil || r.Certification.CodeRNCP != c.want {
				t.Errorf("got %v, %v; want %s", r, err, c.want)
			}
		})
	}
}

// Two files with the same RNCP code: an error naming both, whether the
// second is in the folder or is the default.
func TestEnsembleDuplicateCode(t *testing.T) {
	dir := t.TempDir()
	data, err := os.ReadFile(filepath.Join(testReferentiels, "rncp99902.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"a.yaml", "b.yml"} {
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	refs, files, err := LoadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	_, err = NewEnsemble(embeddedT(t), EmbeddedName, refs, files)
	if !errors.Is(err, ErrDuplicate) || !strings.Contains(err.Error(), "a.yaml") || !strings.Contains(err.Error(), "b.yml") || !strings.Contains(err.Error(), "RNCP99902") {
		t.Errorf("same code in a.yaml and b.yml: got %v", err)
	}
	cisp := filepath.Join(t.TempDir(), "cisp.yaml")
	if err := os.WriteFile(cisp, EmbeddedYAML(), 0o644); err != nil {
		t.Fatal(err)
	}
	again, err := LoadFile(cisp)
	if err != nil {
		t.Fatal(err)
	}
	_, err = NewEnsemble(embeddedT(t), EmbeddedName, []*Referentiel{again}, []string{cisp})
	if !errors.Is(err, ErrDuplicate) || !strings.Contains(err.Error(), EmbeddedName) || !strings.Contains(err.Error(), cisp) {
		t.Errorf("the embedded code again: got %v", err)
	}
}

// Every problem of every file of the folder at once, each with its path
// and line; files of other kinds are not read.
func TestLoadDirReportsEveryFile(t *testing.T) {
	dir := t.TempDir()
	data, err := os.ReadFile(filepath.Join(testReferentiels, "rncp99902.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	bad1 := strings.Replace(string(data), `niveau: 4`, `niveau: 12`, 1)
	bad2 := strings.Replace(string(data), `competences: ["3.1", "3.2"]`, `competences: ["3.1", "9.9"]`, 1)
	for name, text := range map[string]string{"un.yaml": bad1, "deux.json.yaml": bad2, "notes.txt": "pas un référentiel"} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	_, _, err = LoadDir(dir)
	if !errors.Is(err, ErrInvalid) {
		t.Fatalf("got %v, want ErrInvalid", err)
	}
	msg := err.Error()
	for _, want := range []string{"un.yaml", "certification.niveau (ligne 8)", "deux.json.yaml", "blocs[2].epreuves[0].competences[1] (ligne", "«\u00a09.9\u00a0»"} {
		if !strings.Contains(msg, want) {
			t.Errorf("the error does not name %q:\n%s", want, msg)
		}
	}
	if strings.Contains(msg, "notes.txt") {
		t.Errorf("a .txt file was read:\n%s", msg)
	}
	if _, _, err := LoadDir(filepath.Join(dir, "absent")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("a folder that does not exist: got %v", err)
	}
}

func TestVersion(t *testing.T) {
	a, b := embeddedT(t), embeddedT(t)
	if a.Version() != b.Version() || len(a.Version()) != 12 {
		t.Errorf("the same référentiel gives %q and %q", a.Version(), b.Version())
	}
	b.Blocs[0].Intitule += " (modifié)"
	if a.Version() == b.Version() {
		t.Error("a changed référentiel keeps its version")
	}
}
