// Package generator renders the format-neutral documents of package
// documents to files: pdf.go writes PDF with codeberg.org/go-pdf/fpdf and an
// embedded UTF-8 font (the whole of Liberation Sans renamed Certidoc Sans,
// SIL Open Font License, package fonts; a character it lacks prints as □,
// pdf_clean.go); docx.go writes Word files from a
// base document (docx_base.go reads it once, docx_body.go writes the body,
// docx_fit.go shrinks a cell whose longest word would be cut); zip.go writes
// a session's dossier: a pool of workers renders and compresses each
// document (zip_deflate.go) and one goroutine writes them in order
// (zip_writer.go). Why certidoc writes its own DOCX and patches fpdf:
// docs/docx.md and docs/fpdf.md.
//
// Every renderer writes to an io.Writer and takes its clock from Options, so
// that the same document gives the same bytes.
package generator
