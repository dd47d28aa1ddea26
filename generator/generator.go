package generator

import (
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"certidoc/documents"
)

// Format is an output format.
type Format string

// The output formats.
const (
	FormatPDF  Format = "pdf"
	FormatDOCX Format = "docx"
)

// Formats lists the formats the generator writes.
var Formats = []Format{FormatPDF, FormatDOCX}

// ErrFormat reports a format the generator does not write.
var ErrFormat = errors.New("generator: unknown format")

// ParseFormat reads a format name such as "pdf" (case-insensitive).
func ParseFormat(s string) (Format, error) {
	f := Format(strings.ToLower(strings.TrimSpace(s)))
	for _, known := range Formats {
		if f == known {
			return f, nil
		}
	}
	return "", fmt.Errorf("%w: %q", ErrFormat, s)
}

// ContentType returns the MIME type of files of the format.
func (f Format) ContentType() string {
	switch f {
	case FormatPDF:
		return "application/pdf"
	case FormatDOCX:
		return "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
	}
	return "application/octet-stream"
}

// Options are the settings of a rendering.
type Options struct {
	// Now is the creation date written into the file. The same document
	// and the same Now give the same bytes.
	Now time.Time
	// Modele is the base Word document of DOCX files (letterhead, styles,
	// page setup); nil for the embedded templates/modele.docx. A Modele
	// given keeps its own header: the logo is not added to it.
	Modele []byte
	// Habillage is the certifier's logo, colour and footer line; nil for
	// none (the documents' own look).
	Habillage *Habillage
}

// Render writes the document in the given format to w.
func Render(w io.Writer, d documents.Document, f Format, opt Options) error {
	switch f {
	case FormatPDF:
		return PDF(w, d, opt)
	case FormatDOCX:
		return DOCX(w, d, opt)
	}
	return fmt.Errorf("%w: %q", ErrFormat, f)
}
