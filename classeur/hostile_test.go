package classeur

import (
	"archive/zip"
	"bytes"
	"errors"
	"runtime"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"certidoc/generator"
	"certidoc/session"
)

func zipOf(t testing.TB, files map[string]string) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for name, content := range files {
		w, err := zw.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		w.Write([]byte(content))
	}
	zw.Close()
	return buf.Bytes()
}

// zipBomb is a small file that unzips to far more than the limit.
func zipBomb(t testing.TB) []byte {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, err := zw.Create("xl/worksheets/sheet1.xml")
	if err != nil {
		t.Fatal(err)
	}
	zeros := make([]byte, 1<<20)
	for range 256 { // 256 MiB of zeros, about 256 KiB compressed
		w.Write(zeros)
	}
	zw.Close()
	return buf.Bytes()
}

func measure(t *testing.T, name string, f func()) {
	t.Helper()
	runtime.GC()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	start := time.Now()
	f()
	d := time.Since(start)
	runtime.ReadMemStats(&after)
	alloc := (after.TotalAlloc - before.TotalAlloc) >> 20
	t.Logf("%s: %v, %d MiB allocated", name, d.Round(time.Millisecond), alloc)
	if d > 10*time.Second {
		t.Errorf("%s took %v", name, d)
	}
	if alloc > 512 {
		t.Errorf("%s allocated %d MiB", name, alloc)
	}
}

func TestZipBomb(t *testing.T) {
	bomb := zipBomb(t)
	measure(t, "zip bomb", func() {
		_, _, err := Read(bomb, ref(t), generator.Font(), DefaultLimits())
		if !errors.Is(err, ErrTooLarge) {
			t.Errorf("zip bomb: got %v, want ErrTooLarge", err)
		}
	})
}

// A workbook of 50,000 filled rows is refused quickly, in bounded memory.
func TestHugeWorkbook(t *testing.T) {
	x, err := excelize.OpenReader(bytes.NewReader(workbook(t, nil)))
	if err != nil {
		t.Fatal(err)
	}
	sw, err := x.NewStreamWriter("Incidents")
	if err != nil {
		t.Fatal(err)
	}
	sw.SetRow("A1", []any{"Incident"})
	for r := 3; r < 50003; r++ {
		cell, _ := excelize.CoordinatesToCellName(1, r)
		if err := sw.SetRow(cell, []any{"incident sans fin"}); err != nil {
			t.Fatal(err)
		}
	}
	sw.Flush()
	var buf bytes.Buffer
	if _, err := x.WriteTo(&buf); err != nil {
		t.Fatal(err)
	}
	t.Logf("50,000-row workbook: %d KiB", buf.Len()>>10)
	measure(t, "50,000 rows", func() {
		_, _, err := Read(buf.Bytes(), ref(t), generator.Font(), DefaultLimits())
		if !errors.Is(err, ErrTooLarge) {
			t.Errorf("got %v, want ErrTooLarge", err)
		}
	})
}

func FuzzRead(f *testing.F) {
	f.Add(workbook(f, nil))
	f.Add([]byte("PK\x03\x04"))
	f.Add(zipOf(f, map[string]string{"[Content_Types].xml": "<Types/>"}))
	r := ref(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		s, rep, err := Read(data, r, generator.Font(), DefaultLimits())
		if err == nil {
			if s == nil || rep == nil {
				t.Fatal("nil session without error")
			}
			// What an import accepts is a valid session: validating it
			// again finds no problem.
			if again := session.Validate(s, r, generator.Font()); len(again.Problemes) > 0 {
				t.Fatalf("imported session has problems: %v", again.Problemes)
			}
			return
		}
		// A file that cannot be read at all: an *ImportError of a known
		// kind, with a French message.
		if ie, ok := errors.AsType[*ImportError](err); ok {
			known := false
			for _, k := range []error{ErrNotWorkbook, ErrEncrypted, ErrTooLarge, ErrLayout} {
				known = known || errors.Is(err, k)
			}
			if !known || ie.Message == "" {
				t.Fatalf("import error of no known kind or without message: %#v", ie)
			}
			return
		}
		// A workbook with problems: a *session.Report naming each one.
		report, ok := errors.AsType[*session.Report](err)
		if !ok {
			t.Fatalf("unexpected error %T: %v", err, err)
		}
		if len(report.Problemes) == 0 {
			t.Fatal("a report without any problem")
		}
		for _, p := range report.Problemes {
			if p.Chemin == "" || p.Message == "" {
				t.Fatalf("a problem without its place or message: %+v", p)
			}
		}
	})
}

// A workbook saved with a password (encrypted by excelize itself) is refused
// with a message that says how to remove it.
func TestEncryptedWorkbook(t *testing.T) {
	x, err := excelize.OpenReader(bytes.NewReader(workbook(t, nil)))
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if _, err := x.WriteTo(&buf, excelize.Options{Password: "secret"}); err != nil {
		t.Fatal(err)
	}
	_, _, err = Read(buf.Bytes(), ref(t), generator.Font(), DefaultLimits())
	if !errors.Is(err, ErrEncrypted) {
		t.Errorf("got %v, want ErrEncrypted", err)
	}
}
