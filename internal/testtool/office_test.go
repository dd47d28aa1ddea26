package testtool

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
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
		var o Office
		o.Connection(t)
		fmt.Println(o.dir)
		os.Exit(0) // no Close
	}
	Need(t, "soffice", "libreoffice-writer-nogui")
	t.Parallel()
	cmd := exec.Command(os.Args[0], "-test.run=^TestOfficeDiesWithTheTests$", "-test.count=1")
	cmd.Env = append(os.Environ(), "CERTIDOC_OFFICE_CHILD=1")
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("child: %v\n%s", err, out)
	}
	mark := strings.TrimSpace(string(out))
	if !strings.Contains(mark, "certidoc-office-") {
		t.Fatalf("child printed %q", out)
	}
	defer os.RemoveAll(mark)
	if err := NoSurvivor(mark, 10*time.Second); err != nil {
		t.Error(err)
	}
}

// A developer's locale does not reach the office: a number converted to
// CSV under a French locale keeps its decimal point, as under CI's, for
// the tests that read it (classeur's engine tests failed on "15,28").
func TestOfficeIgnoresTheLocale(t *testing.T) {
	if os.Getenv("CERTIDOC_OFFICE_LOCALE_CHILD") != "" {
		var o Office
		defer o.Close()
		dir := t.TempDir()
		in := filepath.Join(dir, "nombre.fods")
		if err := os.WriteFile(in, []byte(fodsNumber), 0o644); err != nil {
			t.Fatal(err)
		}
		// classeur's engine tests' options: every sheet, as shown
		o.Convert(t, "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1", dir, in)
		out, err := os.ReadFile(filepath.Join(dir, "nombre-S.csv"))
		if err != nil {
			t.Fatal(err)
		}
		if got := strings.TrimSpace(string(out)); got != "15.28" {
			t.Errorf("under LC_ALL=%s the office wrote %q, want 15.28", os.Getenv("LC_ALL"), got)
		}
		return
	}
	Need(t, "soffice", "libreoffice-calc-nogui")
	t.Parallel()
	cmd := exec.Command(os.Args[0], "-test.run=^TestOfficeIgnoresTheLocale$", "-test.count=1", "-test.v")
	// LibreOffice reads the locale's name, whether the system has it or not.
	cmd.Env = append(os.Environ(), "CERTIDOC_OFFICE_LOCALE_CHILD=1", "LC_ALL=fr_FR.UTF-8", "LANG=fr_FR.UTF-8")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
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
