package classeur

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/xuri/excelize/v2"

	"certidoc/generator"
	"certidoc/internal/testtool"
	"certidoc/session"
)

// What Lisez-moi allows, done in LibreOffice (through UNO, on the
// protected sheets): notes in a column right of Candidats, an épreuve
// sheet and Décisions sorted; the saved file imports with every decision
// still on its candidate and bloc.
// Not parallel: it drives the package's office itself, which no conversion
// may use meanwhile (parallel tests run once the others have).
func TestLibreOfficeSortsAndAddsNotes(t *testing.T) {
	py := testtool.Python(t, "uno")
	dir := t.TempDir()
	in, out := filepath.Join(dir, "exemple.xlsx"), filepath.Join(dir, "trie.xlsx")
	if err := os.WriteFile(in, workbook(t, exemple(t)), 0o644); err != nil {
		t.Fatal(err)
	}
	msg, err := exec.Command(py, "testdata/trier.py", office.Connection(t), in, out).CombinedOutput()
	if err != nil {
		t.Fatalf("trier.py: %v\n%s", err, msg)
	}
	t.Logf("%s", msg)

	x, err := excelize.OpenFile(out)
	if err != nil {
		t.Fatal(err)
	}
	first, _ := x.GetCellValue(sheetDecisions, "A3")
	x.Close()
	s := exemple(t)
	if want := s.Candidats[len(s.Candidats)-1].Numero; first != want {
		t.Errorf("Décisions!A3 = %q after a descending sort, want %q", first, want)
	}
	data, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	got, _, err := Read(data, ref(t), generator.Font(), DefaultLimits())
	if err != nil {
		t.Fatalf("import of the sorted workbook: %v", err)
	}
	want := session.Deliberer(ref(t), s)
	have := session.Deliberer(ref(t), got)
	for i, rc := range want.Candidats {
		for j, e := range rc.Blocs {
			h := have.Candidats[i].Blocs[j]
			if h.Decision != e.Decision || h.Motif != e.Motif || h.Proposition != e.Proposition {
				t.Errorf("%s bloc %s: got %s/%q/%v, want %s/%q/%v", rc.Candidat.Numero, e.Bloc.Lettre,
					h.Decision, h.Motif, h.Proposition, e.Decision, e.Motif, e.Proposition)
			}
		}
	}
}
