// Package generator renders the format-neutral documents of package
// documents to files: pdf.go writes PDF with codeberg.org/go-pdf/fpdf and an
// embedded UTF-8 font (the whole of Liberation Sans renamed Certidoc Sans,
// SIL Open Font License, package fonts; a character it lacks prints as □,
// pdf_clean.go); docx.go writes Word files from a
// base document; zip.go writes a session's dossier.
//
// Every renderer writes to an io.Writer and takes its clock from Options, so
// that the same document gives the same bytes.
package generator
