package generator

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"io"
	"runtime"
	"strings"
	"testing"
	"time"

	"certidoc/internal/testtool"
)

// zipWriter writes the bytes archive/zip writes for the same files: stored
// and deflated, ASCII and UTF-8 names, dates before 1980, and more than
// 65,535 files (ZIP64 end records); and Go's reader reads them back.
func TestZipWriterWritesWhatArchiveZipWrites(t *testing.T) {
	t.Parallel()
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
			names := fileNames{}
			for _, f := range c.files {
				fw, err := zw.CreateRaw(f.z.header(f.name, c.when))
				if err != nil {
					t.Fatal(err)
				}
				if _, err := fw.Write(f.z.data.Bytes()); err != nil {
					t.Fatal(err)
				}
				// As Zip gives them: folder and file apart.
				cut := strings.LastIndexByte(f.name, '/')
				dir, file := names.split(f.name[:max(cut, 0)], f.name[cut+1:])
				if err := w.add(dir, file, f.z); err != nil {
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
	err = w.add("", "a.pdf", doc)
	if err == nil {
		err = w.close()
	}
	if err == nil {
		t.Fatal("no error from a writer that fails")
	}
}

// A name is refused the second time whichever way it is cut into folder
// and file, and a name whose hash another name has is not.
func TestZipWriterDuplicates(t *testing.T) {
	tiny, err := store(bytes.NewReader([]byte("x")).WriteTo)
	if err != nil {
		t.Fatal(err)
	}
	w := newZipWriter(io.Discard, fixed.Now)
	if err := w.add("a/b", "c.pdf", tiny); err != nil {
		t.Fatal(err)
	}
	if err := w.add("a", "b/c.pdf", tiny); !errors.Is(err, ErrDuplicateEntry) {
		t.Errorf("a/b/c.pdf again: got %v, want ErrDuplicateEntry", err)
	}
	if err := w.add("", "a/b/c.pdf", tiny); !errors.Is(err, ErrDuplicateEntry) {
		t.Errorf("a/b/c.pdf again, whole: got %v, want ErrDuplicateEntry", err)
	}
	w.seen[w.hash("", "d.pdf")] = struct{}{} // as if d.pdf had the hash of a name written
	if err := w.add("", "d.pdf", tiny); err != nil {
		t.Errorf("a name whose hash was seen: %v", err)
	}
	if err := w.close(); err != nil {
		t.Fatal(err)
	}
}

// The ZIP's directory keeps at most 120 bytes a file while the dossier
// streams — about 95 measured, 170 before names were kept as folder and
// file and the names seen as hashes — (the heap kept between 4,000 and
// 20,000 files, 16 files a folder, named as Zip names them).
func TestZipWriterMemoryPerFile(t *testing.T) {
	tiny, err := store(bytes.NewReader([]byte("x")).WriteTo)
	if err != nil {
		t.Fatal(err)
	}
	docs := []string{"grille-A-1.pdf", "grille-A-2.pdf", "grille-B-1.pdf", "grille-B-2.pdf", "grille-C-1.pdf", "grille-C-2.pdf", "grille-D-1.pdf", "grille-D-2.pdf",
		"grille-E-1.pdf", "grille-E-2.pdf", "attestation-A.pdf", "attestation-B.pdf", "attestation-C.pdf", "attestation-D.pdf", "parchemin.pdf", "notification.pdf"}
	kept := func(n int) int64 {
		before := testtool.LiveHeap()
		w := newZipWriter(io.Discard, fixed.Now)
		names := fileNames{}
		var dir string
		for i := range n {
			if i%len(docs) == 0 {
				dir = fmt.Sprintf("candidats/%05d-exemple-fictif-zoe", i/len(docs))
			}
			// A new string each time, as a document's name is made.
			d, f := names.split(dir, strings.Clone(docs[i%len(docs)]))
			if err := w.add(d, f, tiny); err != nil {
				t.Fatal(err)
			}
		}
		after := testtool.LiveHeap()
		runtime.KeepAlive(w)
		return int64(after) - int64(before)
	}
	small, large := kept(4_000), kept(20_000)
	perFile := float64(large-small) / 16_000
	t.Logf("%.0f bytes a file", perFile)
	if perFile > 120 {
		t.Errorf("the ZIP's directory keeps %.0f bytes a file, want at most 120", perFile)
	}
}
