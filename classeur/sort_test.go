package classeur

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

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
	profil := filepath.Join(dir, "profil")
	lo := exec.Command(soffice, "-env:UserInstallation=file://"+profil, "--headless", "--invisible",
		"--nologo", "--norestore", "--accept=socket,host=127.0.0.1,port="+port+";urp;")
	// Its own process group: soffice is a launcher whose soffice.bin
	// outlives a kill of the launcher alone.
	lo.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := lo.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() {
		_ = syscall.Kill(-lo.Process.Pid, syscall.SIGKILL)
		_ = lo.Wait()
		if left := processesWith(profil); len(left) > 0 {
			t.Errorf("LibreOffice still runs after the test: %v", left)
		}
	}()
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

// processesWith returns the processes whose command line holds s, after
// giving them a few seconds to end.
func processesWith(s string) []string {
	var left []string
	for range 50 {
		left = left[:0]
		cmds, _ := filepath.Glob("/proc/[0-9]*/cmdline")
		for _, c := range cmds {
			if b, err := os.ReadFile(c); err == nil && strings.Contains(string(b), s) {
				left = append(left, filepath.Base(filepath.Dir(c)))
			}
		}
		if len(left) == 0 {
			return nil
		}
		time.Sleep(100 * time.Millisecond)
	}
	return left
}
