package generator

import (
	"archive/zip"
	"context"
	"fmt"
	"io"
	"path"

	"certidoc/templates"
)

// Zip renders every entry in the given formats into one ZIP archive written
// to w, entry by entry, so that memory does not grow with the dossier. Each
// file is named after its folder and document (candidats/…/grille-B-1.pdf)
// and dated with opt.Now, so that the same session gives the same bytes.
// progress, when not nil, is called after each file. ctx stops the work.
func Zip(ctx context.Context, w io.Writer, entries []templates.Entry, formats []Format, opt Options, progress func(done, total int)) error {
	zw := zip.NewWriter(w)
	total := len(entries) * len(formats)
	done := 0
	for _, e := range entries {
		for _, f := range formats {
			if err := ctx.Err(); err != nil {
				return fmt.Errorf("zip: %w", err)
			}
			name := path.Join(e.Dir, e.Doc.Name+"."+string(f))
			fw, err := zw.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Deflate, Modified: opt.Now.UTC()})
			if err != nil {
				return fmt.Errorf("zip %s: %w", name, err)
			}
			if err := Render(fw, e.Doc, f, opt); err != nil {
				return fmt.Errorf("zip %s: %w", name, err)
			}
			done++
			if progress != nil {
				progress(done, total)
			}
		}
	}
	if err := zw.Close(); err != nil {
		return fmt.Errorf("zip: %w", err)
	}
	return nil
}
