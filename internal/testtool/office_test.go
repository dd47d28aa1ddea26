package testtool

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// One office converts several files at once and one after another, a
// file it has converted already (the same bytes) only once; Close leaves
// no process that names its directory (soffice.bin included: the soffice
// script's children used to outlive a kill of the script).
func TestOfficeConvertsThenLeavesNothing(t *testing.T) {
	t.Parallel() // each test waits seconds for an office of its own
	var o Office
	defer o.Close()
	dir := t.TempDir()
	var files []string
	for _, name := range []string{"un", "deux", "trois"} {
		p := filepath.Join(dir, name+".txt")
		text := "Texte " + name + "\n"
		if name == "trois" {
			text = "Texte un\n" // the bytes of un.txt
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		files = append(files, p)
	}
	out := filepath.Join(dir, "pdf")
	o.Convert(t, "pdf", out, files...)
	o.Convert(t, "pdf", filepath.Join(out, "encore"), files[0])
	for _, p := range []string{filepath.Join(out, "un.pdf"), filepath.Join(out, "deux.pdf"), filepath.Join(out, "trois.pdf"), filepath.Join(out, "encore", "un.pdf")} {
		if b, err := os.ReadFile(p); err != nil || !bytes.HasPrefix(b, []byte("%PDF-")) {
			t.Errorf("%s: not a PDF (%v)", p, err)
		}
	}
	if o.converted != 2 || o.reused != 2 {
		t.Errorf("%d documents converted and %d copied, want 2 and 2 (trois.txt and the second un.txt are un.txt)", o.converted, o.reused)
	}
	mark := o.dir
	if left := Running(mark); len(left) < 2 {
		t.Fatalf("the office's processes are not found by their directory: %v", left)
	}
	if err := o.Close(); err != nil {
		t.Fatal(err)
	}
	if left := Running(mark); len(left) > 0 {
		t.Errorf("left running: %v", left)
	}
	if _, err := os.Stat(mark); !os.IsNotExist(err) {
		t.Errorf("the office's directory is still there: %v", err)
	}
}

// A test binary that dies without closing its office (a panic, a timeout)
// leaves nothing either: the converter sees its input end and kills the
// office's process group.
func TestOfficeDiesWithTheTests(t *testing.T) {
	if os.Getenv("CERTIDOC_OFFICE_CHILD") != "" {
		officeChild(t)
		return
	}
	Need(t, "soffice", "libreoffice-calc-nogui")
	t.Parallel()
	run, err := runOfficeChild()
	if err != nil {
		t.Fatal(err)
	}
	defer os.RemoveAll(run.dir)
	if err := NoSurvivor(run.dir, 10*time.Second); err != nil {
		t.Error(err)
	}
}

// A developer's locale does not reach the office: a number converted to
// CSV under a French locale keeps its decimal point, as under CI's, for
// the tests that read it (classeur's engine tests failed on "15,28").
func TestOfficeIgnoresTheLocale(t *testing.T) {
	Need(t, "soffice", "libreoffice-calc-nogui")
	t.Parallel()
	run, err := runOfficeChild()
	if err != nil {
		t.Fatal(err)
	}
	defer os.RemoveAll(run.dir)
	if run.csv != "15.28" {
		t.Errorf("under LC_ALL=fr_FR.UTF-8 the office wrote %q, want 15.28", run.csv)
	}
}

// childRun is what the child test binary printed: its office's directory
// and the CSV of fodsNumber.
type childRun struct{ dir, csv string }

// runOfficeChild runs this test binary again, once for the tests that
// read it, as a child under a French locale (LibreOffice reads the
// locale's name, whether the system has it or not) that converts a number
// and exits without closing its office (officeChild). One office start
// serves both tests.
var runOfficeChild = sync.OnceValues(func() (childRun, error) {
	cmd := exec.Command(os.Args[0], "-test.run=^TestOfficeDiesWithTheTests$", "-test.count=1")
	cmd.Env = append(os.Environ(), "CERTIDOC_OFFICE_CHILD=1", "LC_ALL=fr_FR.UTF-8", "LANG=fr_FR.UTF-8")
	out, err := cmd.Output()
	if err != nil {
		return childRun{}, fmt.Errorf("child: %v\n%s", err, out)
	}
	dir, csv, _ := strings.Cut(strings.TrimSpace(string(out)), "\n")
	if !strings.Contains(dir, "certidoc-office-") {
		return childRun{}, fmt.Errorf("child printed %q", out)
	}
	return childRun{dir: dir, csv: strings.TrimSpace(csv)}, nil
})

// officeChild is the child's side: an office converts fodsNumber to CSV,
// as classeur's engine tests convert a workbook (every sheet, as shown);
// it prints the office's directory and the CSV, then exits without
// closing the office.
func officeChild(t *testing.T) {
	var o Office
	dir, err := os.MkdirTemp("", "certidoc-child-")
	if err != nil {
		t.Fatal(err)
	}
	in := filepath.Join(dir, "nombre.fods")
	if err := os.WriteFile(in, []byte(fodsNumber), 0o644); err != nil {
		t.Fatal(err)
	}
	o.Convert(t, "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1", dir, in)
	out, err := os.ReadFile(filepath.Join(dir, "nombre-S.csv"))
	if err != nil {
		t.Fatal(err)
	}
	os.RemoveAll(dir)
	fmt.Printf("%s\n%s\n", o.dir, bytes.TrimSpace(out))
	os.Exit(0) // no Close
}

// fodsNumber is a spreadsheet of one cell, the number 15.28.
const fodsNumber = `<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
  xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"
  xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"
  office:version="1.2" office:mimetype="application/vnd.oasis.opendocument.spreadsheet">
 <office:body><office:spreadsheet><table:table table:name="S"><table:table-row>
  <table:table-cell office:value-type="float" office:value="15.28"><text:p>15.28</text:p></table:table-cell>
 </table:table-row></table:table></office:spreadsheet></office:body>
</office:document>
`
