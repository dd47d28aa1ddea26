package generator

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"iter"
	"path"
	"runtime"
	"sync"

	"certidoc/documents"
)

var (
	// ErrRender marks a document whose rendering panicked: a bug, reported
	// as an error so that the process carries on.
	ErrRender = errors.New("generator: rendering failed")
	// ErrDuplicateEntry marks two documents of a dossier with the same
	// path: one would overwrite the other when the ZIP is extracted.
	ErrDuplicateEntry = errors.New("generator: duplicate ZIP entry")
)

// Zip renders every entry in the given formats into one ZIP archive written
// to w as documents are made. Up to workers documents (GOMAXPROCS when 0)
// render at once; they are written in order, so memory stays bounded by the
// number of workers, not the size of the dossier. Each file is named after
// its folder and document (candidats/…/grille-B-1.pdf) and dated opt.Now,
// so the same session gives the same bytes. progress, when not nil, is
// called after each document with the count written so far (AVERTISSEMENTS.txt is not counted). Cancelling ctx (a
// client that went away) stops the work.
//
// A document that fails to render stops the whole archive at once: Zip
// returns an error naming the entry by its number and document (never its
// folder, which names the candidate) and leaves the archive without its
// central directory, so that no reader takes it for a complete dossier.
// Two entries with the same path are refused (ErrDuplicateEntry).
func Zip(ctx context.Context, w io.Writer, entries iter.Seq[documents.Entry], formats []Format, opt Options, workers int, progress func(done int)) error {
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	ctx, cancel := context.WithCancel(ctx)
	var wg sync.WaitGroup
	// Cancel first, then wait: the producer and the workers only end once
	// they see the cancellation (deferred calls run last-in, first-out).
	defer wg.Wait()
	defer cancel()

	type job struct {
		n    int    // 1-based position in the archive
		dir  string // the entry's path: dir + "/" + file, or file
		file string
		doc  string // the document and format, for errors: "parchemin.pdf"
		tdoc documents.Document
		f    Format
		z    *zipped
		err  error
		done chan struct{}
		raw  bool // a file as it is, not a document: not counted as progress
	}
	queue := make(chan *job, 2*workers) // in order, for the writer
	work := make(chan *job)             // for the workers
	names := fileNames{}
	wg.Add(1)
	go func() {
		defer wg.Done()
		defer close(queue)
		defer close(work)
		n := 0
		for e := range entries {
			if e.File != nil { // written as it is, once
				j := &job{done: make(chan struct{}), raw: true}
				j.dir, j.file = names.split(e.Dir, e.File.Name)
				j.z, j.err = compress(bytes.NewReader(e.File.Data).WriteTo)
				close(j.done)
				select {
				case queue <- j:
				case <-ctx.Done():
					return
				}
				continue
			}
			for _, f := range formats {
				n++
				file := e.Doc.Name + "." + string(f)
				j := &job{n: n, doc: file, tdoc: e.Doc, f: f, done: make(chan struct{})}
				j.dir, j.file = names.split(e.Dir, file)
				select {
				case queue <- j:
				case <-ctx.Done():
					return
				}
				select {
				case work <- j:
				case <-ctx.Done():
					return
				}
			}
		}
	}()
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range work {
				j.z, j.err = store(func(w io.Writer) (int64, error) {
					return 0, renderSafe(w, j.tdoc, j.f, opt)
				})
				close(j.done)
			}
		}()
	}

	zw := newZipWriter(w, opt.Now)
	done := 0
	for j := range queue {
		select {
		case <-j.done:
		case <-ctx.Done():
			return fmt.Errorf("zip: %w", ctx.Err())
		}
		if j.err != nil {
			return fmt.Errorf("zip entry %d (%s): %w", j.n, j.doc, j.err)
		}
		if err := zw.add(j.dir, j.file, j.z); err != nil {
			return fmt.Errorf("zip entry %d (%s): %w", j.n, j.doc, err)
		}
		j.z.release()
		j.z = nil
		if j.raw {
			continue
		}
		done++
		if progress != nil {
			progress(done)
		}
	}
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("zip: %w", err)
	}
	if err := zw.close(); err != nil {
		return fmt.Errorf("zip: %w", err)
	}
	return nil
}

// fileNames shares the strings of the files' names: a dossier's thousands
// of files have a few dozen names (grille-B-1.pdf…), each kept by the ZIP's
// directory until its end. It stops sharing past maxShared names, as the
// names of another kind of archive might all differ.
type fileNames map[string]string

const maxShared = 1024

// split returns the name path.Join(dir, file) gives as its folder and its
// file, the file's string shared; a name that is not dir + "/" + file
// (dir or file not clean) comes whole as its file.
func (n fileNames) split(dir, file string) (string, string) {
	name := path.Join(dir, file)
	if dir == "" || len(name) != len(dir)+1+len(file) || name[:len(dir)] != dir || name[len(dir)+1:] != file {
		return "", name
	}
	if s, ok := n[file]; ok {
		return dir, s
	}
	if len(n) < maxShared {
		n[file] = file
	}
	return dir, file
}

// renderSafe renders one document, turning a panic into ErrRender.
func renderSafe(w io.Writer, d documents.Document, f Format, opt Options) (err error) {
	defer func() {
		if p := recover(); p != nil {
			// A runtime error says what broke; any other value could
			// carry the document's text, which stays out of logs.
			if re, ok := p.(runtime.Error); ok {
				err = fmt.Errorf("%w: %s: %v", ErrRender, d.Name, re)
			} else {
				err = fmt.Errorf("%w: %s: panic of type %T", ErrRender, d.Name, p)
			}
		}
	}()
	return Render(w, d, f, opt)
}
