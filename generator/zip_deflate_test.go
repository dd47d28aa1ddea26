package generator

import (
	"archive/zip"
	"bytes"
	"context"
	"io"
	"slices"
	"testing"
	"time"

	"certidoc/documents"
)

// The files of a dossier come out of the ZIP as they went in, with the
// date, the UTF-8 name and the versions CreateHeader used to write: text
// deflated, documents (compressed inside already) stored as they are.
func TestZipEntriesCompressedByWorkers(t *testing.T) {
	data := bytes.Repeat([]byte("avertissement – à lire\n"), 500)
	entries := []documents.Entry{
		{File: &documents.File{Name: "AVERTISSEMENTS.txt", Data: data}},
		{Dir: "candidats/éloïse", Doc: documents.Document{Name: "note", Footer: "x", Blocks: []documents.Block{documents.Paragraph{Text: "Éloïse"}}}},
	}
	var buf bytes.Buffer
	if err := Zip(context.Background(), &buf, slices.Values(entries), []Format{FormatPDF, FormatDOCX}, fixed, 2, nil); err != nil {
		t.Fatal(err)
	}
	zr, err := zip.NewReader(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, f := range zr.File {
		names = append(names, f.Name)
		if !f.Modified.Equal(fixed.Now.Truncate(time.Second)) {
			t.Errorf("%s: modified %v, want %v", f.Name, f.Modified, fixed.Now)
		}
		method := zip.Store
		if f.Name == "AVERTISSEMENTS.txt" {
			method = zip.Deflate
		}
		if f.Method != method || f.ReaderVersion != 20 {
			t.Errorf("%s: method %d, reader version %d; want method %d", f.Name, f.Method, f.ReaderVersion, method)
		}
		if f.NonUTF8 {
			t.Errorf("%s: name not flagged UTF-8", f.Name)
		}
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		got, err := io.ReadAll(rc) // checks the CRC-32 and the size
		rc.Close()
		if err != nil {
			t.Errorf("%s: %v", f.Name, err)
		}
		if f.Name == "AVERTISSEMENTS.txt" && !bytes.Equal(got, data) {
			t.Errorf("%s: content differs", f.Name)
		}
		if f.Name == "candidats/éloïse/note.pdf" {
			var direct bytes.Buffer
			if err := Render(&direct, entries[1].Doc, FormatPDF, fixed); err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got, direct.Bytes()) {
				t.Errorf("%s: %d bytes, not the %d bytes of the document rendered alone", f.Name, len(got), direct.Len())
			}
		}
		if f.CompressedSize64 >= f.UncompressedSize64 && f.Name == "AVERTISSEMENTS.txt" {
			t.Errorf("%s: %d bytes compressed to %d", f.Name, f.UncompressedSize64, f.CompressedSize64)
		}
	}
	want := []string{"AVERTISSEMENTS.txt", "candidats/éloïse/note.pdf", "candidats/éloïse/note.docx"}
	if !slices.Equal(names, want) {
		t.Errorf("names %q, want %q", names, want)
	}
	// The central directory flags the UTF-8 name too.
	if !bytes.Contains(buf.Bytes(), []byte("candidats/éloïse/note.pdf")) {
		t.Error("the name is not stored in UTF-8")
	}
}
