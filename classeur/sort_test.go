package classeur

import (
	"fmt"
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
func TestLibreOfficeSortsAndAddsNotes(t *testing.T) {
	soffice := testtool.Need(t, "soffice", "libreoffice-calc-nogui")
	py := python(t)
	if err := exec.Command(py, "-c", "import uno").Run(); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("python3-uno is required in CI")
		}
		t.Skip("python3-uno not installed (apt-get install python3-uno)")
	}
	dir := t.TempDir()
	in, out := filepath.Join(dir, "exemple.xlsx"), filepath.Join(dir, "trie.xlsx")
	if err := os.WriteFile(in, workbook(t, exemple(t)), 0o644); err != nil {
		t.Fatal(err)
	}
	port := fmt.Sprint(20000 + os.Getpid()%20000)
	lo := exec.Command(soffice, "-env:UserInstallation=file://"+filepath.Join(dir, "profil"), "--headless", "--invisible",
		"--nologo", "--norestore", "--accept=socket,host=127.0.0.1,port="+port+";urp;")
	if err := lo.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() { _ = lo.Process.Kill(); _ = lo.Wait() }()
	msg, err := exec.Command(py, "testdata/trier.py", port, in, out).CombinedOutput()
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
