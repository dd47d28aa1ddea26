package generator

import (
	"bytes"
	"strings"
	"testing"

	"certidoc/documents"
)

// Text from the session is never read as a field of the letterhead: a
// certifier named "Org {{DOCUMENT}} {{ORGANISME}}" prints as such, and the
// same document gives the same bytes every time (the fields used to be
// replaced one after the other in map order: 8 runs, 8 different files).
func TestDOCXLetterheadFieldsNotInterpreted(t *testing.T) {
	d := documents.Document{Name: "note", Title: "Note", Author: "Org {{DOCUMENT}} {{ORGANISME}} {{PARAPHE}}", Footer: "Pied {{ORGANISME}}",
		Initials: "Paraphe {{DOCUMENT}}", Blocks: []documents.Block{documents.Paragraph{Text: "x"}}}
	first := renderDOCX(t, d, fixed)
	for range 12 {
		if !bytes.Equal(renderDOCX(t, d, fixed), first) {
			t.Fatal("the same document gave different DOCX bytes")
		}
	}
	var all strings.Builder
	for name, part := range parts(t, first) {
		if strings.HasPrefix(name, "word/header") || strings.HasPrefix(name, "word/footer") {
			all.WriteString(part)
		}
	}
	text := all.String()
	for _, want := range []string{"Org {{DOCUMENT}} {{ORGANISME}} {{PARAPHE}}", "Pied {{ORGANISME}}"} {
		if !strings.Contains(text, want) {
			t.Errorf("the header and footer lack %q", want)
		}
	}
}
