package generator

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"testing"
	"time"
)

// zipWriter writes the bytes archive/zip writes for the same files: stored
// and deflated, ASCII and UTF-8 names, dates before 1980, and more than
// 65,535 files (ZIP64 end records); and Go's reader reads them back.
func TestZipWriterWritesWhatArchiveZipWrites(t *testing.T) {
	text, err := compress(bytes.NewReader(bytes.Repeat([]byte("à lire\n"), 300)).WriteTo)
	if err != nil {
		t.Fatal(err)
	}
	doc, err := store(bytes.NewReader([]byte("%PDF-1.4 pas vraiment")).WriteTo)
	if err != nil {
		t.Fatal(err)
	}
	tiny, err := store(bytes.NewReader([]byte("x")).WriteTo)
	if err != nil {
		t.Fatal(err)
	}
	type file struct {
		name string
		z    *zipped
	}
	many := make([]file, 70_000)
	for i := range many {
		many[i] = file{fmt.Sprintf("candidats/c-%05d/grille.pdf", i), tiny}
	}
	for _, c := range []struct {
		name  string
		when  time.Time
		files []file
	}{
		{"a dossier", fixed.Now, []file{{"AVERTISSEMENTS.txt", text}, {"candidats/éloïse/grille-A-1.pdf", doc}, {"proces-verbal.pdf", doc}}},
		{"dated 1970", time.Unix(0, 0), []file{{"a.txt", text}}},
		{"empty", fixed.Now, nil},
		{"70,000 files", fixed.Now, many},
	} {
		t.Run(c.name, func(t *testing.T) {
			var want, got bytes.Buffer
			zw := zip.NewWriter(&want)
			w := newZipWriter(&got, c.when)
			for _, f := range c.files {
				fw, err := zw.CreateRaw(f.z.header(f.name, c.when))
				if err != nil {
					t.Fatal(err)
				}
				if _, err := fw.Write(f.z.data.Bytes()); err != nil {
					t.Fatal(err)
				}
				if err := w.add(f.name, f.z); err != nil {
					t.Fatal(err)
				}
			}
			if err := zw.Close(); err != nil {
				t.Fatal(err)
			}
			if err := w.close(); err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got.Bytes(), want.Bytes()) {
				i := 0
				for i < min(got.Len(), want.Len()) && got.Bytes()[i] == want.Bytes()[i] {
					i++
				}
				t.Fatalf("%d bytes, archive/zip %d; first difference at byte %d", got.Len(), want.Len(), i)
			}
			zr, err := zip.NewReader(bytes.NewReader(got.Bytes()), int64(got.Len()))
			if err != nil {
				t.Fatal(err)
			}
			if len(zr.File) != len(c.files) {
				t.Fatalf("%d files read back, want %d", len(zr.File), len(c.files))
			}
			for _, f := range zr.File[:min(len(zr.File), 3)] {
				rc, err := f.Open()
				if err != nil {
					t.Fatal(err)
				}
				if _, err := io.Copy(io.Discard, rc); err != nil { // checks the CRC-32
					t.Errorf("%s: %v", f.Name, err)
				}
				rc.Close()
			}
		})
	}
}

// A write error stops the archive and is returned, by add or by close.
func TestZipWriterWriteError(t *testing.T) {
	doc, err := store(bytes.NewReader(bytes.Repeat([]byte("p"), 10_000)).WriteTo)
	if err != nil {
		t.Fatal(err)
	}
	w := newZipWriter(&failingWriter{room: 100}, fixed.Now)
	err = w.add("a.pdf", doc)
	if err == nil {
		err = w.close()
	}
	if err == nil {
		t.Fatal("no error from a writer that fails")
	}
}
