package generator

import (
	"archive/zip"
	"bytes"
	"context"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"certidoc/documents"
)

// A document that fails to render ends the archive at once, however many
// documents follow (it used to wait forever for a blocked producer), with
// an error that names the entry without its folder (the candidate's name).
func TestZipStopsAtOnceOnARenderFailure(t *testing.T) {
	doc := documents.Document{Name: "note", Blocks: []documents.Block{documents.Paragraph{Text: "x"}}}
	many := make([]documents.Entry, 200)
	for i := range many {
		many[i] = documents.Entry{Dir: "candidats/2026-003-l-hermitte-nadia", Doc: doc}
		many[i].Doc.Name = "note-" + strings.Repeat("x", i%7) + string(rune('a'+i%26))
	}
	for _, c := range []struct {
		name    string
		formats []Format
		opt     Options
		workers int
	}{
		{"unknown format, first entry", []Format{"odt"}, fixed, 1},
		{"broken Word model, after a PDF", []Format{FormatPDF, FormatDOCX}, Options{Now: fixed.Now, Modele: []byte("not a docx")}, 2},
	} {
		t.Run(c.name, func(t *testing.T) {
			var buf bytes.Buffer
			done := make(chan error, 1)
			go func() { done <- Zip(context.Background(), &buf, slices.Values(many), c.formats, c.opt, c.workers, nil) }()
			var err error
			select {
			case err = <-done:
			case <-time.After(20 * time.Second):
				t.Fatal("Zip still running 20 s after a render failure")
			}
			if err == nil {
				t.Fatal("no error")
			}
			if strings.Contains(err.Error(), "hermitte") {
				t.Errorf("the error names the candidate's folder: %v", err)
			}
			if _, zerr := zip.NewReader(bytes.NewReader(buf.Bytes()), int64(buf.Len())); zerr == nil {
				t.Error("the broken archive reads as a complete ZIP")
			}
		})
	}
}

// Two entries with the same path are refused instead of one hiding the
// other on extraction.
func TestZipRefusesDuplicateEntries(t *testing.T) {
	doc := documents.Document{Name: "note", Blocks: []documents.Block{documents.Paragraph{Text: "x"}}}
	entries := []documents.Entry{{Dir: "candidats/a", Doc: doc}, {Dir: "candidats/a", Doc: doc}}
	err := Zip(context.Background(), &bytes.Buffer{}, slices.Values(entries), []Format{FormatPDF}, fixed, 1, nil)
	if !errors.Is(err, ErrDuplicateEntry) {
		t.Errorf("got %v, want ErrDuplicateEntry", err)
	}
	err = Zip(context.Background(), &bytes.Buffer{}, slices.Values(entries[:1]), []Format{FormatPDF, FormatPDF}, fixed, 1, nil)
	if !errors.Is(err, ErrDuplicateEntry) {
		t.Errorf("same format twice: got %v, want ErrDuplicateEntry", err)
	}
}
