package generator

import (
	"archive/zip"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"iter"
	"path"
	"runtime"
	"sync"

	"certidoc/templates"
)

// ErrRender marks a document whose rendering panicked: a bug, reported as
// an error so that the process carries on.
var ErrRender = errors.New("generator: rendering failed")

// Zip renders every entry in the given formats into one ZIP archive written
// to w as documents are made. Up to workers documents (GOMAXPROCS when 0)
// render at once; they are written in order, so memory stays bounded by the
// number of workers, not the size of the dossier. Each file is named after
// its folder and document (candidats/…/grille-B-1.pdf) and dated opt.Now,
// so the same session gives the same bytes. progress, when not nil, is
// called after each file with the count written so far. Cancelling ctx (a
// client that went away) stops the work.
func Zip(ctx context.Context, w io.Writer, entries iter.Seq[templates.Entry], formats []Format, opt Options, workers int, progress func(done int)) error {
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()

	type job struct {
		name string
		doc  templates.Document
		f    Format
		buf  bytes.Buffer
		err  error
		done chan struct{}
	}
	queue := make(chan *job, 2*workers) // in order, for the writer
	work := make(chan *job)             // for the workers
	var wg sync.WaitGroup
	go func() {
		defer close(queue)
		defer close(work)
		for e := range entries {
			for _, f := range formats {
				j := &job{name: path.Join(e.Dir, e.Doc.Name+"."+string(f)), doc: e.Doc, f: f, done: make(chan struct{})}
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
				j.err = renderSafe(&j.buf, j.doc, j.f, opt)
				close(j.done)
			}
		}()
	}
	defer wg.Wait()

	zw := zip.NewWriter(w)
	done := 0
	for j := range queue {
		select {
		case <-j.done:
		case <-ctx.Done():
			return fmt.Errorf("zip: %w", ctx.Err())
		}
		if j.err != nil {
			return fmt.Errorf("zip %s: %w", j.name, j.err)
		}
		fw, err := zw.CreateHeader(&zip.FileHeader{Name: j.name, Method: zip.Deflate, Modified: opt.Now.UTC()})
		if err != nil {
			return fmt.Errorf("zip %s: %w", j.name, err)
		}
		if _, err := fw.Write(j.buf.Bytes()); err != nil {
			return fmt.Errorf("zip %s: %w", j.name, err)
		}
		j.buf = bytes.Buffer{}
		done++
		if progress != nil {
			progress(done)
		}
	}
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("zip: %w", err)
	}
	if err := zw.Close(); err != nil {
		return fmt.Errorf("zip: %w", err)
	}
	return nil
}

// renderSafe renders one document, turning a panic into ErrRender.
func renderSafe(w io.Writer, d templates.Document, f Format, opt Options) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("%w: %s: %v", ErrRender, d.Name, p)
		}
	}()
	return Render(w, d, f, opt)
}
