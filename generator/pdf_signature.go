package generator

import (
	"certidoc/documents"
)

// signatures draws signature blocks as documents.Signatures.Rows lays them
// out: each row's parts side by side, as tall as its tallest block.
func (p *pdfWriter) signatures(s documents.Signatures) {
	for _, row := range s.Rows(p.width) {
		h := p.signatureRowHeight(row)
		p.ensure(h)
		y := p.f.GetY()
		end := y + h + row.After
		zoneEnd := y + h // the bottom of a block's zone: where the stamp's room is said
		zone := 0.0
		for _, part := range row.Parts {
			if part.Kind == documents.PartBox {
				zoneEnd = y + p.signatureAbove(*part.Box, part.Width) + part.Box.Zone
				zone = part.Box.Zone
			}
		}
		x := p.left()
		for i, part := range row.Parts {
			switch part.Kind {
			case documents.PartBox:
				p.signatureBox(*part.Box, x, y, part.Width, h)
			case documents.PartStamp:
				if part.Image != nil {
					// the stamp, centred in its room at the zone's height
					if !p.measure {
						iw, ih := part.Image.Size()
						p.image(part.Image, x+(part.Width-iw)/2, zoneEnd-zone+max(0, (zone-ih)/2))
					}
					break
				}
				p.font("", sizeSmall-1)
				p.color(colorStamp)
				p.text(x, zoneEnd-lineHeight(sizeSmall), part.Width, []string{part.Label}, lineHeight(sizeSmall-1), "C")
				p.f.SetTextColor(0, 0, 0)
			case documents.PartAside:
				if s.Aside == nil {
					continue
				}
				png, err := qrPNG(s.Aside.URL)
				if err != nil {
					p.f.SetErrorf("render pdf: qr code: %v", err)
					return
				}
				// Bottom-aligned with the block, clear of the stamp's room.
				w := part.Width
				if i+1 < len(row.Parts) && row.Parts[i+1].Kind == documents.PartStamp {
					w -= documents.SignatureGap
				}
				p.f.SetY(max(y, y+h-30))
				p.verificationAt(*s.Aside, png, x, w)
				end = max(end, p.f.GetY())
			}
			x += part.Width
		}
		p.f.SetY(end)
	}
}

// signaturesHeight is the height of a set of signature blocks.
func (p *pdfWriter) signaturesHeight(s documents.Signatures) float64 {
	h := 0.0
	for _, row := range s.Rows(p.width) {
		h += p.signatureRowHeight(row) + row.After
	}
	return h
}

// signatureRowHeight is the height of a row: its tallest block, at least
// the row's least height.
func (p *pdfWriter) signatureRowHeight(row documents.SignatureRow) float64 {
	h := row.Height
	for _, part := range row.Parts {
		if part.Kind == documents.PartBox {
			b := *part.Box
			inner := p.signatureAbove(b, part.Width) + b.Zone + p.signatureLinesHeight(b, b.Below, part.Width)
			if b.Framed {
				inner += pad
			}
			h = max(h, inner)
		}
	}
	return h
}

// signatureStyle is the font and the width for text of a block's lines:
// a framed block in the small size within its padding.
func signatureStyle(b documents.SignatureBox, w float64) (size, width float64) {
	if b.Framed {
		return sizeSmall, w - 2*pad
	}
	return sizeNormal, w
}

// signaturePart is one part of a line of a block: its text and where it
// goes, from the left of the block's text.
type signaturePart struct {
	line      documents.SignatureLine
	dx, width float64
}

// signatureParts cuts a line that shares its width (Beside) into its parts.
func signatureParts(l documents.SignatureLine, width float64) []signaturePart {
	if l.Beside == nil {
		return []signaturePart{{line: l, width: width}}
	}
	const gap = 2.0
	split := width * l.Split
	return []signaturePart{{line: l, width: split - gap}, {line: *l.Beside, dx: split, width: width - split}}
}

