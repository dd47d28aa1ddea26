package generator

import (
	"fmt"
	"strconv"
	"strings"

	"certidoc/documents"
)

// signatures writes signature blocks as documents.Signatures.Rows lays
// them out: a borderless table per row, a cell per part.
func (x *docxWriter) signatures(s documents.Signatures) {
	for _, row := range s.Rows(x.width) {
		widths := make([]float64, len(row.Parts))
		for i, part := range row.Parts {
			widths[i] = part.Width
		}
		x.tableStart(widths, false)
		x.rowStart(false, row.Height)
		for _, part := range row.Parts {
			switch part.Kind {
			case documents.PartBox:
				x.signatureBox(*part.Box, part.Width)
			case documents.PartStamp:
				x.bottomCell(part.Width)
				if part.Image != nil {
					x.s(`<w:p><w:pPr><w:spacing w:before="0" w:after="0"/><w:jc w:val="center"/></w:pPr><w:r>` + x.imgs.drawing(part.Image, false, "", 0, "", 0) + `</w:r></w:p>`)
				} else {
					x.para("Note", `<w:jc w:val="center"/>`, part.Label, `<w:color w:val="969696"/>`)
				}
			case documents.PartAside:
				x.bottomCell(part.Width)
				if s.Aside != nil {
					x.verification(*s.Aside)
				} else {
					x.para("", "", "", "")
				}
			default:
				x.cellStart(part.Width, 1, "", false)
				x.para("", "", "", "")
			}
			x.s(`</w:tc>`)
		}
		x.s(`</w:tr></w:tbl>`)
		x.para("", `<w:spacing w:after="60"/>`, "", "")
	}
}

// bottomCell opens a cell whose content sits at its bottom.
func (x *docxWriter) bottomCell(width float64) {
	x.f(`<w:tc><w:tcPr><w:tcW w:w="%d" w:type="dxa"/><w:vAlign w:val="bottom"/></w:tcPr>`, x.tw(width))
}

// signatureBox writes one block in a cell: a framed block in the small
// size, its lines apart; a plain one centred, its paragraphs kept together.
func (x *docxWriter) signatureBox(b documents.SignatureBox, width float64) {
	style, align := "TexteTableau", `<w:jc w:val="center"/>`
	if b.Framed {
		style, align = "TexteTableauPetit", ""
	}
	x.cell(width, 1, "", false, b.Framed)
	keep := func(last bool) string {
		if b.Framed || last {
			return ""
		}
		return `<w:keepNext/>`
	}
	first := true
	// the width of the cell's text, in twips (a borderless table's cells
	// have Word's default margins, 108 twips a side)
	textWidth := float64(x.tw(width) - 216)
	line := func(l documents.SignatureLine, last bool) {
		ppr := keep(last)
		text := blankFilled(l, textWidth)
		if l.Beside != nil {
			// two parts: the second from a tab stop at the split
			split := textWidth * l.Split
			ppr += `<w:tabs><w:tab w:val="left" w:pos="` + strconv.Itoa(int(split)) + `"/></w:tabs>`
			text = blankFilled(l, split-110) + "\t" + blankFilled(*l.Beside, textWidth-split)
		}
		if b.Framed && !first {
			ppr += `<w:spacing w:before="60"/>`
		}
		ppr += align
		first = false
		rpr := ""
		if l.Bold {
			rpr = "<w:b/>"
		}
		x.para(style, ppr, text, rpr)
	}
	for i, l := range b.Above {
		line(l, i+1 == len(b.Above) && b.Zone == 0 && len(b.Below) == 0)
	}
	if b.Zone > 0 {
		ppr := keep(len(b.Below) == 0) + fmt.Sprintf(`<w:spacing w:before="0" w:after="0" w:line="%d" w:lineRule="exact"/>`, x.tw(b.Zone))
		if b.Image != nil {
			// the signature in front of the zone, centred, on its lower
			// part: anchored, so that the zone keeps its height
			iw, ih := b.Image.Size()
			x.s(`<w:p><w:pPr><w:pStyle w:val="` + style + `"/>` + ppr + `</w:pPr><w:r>` +
				x.imgs.drawing(b.Image, true, "column", max(0, (width-iw)/2), "paragraph", max(1, b.Zone-ih-1)) + `</w:r></w:p>`)
		} else {
			x.para(style, ppr, "", "")
		}
	}
	for i, l := range b.Below {
		line(l, i+1 == len(b.Below))
	}
}

// blankFilled writes a line of a signature block: its label and its value,
// or dots to write on up to width twips (in the small size, where blanks
// are) when the value is blank.
func blankFilled(l documents.SignatureLine, width float64) string {
	if !l.Blank || l.Value != "" {
		return l.Label + l.Value
	}
	const dot = 160 // an ellipsis, 1 em at 8 points, in twips
	label := 0
	for _, r := range l.Label {
		label += runeUnits(r)
	}
	n := int((width-unitsToTwips(label, 16, false))/dot) - 1
	return l.Label + strings.Repeat("…", max(n, 3))
}
