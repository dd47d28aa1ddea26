package generator

import (
	"bytes"
	"certidoc/documents"

	"codeberg.org/go-pdf/fpdf"
)

func (p *pdfWriter) choices(c documents.Choices) {
	lh := lineHeight(sizeNormal)
	p.ensure(lh + 4)
	y := p.f.GetY() + 1
	p.font("B", sizeNormal)
	label := c.Label
	lw := p.f.GetStringWidth(label) + 4
	p.text(p.left(), y, lw, []string{label}, lh, "L")
	x := p.left() + lw
	p.font("", sizeNormal)
	for i, o := range c.Options {
		p.checkBox(x, y+(lh-checkSize)/2, i == c.Selected)
		x += checkSize + 1.5
		w := p.f.GetStringWidth(o) + 8
		p.text(x, y, w, []string{o}, lh, "L")
		x += w
	}
	p.f.SetY(y + lh + 1.5)
}

func (p *pdfWriter) writingBox(b documents.WritingBox) {
	lh := lineHeight(sizeNormal)
	p.font("", sizeNormal)
	lines := p.wrap(b.Text, p.width-2*pad)
	h := max(b.Height, float64(len(lines))*lh+2*pad)
	// Kept whole on one page when it fits a page.
	p.ensure(lh + 1 + min(h, p.bottom()-documents.MarginTop-lh-2))
	y := p.f.GetY()
	p.font("B", sizeNormal)
	p.text(p.left(), y, p.width, []string{b.Label}, lh, "L")
	p.f.SetY(y + lh + 0.5)
	// The box holds its text; a text longer than a page goes on over the
	// next pages, box after box, so that nothing falls off a page.
	for {
		y = p.f.GetY()
		n := max(int((p.bottom()-y-2*pad)/lh), 1)
		part := lines[:min(n, len(lines))]
		lines = lines[len(part):]
		bh := float64(len(part))*lh + 2*pad
		if len(lines) == 0 {
			// the last box keeps the room to write, within the page
			bh = min(max(bh, b.Height), p.bottom()-y)
		}
		p.border()
		p.rect(p.left(), y, p.width, bh, "D")
		p.font("", sizeNormal)
		p.text(p.left()+pad, y+pad, p.width-2*pad, part, lh, "L")
		p.f.SetY(y + bh)
		if len(lines) == 0 {
			break
		}
		p.f.AddPage()
		p.f.SetY(documents.MarginTop)
	}
	p.f.SetY(p.f.GetY() + 3)
}

// verification draws the QR code of the verification address with the
// document number and the code in clear beside it.
func (p *pdfWriter) verification(v documents.Verification) {
	const side = 28.0
	png, err := qrPNG(v.URL)
	if err != nil {
		p.f.SetErrorf("render pdf: qr code: %v", err)
		return
	}
	p.ensure(side + 2)
	p.verificationAt(v, png, p.left(), p.width)
}

// verificationAt draws the verification block at the current height,
// within w millimetres from x.
func (p *pdfWriter) verificationAt(v documents.Verification, png []byte, x, w float64) {
	const side = 28.0
	y := p.f.GetY() + 1
	if p.measure {
		p.f.SetY(y + side + 2)
		return
	}
	opt := fpdf.ImageOptions{ImageType: "PNG"}
	p.f.RegisterImageOptionsReader("qr", opt, bytes.NewReader(png))
	p.f.ImageOptions("qr", x, y, side, side, false, opt, 0, "")
	tx, tw := x+side+3, w-side-3
	lh := lineHeight(sizeSmall - 1)
	p.font("B", sizeSmall)
	p.text(tx, y+1, tw, []string{v.Titre}, lineHeight(sizeSmall), "L")
	p.font("", sizeSmall-1)
	lines := append(p.wrap(v.Consigne, tw), p.wrapChars(v.URL, tw)...)
	p.text(tx, y+1+lineHeight(sizeSmall), tw, lines, lh, "L")
	p.f.SetY(y + side + 2)
}
