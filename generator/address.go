package generator

import (
	"strconv"
	"strings"

	"certidoc/documents"
)

// The address block's type: 10 points, smaller when the block would not
// hold in its rectangle, in steps of half a point (a DOCX size is in half
// points), never under minAddressSize.
const (
	addressSize    = 10.0
	minAddressSize = 5.0
)

// fittedAddress is an address block as it is printed: its size and its
// lines, broken between words.
type fittedAddress struct {
	size  float64
	lines []string
	// below is how far the text goes down to pass under the block.
	below float64
}

// fitAddress finds the largest size at which an address block holds in its
// rectangle, its lines broken only between words (never inside a word, nor
// after a hyphen).
func (p *pdfWriter) fitAddress(a documents.Address) fittedAddress {
	for size := addressSize; ; size -= 0.5 {
		p.font("", size)
		lines, ok := p.wrapWords(a.Lines, a.Width)
		if ok && float64(len(lines))*lineHeight(size) <= a.Height || size <= minAddressSize {
			return fittedAddress{size: size, lines: lines}
		}
	}
}

// wrapWords breaks each line into lines no wider than w in the current
// font, between words only (ordinary spaces: a no-break space holds). ok
// is false when a word alone is wider than w.
func (p *pdfWriter) wrapWords(in []string, w float64) (lines []string, ok bool) {
	ok = true
	for _, l := range in {
		var cur string
		for word := range strings.SplitSeq(l, " ") {
			if word == "" {
				continue
			}
			if p.f.GetStringWidth(clean(word)) > w {
				ok = false
			}
			if cur != "" && p.f.GetStringWidth(clean(cur+" "+word)) > w {
				lines = append(lines, cur)
				cur = ""
			}
			if cur != "" {
				cur += " "
			}
			cur += word
		}
		lines = append(lines, cur)
	}
	return lines, ok
}

// address draws a letter's address block where its rectangle is on the
// page, centred top to bottom, and goes on under it.
func (p *pdfWriter) address(a documents.Address) {
	fit := p.fitAddress(a)
	fit.below = max(0, a.Top+a.Height-p.f.GetY())
	p.addresses = append(p.addresses, fit)
	lh := lineHeight(fit.size)
	top := a.Top + (a.Height-float64(len(fit.lines))*lh)/2
	p.text(a.Left, top, a.Width, fit.lines, lh, "L")
	p.f.SetY(max(p.f.GetY(), a.Top+a.Height))
}

// address writes a letter's address block as a frame placed on the page,
// where the PDF prints it: same size, same lines; then a blank as high as
// the PDF's, for the text to go on under the block.
func (x *docxWriter) address(a documents.Address) {
	var fit fittedAddress
	if len(x.addresses) > 0 {
		fit, x.addresses = x.addresses[0], x.addresses[1:]
	} else {
		fit = fittedAddress{size: addressSize, lines: a.Lines, below: a.Height} // the layout failed
	}
	lh := lineHeight(fit.size)
	top := a.Top + (a.Height-float64(len(fit.lines))*lh)/2
	page := func(mm float64) int { return int(mm*twipsPerMM + 0.5) }
	frame := `<w:framePr w:w="` + strconv.Itoa(page(a.Width)) + `" w:h="` + strconv.Itoa(page(float64(len(fit.lines))*lh)) + `" w:hRule="atLeast" w:wrap="around" w:vAnchor="page" w:hAnchor="page" w:x="` +
		strconv.Itoa(page(a.Left)) + `" w:y="` + strconv.Itoa(page(top)) + `"/>`
	spacing := `<w:spacing w:before="0" w:after="0" w:line="` + strconv.Itoa(page(lh)) + `" w:lineRule="exact"/>`
	size := strconv.Itoa(int(fit.size*2 + 0.5))
	for _, l := range fit.lines {
		x.para("", frame+spacing, l, `<w:sz w:val="`+size+`"/><w:szCs w:val="`+size+`"/>`)
	}
	x.block(documents.Spacer{Height: fit.below}, true)
}
