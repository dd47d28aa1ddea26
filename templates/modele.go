package templates

import (
	"bytes"
	_ "embed"
)

// modele is the base Word document of every DOCX: its styles, page setup,
// header and footer (the letterhead). Open it in Word or LibreOffice to
// change the letterhead; the fields {{ORGANISME}}, {{DOCUMENT}},
// {{PARAPHE}} and {{PAGINATION}} of its header and footer are replaced in
// each document.
//
//go:embed modele.docx
var modele []byte

// ModeleDOCX returns a copy of the embedded base Word document.
func ModeleDOCX() []byte { return bytes.Clone(modele) }
