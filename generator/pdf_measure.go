package generator

import (
	"strings"

	"certidoc/documents"
)

// height is the height a block takes when it starts at the top of a page:
// what must fit for a group of blocks to be kept together. It follows the
// drawing code of each block.
func (p *pdfWriter) height(b documents.Block) float64 {
	switch b := b.(type) {
	case documents.Heading:
		size, before := sizeH2, 3.0
		if b.Level <= 1 {
			size, before = sizeH1, 1.0
		}
		p.font("B", size)
		return before + float64(len(p.wrap(b.Text, p.width)))*lineHeight(size) + 1
	case documents.Paragraph:
		style, size := paragraphFont(b.Style)
		p.font(style, size)
		n := 0
		for _, para := range strings.Split(b.Text, "\n") {
			n += len(p.wrap(para, p.width))
		}
		return float64(n)*lineHeight(size) + 1
	case documents.List:
		size := sizeNormal
		if b.Small {
			size = sizeSmall
		}
		p.font("", size)
		h := 0.0
		for _, item := range b.Items {
			h += float64(len(p.wrap(item, p.width-8)))*lineHeight(size) + 0.6
		}
		return h
	case documents.Facts:
		h := 0.0
		cols := factColumns(p.width)
		for _, r := range b.Rows {
			h += p.rowHeight(cols, []documents.Cell{{Text: r.Label, Bold: true}, {Text: r.Value}}, 0, sizeNormal)
		}
		return h
	case documents.Fields:
		return 14
	case documents.Table:
		h := p.rowHeight(b.Columns, headerCells(b.Columns), 0, sizeSmall) + 1
		for _, r := range b.Rows {
			h += p.tableRowHeight(b, r)
		}
		return h
	case documents.Choices:
		return lineHeight(sizeNormal) + 2.5
	case documents.WritingBox:
		lh := lineHeight(sizeNormal)
		p.font("", sizeNormal)
		lines := p.wrap(b.Text, p.width-2*pad)
		return lh + 0.5 + max(b.Height, float64(len(lines))*lh+2*pad) + 3
	case documents.Signatures:
		return p.signaturesHeight(b)
	case documents.Spacer:
		return b.Height
	case documents.Verification:
		return 31
	case documents.Address:
		return b.Top + b.Height - documents.MarginTop
	case documents.Keep:
		h := 0.0
		for _, x := range b.Blocks {
			h += p.height(x)
		}
		return h
	}
	return 0
}
