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
	label := c.Label + "\u00a0:"
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
	p.text(p.left(), y, p.width, []string{b.Label + "\u00a0:"}, lh, "L")
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

func (p *pdfWriter) signatures(s documents.Signatures) {
	if s.Plain {
		p.plainSignatures(s)
		return
	}
	per := s.PerRow
	if per <= 0 {
		per = 2
	}
	gap := 4.0
	w := (p.width - gap*float64(per-1)) / float64(per)
	h := s.Height
	lh := lineHeight(sizeSmall)
	for start := 0; start < len(s.Signers); start += per {
		p.ensure(h)
		y := p.f.GetY()
		shift := 0.0
		if n := min(per, len(s.Signers)-start); s.Right && n < per {
			shift = float64(per-n) * (w + gap)
		}
		for i := start; i < start+per && i < len(s.Signers); i++ {
			sg := s.Signers[i]
			x := p.left() + shift + float64(i-start)*(w+gap)
			p.border()
			p.rect(x, y, w, h, "D")
			p.font("B", sizeSmall)
			role := p.wrap(sg.Role, w-2*pad)
			p.text(x+pad, y+pad, w-2*pad, role, lh, "L")
			yy := y + pad + float64(len(role))*lh + 1.5
			p.font("", sizeSmall)
			for _, f := range [][2]string{{"Nom\u00a0: ", sg.Name}, {"Date\u00a0: ", sg.Date}} {
				p.text(x+pad, yy, w-2*pad, []string{f[0] + f[1]}, lh, "L")
				// A dotted line to write on, after the label.
				if !p.measure {
					lx := x + pad + p.f.GetStringWidth(f[0])
					p.f.SetDrawColor(150, 150, 150)
					p.f.SetLineWidth(0.15)
					p.f.SetDashPattern([]float64{0.6, 0.8}, 0)
					p.f.Line(lx, yy+lh, x+w-pad, yy+lh)
					p.f.SetDashPattern(nil, 0)
				}
				yy += lh + 3
			}
			p.text(x+pad, yy, w-2*pad, []string{"Signature\u00a0:"}, lh, "L")
		}
		p.f.SetY(y + h + gap)
	}
}

// plainLines wraps a plain signer's role, name and title in the zone's width.
func (p *pdfWriter) plainLines(sg documents.Signer) (role, name, title []string) {
	p.font("", sizeNormal)
	role = p.wrap(sg.Role, documents.SignatureWidth)
	title = p.wrap(sg.Title, documents.SignatureWidth)
	p.font("B", sizeNormal)
	name = p.wrap(sg.Name, documents.SignatureWidth)
	return role, name, title
}

// signaturesHeight is the height of a set of signature blocks.
func (p *pdfWriter) signaturesHeight(s documents.Signatures) float64 {
	if !s.Plain {
		per := s.PerRow
		if per <= 0 {
			per = 2
		}
		rows := (len(s.Signers) + per - 1) / per
		return float64(rows) * (s.Height + 4)
	}
	h := 0.0
	for _, sg := range s.Signers {
		role, name, title := p.plainLines(sg)
		// an aside (30 mm) is bottom-aligned within the block
		h += float64(len(role)+len(name)+len(title))*lineHeight(sizeNormal) + max(s.Height, documents.MinSignatureHeight) + 4
	}
	return h
}

// plainSignatures draws the signature of a letter or a certificate: "Pour
// …" above a blank zone to sign in, the signatory's name and title under
// it, and room for the stamp on its left; against the right margin when
// Right is set, else centred.
func (p *pdfWriter) plainSignatures(s documents.Signatures) {
	lh := lineHeight(sizeNormal)
	zone := max(s.Height, documents.MinSignatureHeight)
	for _, sg := range s.Signers {
		role, name, title := p.plainLines(sg)
		p.ensure(float64(len(role)+len(name)+len(title))*lh + zone)
		w := documents.SignatureWidth
		x := p.left() + (p.width-w)/2
		if s.Right {
			x = p.left() + p.width - w
		}
		y := p.f.GetY()
		p.font("", sizeNormal)
		p.text(x, y, w, role, lh, "C")
		top := y + float64(len(role))*lh
		if sg.Signature != nil && !p.measure {
			// the scanned signature, centred in the zone, on its lower part
			iw, ih := sg.Signature.Size()
			p.image(sg.Signature, x+(w-iw)/2, top+max(1, zone-ih-1))
		}
		if s.Stamp && sg.Cachet != nil {
			// the stamp's image, centred in its room
			if !p.measure {
				iw, ih := sg.Cachet.Size()
				p.image(sg.Cachet, x-4-documents.StampWidth+(documents.StampWidth-iw)/2, top+(zone-ih)/2)
			}
		} else if s.Stamp {
			// The stamp's room: as tall as the zone, on its left, its
			// place said in small grey letters at the bottom.
			sx := x - 4 - documents.StampWidth
			p.font("", sizeSmall-1)
			p.color(colorStamp)
			p.text(sx, top+zone-lineHeight(sizeSmall), documents.StampWidth, []string{"Cachet de l’organisme"}, lineHeight(sizeSmall-1), "C")
			p.f.SetTextColor(0, 0, 0)
		}
		yy := top + zone
		p.font("B", sizeNormal)
		p.text(x, yy, w, name, lh, "C")
		yy += float64(len(name)) * lh
		p.font("", sizeNormal)
		p.text(x, yy, w, title, lh, "C")
		end := yy + float64(len(title))*lh + 4
		if s.Aside != nil {
			png, err := qrPNG(s.Aside.URL)
			if err != nil {
				p.f.SetErrorf("render pdf: qr code: %v", err)
				return
			}
			// Bottom-aligned with the signatory's name, left of the stamp.
			p.f.SetY(max(y, yy+float64(len(title))*lh-30))
			right := x - 4
			if s.Stamp {
				right -= documents.StampWidth + 4
			}
			p.verificationAt(*s.Aside, png, p.left(), right-p.left())
			end = max(end, p.f.GetY())
		}
		p.f.SetY(end)
	}
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
	p.text(tx, y+1, tw, []string{"Document n°\u00a0" + v.Numero + " – vérifiable en ligne"}, lineHeight(sizeSmall), "L")
	p.font("", sizeSmall-1)
	lines := append(p.wrap("Scannez le QR code, ou ouvrez l’adresse ci-dessous, pour vérifier que ce document est authentique et ce qu’il certifie\u00a0:", tw), p.wrapChars(v.URL, tw)...)
	p.text(tx, y+1+lineHeight(sizeSmall), tw, lines, lh, "L")
	p.f.SetY(y + side + 2)
}
