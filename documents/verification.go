package documents

import (
	"certidoc/fr"
	"certidoc/verification"
)

// verificationBlock returns the verification block of a document, or a
// spacer when documents carry no code.
func verificationBlock(v *verification.Verifier, f verification.Facts) Block {
	code, ok := v.Code(f)
	if !ok {
		return Spacer{}
	}
	return Verification{Code: code, URL: v.Link(code), Numero: f.Numero,
		Titre:    "Document n°\u00a0" + f.Numero + " – vérifiable en ligne",
		Consigne: "Scannez le QR code, ou ouvrez l’adresse ci-dessous, pour vérifier que ce document est authentique et ce qu’il certifie\u00a0:"}
}

// Verification is the block that lets anyone check a document: its number,
// a QR code of the verification address, and the code in clear.
type Verification struct {
	Numero string
	Code   string
	URL    string
	// Titre heads the block; Consigne says what to do with the QR code
	// and the address printed under it.
	Titre    string
	Consigne string
}

func (Verification) block() {}

// Duplicata marks a document as a duplicata issued on a date:
// the mark heads the first page and ends every page's footer; the number
// and code stay those of the original.
func Duplicata(d Document, date fr.Date) Document {
	mark := "Duplicata délivré le " + longue(date)
	d.Title = "Duplicata – " + d.Title
	d.Footer = mark + " – " + d.Footer
	d.Blocks = append([]Block{Paragraph{Text: mark, Style: Strong, Align: Right}}, d.Blocks...)
	return d
}