// signatureLineHeight is the height of a line of a block, in lines of text.
func (p *pdfWriter) signatureLineHeight(b documents.SignatureBox, l documents.SignatureLine, w float64) int {
	_, width := signatureStyle(b, w)
	n := 0
	for _, part := range signatureParts(l, width) {
		n = max(n, len(p.signatureLines(b, part.line, part.width)))
	}
	return n
}

// signatureLines wraps one part of a line of a block in its font, within
// width.
func (p *pdfWriter) signatureLines(b documents.SignatureBox, l documents.SignatureLine, width float64) []string {
	size, _ := signatureStyle(b, 0)
	style := ""
	if l.Bold {
		style = "B"
	}
	p.font(style, size)
	text := l.Label + l.Value
	if p.f.GetStringWidth(text) <= width {
		return []string{text} // as it is: "Nom : " keeps its space
	}
	return p.wrap(text, width)
}

// signatureSpace is the space under a line of a framed block: more under a
// line to write on.
func signatureSpace(b documents.SignatureBox, l documents.SignatureLine) float64 {
	switch {
	case !b.Framed:
		return 0
	case l.Blank:
		return 3
	}
	return 1.5
}

// signatureAbove is the height from the top of a block to its zone.
func (p *pdfWriter) signatureAbove(b documents.SignatureBox, w float64) float64 {
	h := p.signatureLinesHeight(b, b.Above, w)
	if b.Framed {
		h += pad
	}
	return h
}

// signatureLinesHeight measures lines of a block, without drawing (nor
// selecting fonts in the page: the fonts drawn are those of the drawing).
func (p *pdfWriter) signatureLinesHeight(b documents.SignatureBox, lines []documents.SignatureLine, w float64) float64 {
	family, style := p.f.GetFontFamily(), p.f.GetFontStyle()
	_, size := p.f.GetFontSize()
	p.f.SetNoPageContent(true)
	defer func() {
		if family != "" {
			p.f.SetFont(family, style, size)
		}
		p.f.SetNoPageContent(p.measure)
	}()
	fontSize, _ := signatureStyle(b, w)
	h := 0.0
	for i, l := range lines {
		h += float64(p.signatureLineHeight(b, l, w)) * lineHeight(fontSize)
		if i+1 < len(lines) {
			h += signatureSpace(b, l)
		}
	}
	return h
}

// signatureBox draws one block at (x, y), h millimetres high.
func (p *pdfWriter) signatureBox(b documents.SignatureBox, x, y, w, h float64) {
	size, _ := signatureStyle(b, w)
	lh := lineHeight(size)
	align, tx, tw := "C", x, w
	if b.Framed {
		p.border()
		p.rect(x, y, w, h, "D")
		align, tx, tw = "L", x+pad, w-2*pad
		y += pad
	}
	draw := func(lines []documents.SignatureLine) {
		for i, l := range lines {
			n := p.signatureLineHeight(b, l, w)
			for _, part := range signatureParts(l, tw) {
				text := p.signatureLines(b, part.line, part.width)
				px := tx + part.dx
				p.text(px, y, part.width, text, lh, align)
				if part.line.Blank && !p.measure {
					// A dotted line to write on, after the label.
					lx, ly := px, y+float64(len(text))*lh
					if len(text) == 1 {
						lx += p.f.GetStringWidth(part.line.Label)
					}
					p.f.SetDrawColor(150, 150, 150)
					p.f.SetLineWidth(0.15)
					p.f.SetDashPattern([]float64{0.6, 0.8}, 0)
					p.f.Line(lx, ly, px+part.width, ly)
					p.f.SetDashPattern(nil, 0)
				}
			}
			y += float64(n) * lh
			if i+1 < len(lines) {
				y += signatureSpace(b, l)
			}
		}
	}
	draw(b.Above)
	if b.Image != nil && !p.measure {
		// the scanned signature, centred in the zone, on its lower part
		iw, ih := b.Image.Size()
		p.image(b.Image, x+(w-iw)/2, y+max(1, b.Zone-ih-1))
	}
	y += b.Zone
	draw(b.Below)
}
