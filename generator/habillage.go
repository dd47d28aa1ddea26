package generator

import (
	"bytes"
	"fmt"

	"codeberg.org/go-pdf/fpdf"

	"certidoc/certificateur"
	"certidoc/documents"
)

// Habillage is the certifier's look on every document, whatever the
// document: its logo in the header of every page, its accent colour on
// titles and rules, its footer line, and SPECIMEN across every page of an
// example. Made once from the profile (NewHabillage), shared by every
// rendering, never changed.
type Habillage struct {
	// Logo is printed in the header of every page; nil for none.
	Logo *certificateur.Image
	// Accent colours titles and rules; nil for the documents' own.
	Accent *[3]int
	// PiedDePage is a line under every page's footer; "" for none.
	PiedDePage string
	// Specimen prints SPECIMEN across every page: an example, not a
	// document to hand out.
	Specimen bool
	// parsed holds every image of the profile parsed once for the PDF
	// writer, by its Empreinte.
	parsed map[string]*fpdf.ImageInfoType
}

// NewHabillage parses every image of the profile for the PDF writer: an
// image it cannot take fails here, at start-up, not when a document is
// made.
func NewHabillage(p *certificateur.Profil) (*Habillage, error) {
	h := &Habillage{Logo: p.Logo, PiedDePage: p.Texte(certificateur.PiedDePage, nil), parsed: map[string]*fpdf.ImageInfoType{}}
	if rgb, ok := certificateur.RGB(p.Couleur); ok {
		h.Accent = &[3]int{int(rgb[0]), int(rgb[1]), int(rgb[2])}
	}
	for _, im := range p.Images() {
		if _, ok := h.parsed[im.Empreinte]; ok {
			continue
		}
		info, err := fpdf.ParseImage(bytes.NewReader(im.Data), im.Format)
		if err != nil {
			return nil, fmt.Errorf("image %s\u00a0: le PDF ne sait pas l’imprimer (%v)\u202f; enregistrez-la en PNG 8\u00a0bits RVB(A) ou en JPEG RVB", im.Fichier, err)
		}
		h.parsed[im.Empreinte] = info
	}
	return h, nil
}

// WithSpecimen returns a copy of h that prints SPECIMEN on every page.
func (h *Habillage) WithSpecimen() *Habillage {
	c := Habillage{}
	if h != nil {
		c = *h
	}
	c.Specimen = true
	return &c
}

// image gives the PDF the image under its Empreinte, once per PDF however
// many pages show it, parsed once per process when h holds it.
func (p *pdfWriter) image(im *certificateur.Image, x, y float64) {
	name := "img-" + im.Empreinte
	if info := p.habillage().parsed[im.Empreinte]; info != nil {
		p.f.RegisterImageParsed(name, info)
	} else {
		p.f.RegisterImageOptionsReader(name, fpdf.ImageOptions{ImageType: im.Format}, bytes.NewReader(im.Data))
	}
	w, h := im.Size()
	p.f.ImageOptions(name, x, y, w, h, false, fpdf.ImageOptions{}, 0, "")
}

// habillage returns the rendering's Habillage, an empty one when none.
func (p *pdfWriter) habillage() *Habillage {
	if p.opt.Habillage == nil {
		return &Habillage{}
	}
	return p.opt.Habillage
}

// accent sets the text colour of titles: the accent colour, or black.
func (p *pdfWriter) accentText() {
	if a := p.habillage().Accent; a != nil {
		p.f.SetTextColor(a[0], a[1], a[2])
	}
}

// ruleColor sets the draw colour of a rule: the accent colour, or c.
func (p *pdfWriter) ruleColor(c [3]int) {
	if a := p.habillage().Accent; a != nil {
		c = *a
	}
	p.f.SetDrawColor(c[0], c[1], c[2])
}

// logoHeader draws the logo at the top of the page and returns the width it
// takes on the left of the header (0 when none): in the top margin on the
// left, or centred at the top inside a certificate's frame.
func (p *pdfWriter) logoHeader() float64 {
	lg := p.habillage().Logo
	if lg == nil {
		return 0
	}
	w, _ := lg.Size()
	if p.d.Frame {
		if !p.measure {
			p.image(lg, p.left()+(p.width-w)/2, logoFramedTop)
		}
		return 0
	}
	if !p.measure {
		p.image(lg, p.left(), logoTop)
	}
	return w + 4
}

// Where the logo goes, in millimetres from the top edge: in the top margin,
// or inside a certificate's frame (whose body then starts below it).
const (
	logoTop       = 3.5
	logoFramedTop = 13.0
)

// bodyTop is where the body starts on a page.
func (p *pdfWriter) bodyTop() float64 {
	if lg := p.habillage().Logo; lg != nil && p.d.Frame {
		_, h := lg.Size()
		return max(documents.MarginTop, logoFramedTop+h+3)
	}
	return documents.MarginTop
}

// specimen prints SPECIMEN across the middle of the page, in light letters
// over the content.
func (p *pdfWriter) specimen() {
	if !p.habillage().Specimen || p.measure {
		return
	}
	f := p.f
	pw, ph := f.GetPageSize()
	p.font("B", 80)
	f.SetTextColor(205, 40, 40)
	f.SetAlpha(0.25, "Normal")
	w := f.GetStringWidth("SPECIMEN")
	f.Text(pw/2-w/2, ph/2+10, "SPECIMEN")
	f.SetAlpha(1, "Normal")
	f.SetTextColor(0, 0, 0)
}
