// Package templates describes each document of the project once, in a
// format-neutral form: a Document is a list of blocks (headings, facts,
// tables, check boxes, writing spaces, signature blocks) with sizes in
// millimetres. The generator package renders a Document to PDF (and, later,
// to DOCX) without knowing which document it is.
//
// One file per document: grille.go describes the evaluation grid.
package templates
