package generator

import (
	"certidoc/documents"
	"math"
	"strings"
)

// leadHeight is the height of the first part of a block that cannot be
// separated from it: what a heading before it must be kept with.
func (p *pdfWriter) leadHeight(b documents.Block) float64 {
	switch b := b.(type) {
	case documents.Signatures:
		return min(p.signaturesHeight(b), p.bodyHeight())
	case documents.Keep:
		return min(p.height(b), p.bodyHeight())
	case documents.WritingBox:
		return b.Height + lineHeight(sizeNormal)
	case documents.Table:
		h := p.rowHeight(b.Columns, headerCells(b.Columns), 0, sizeSmall)
		for i := 0; i < len(b.Rows) && i < 2; i++ {
			h += p.tableRowHeight(b, b.Rows[i])
		}
		return h
	case nil:
		return 0
	}
	return 3 * lineHeight(sizeNormal)
}

// factColumns are the label and value columns of a Facts table.
func factColumns(width float64) []documents.Column {
	const labelW = 38.0
	return []documents.Column{{Width: labelW}, {Width: width - labelW}}
}

// facts draws a table of labels and values, kept whole on one page when it
// fits on one: no totals row alone on a page.
func (p *pdfWriter) facts(fs documents.Facts) {
	cols := factColumns(p.width)
	if h := p.height(fs); h <= p.bodyHeight() {
		p.ensure(h)
	}
	for _, r := range fs.Rows {
		p.row(cols, []documents.Cell{{Text: r.Label, Bold: true}, {Text: r.Value}}, 0, sizeNormal, []bool{true, false})
	}
}

func (p *pdfWriter) fields(fs documents.Fields) {
	total := 0.0
	for _, it := range fs.Items {
		total += it.Width
	}
	gap := 2.0
	avail := p.width - gap*float64(len(fs.Items)-1)
	// Each value is written whole, on as many lines as it needs (a long
	// name with its birth name): the boxes grow together, 12 mm at least.
	lh := lineHeight(sizeNormal)
	values := make([][]string, len(fs.Items))
	h := 12.0
	for i, it := range fs.Items {
		if it.Value == "" {
			continue
		}
		p.font("", sizeNormal)
		values[i] = p.wrap(it.Value, avail*it.Width/total-2*pad)
		h = max(h, 5+float64(len(values[i]))*lh+1.5)
	}
	p.ensure(h)
	x, y := p.left(), p.f.GetY()
	for i, it := range fs.Items {
		w := avail * it.Width / total
		p.border()
		p.rect(x, y, w, h, "D")
		p.font("", sizeSmall-0.5)
		p.color(colorMuted)
		p.text(x+pad, y+0.8, w-2*pad, []string{it.Label}, lineHeight(sizeSmall), "L")
		p.f.SetTextColor(0, 0, 0)
		if len(values[i]) > 0 {
			p.font("", sizeNormal)
			p.text(x+pad, y+5, w-2*pad, values[i], lh, "L")
		}
		x += w + gap
	}
	p.f.SetY(y + h + 2)
}

// Drawing is skipped when the layout is only measured (see
// pdfWriter.measure): it never moves the cursor.

func (p *pdfWriter) rect(x, y, w, h float64, style string) {
	if !p.measure {
		p.f.Rect(x, y, w, h, style)
	}
}

func (p *pdfWriter) border() {
	if p.measure {
		return
	}
	p.f.SetDrawColor(colorBorder[0], colorBorder[1], colorBorder[2])
	p.f.SetLineWidth(0.25)
}

func (p *pdfWriter) fill(c [3]int) {
	if !p.measure {
		p.f.SetFillColor(c[0], c[1], c[2])
	}
}

func headerCells(cols []documents.Column) []documents.Cell {
	header := make([]documents.Cell, len(cols))
	for i, c := range cols {
		header[i] = documents.Cell{Text: c.Header, Bold: true}
	}
	return header
}

func tableSize(t documents.Table) float64 {
	if t.Small {
		return sizeSmall
	}
	return sizeNormal
}

// rowLayout is a row's text wrapped cell by cell, and the row's height: a
// row is measured once, then drawn from its layout.
type rowLayout struct {
	lines [][]string
	sizes []float64 // each cell's font size: smaller when a word would not fit
	h     float64
}

// tableRowLayout measures one row of t; a group row has only a height,
// since groupRow lays out its own lines.
func (p *pdfWriter) tableRowLayout(t documents.Table, r documents.Row) rowLayout {
	if r.Group {
		_, h := p.groupLines(r)
		return rowLayout{h: h}
	}
	return p.layoutRow(t.Columns, r.Cells, r.MinHeight, tableSize(t))
}

func (p *pdfWriter) tableRowHeight(t documents.Table, r documents.Row) float64 {
	return p.tableRowLayout(t, r).h
}

func (p *pdfWriter) table(t documents.Table) {
	header := headerCells(t.Columns)
	headerLayout := p.layoutRow(t.Columns, header, 0, sizeSmall)
	drawHeader := func() {
		p.rowAt(t.Columns, header, headerLayout, sizeSmall, nil, colorHeader, true)
	}
	layouts := make([]rowLayout, len(t.Rows))
	for i, r := range t.Rows {
		layouts[i] = p.tableRowLayout(t, r)
	}
	room := p.bodyHeight() - headerLayout.h // a page's room under the header
	// need is the height row i must start on a page with: the last row
	// goes with what follows the table, when they fit on a page.
	need := func(i int, h float64) float64 {
		if i == len(t.Rows)-1 && p.keepNext > 0 && h+1+p.keepNext <= room {
			h += 1 + p.keepNext
		}
		return h
	}
	// The header, the first group and its first row start together, with
	// what that row must start a page with.
	lead := p.leadHeight(t)
	if len(t.Rows) > 0 {
		first := need(0, layouts[0].h)
		if t.Rows[0].Group && len(t.Rows) > 1 {
			first = need(1, layouts[0].h+layouts[1].h)
		}
		lead = max(lead, min(headerLayout.h+first, p.bodyHeight()))
	}
	p.ensure(lead)
	drawHeader()
	p.header = drawHeader
	defer func() { p.header = nil }()
	for i, r := range t.Rows {
		p.nextUnit()
		h := need(i, layouts[i].h)
		if r.Group && i+1 < len(t.Rows) {
			// a group's title starts a page with its first row, and with
			// all that row must start a page with
			h = need(i+1, layouts[i].h+layouts[i+1].h)
		}
		p.ensure(h)
		if r.Group {
			p.groupRow(r)
			continue
		}
		p.drawRow(t.Columns, r.Cells, layouts[i], tableSize(t), nil)
	}
	p.f.SetY(p.f.GetY() + 1)
}

// groupLines wraps a group row's cells, which are stacked full-width lines,
// and gives the row's height.
func (p *pdfWriter) groupLines(r documents.Row) ([][]string, float64) {
	lines := make([][]string, len(r.Cells))
	n := 0
	for i, c := range r.Cells {
		lines[i] = p.cellLines(c, p.width, sizeSmall)
		n += len(lines[i])
	}
	return lines, float64(n)*lineHeight(sizeSmall) + 2*pad
}

// groupRow draws a full-width shaded row; its cells are stacked lines.
func (p *pdfWriter) groupRow(r documents.Row) {
	lines, h := p.groupLines(r)
	x, y := p.left(), p.f.GetY()
	p.fill(colorGroup)
	p.border()
	p.rect(x, y, p.width, h, "FD")
	yy := y + pad
	lh := lineHeight(sizeSmall)
	for i, c := range r.Cells {
		p.cellFont(c, sizeSmall)
		p.text(x+pad, yy, p.width-2*pad, lines[i], lh, "L")
		yy += float64(len(lines[i])) * lh
	}
	p.f.SetY(y + h)
}

// cellFont sets the font a cell's text is drawn in.
func (p *pdfWriter) cellFont(c documents.Cell, size float64) {
	style := ""
	if c.Bold {
		style = "B"
	}
	p.font(style, size)
}

// minCellSize is the smallest font a cell shrinks to so that its longest
// word fits; a word wider still is cut, the last resort.
const minCellSize = 5.0

// cellSize returns the font size a cell is drawn in: size, or less when a
// word (a name: lines break at spaces and after hyphens only) would not fit
// in width w and would have to be cut.
func (p *pdfWriter) cellSize(c documents.Cell, w, size float64) float64 {
	if c.Text == "" {
		return size
	}
	p.cellFont(c, size)
	return kept(p, &cellSizes, c.Text, w, func() float64 { return p.fitCellSize(c.Text, w, size) })
}

// cellSizes keeps cellSize's answers, as wraps keeps wrap's.
var cellSizes = textCache[float64]{cur: map[wrapKey]float64{}}

// fitCellSize is cellSize without the cache, in the cell's font.
func (p *pdfWriter) fitCellSize(text string, w, size float64) float64 {
	widest := 0.0
	for word := range strings.FieldsFuncSeq(text, func(r rune) bool { return r == ' ' || r == '\n' }) {
		for part := range strings.SplitAfterSeq(word, "-") {
			widest = max(widest, p.f.GetStringWidth(part))
		}
	}
	if widest <= w {
		return size
	}
	return max(minCellSize, math.Floor(size*w/widest*10)/10)
}

// cellLines wraps a cell's text in the font it is drawn with.
func (p *pdfWriter) cellLines(c documents.Cell, w, size float64) []string {
	p.cellFont(c, size)
	return p.wrap(c.Text, w-2*pad)
}

// layoutRow wraps each cell of a row in its column and measures the row: the
// tallest cell, at least minH and at least a check box. An empty check cell
// holds a box, not text, and does not count.
func (p *pdfWriter) layoutRow(cols []documents.Column, cells []documents.Cell, minH, size float64) rowLayout {
	l := rowLayout{lines: make([][]string, len(cols)), sizes: make([]float64, len(cols)), h: minH}
	for i, col := range cols {
		var c documents.Cell
		if i < len(cells) {
			c = cells[i]
		}
		l.sizes[i] = p.cellSize(c, col.Width-2*pad, size)
		l.lines[i] = p.cellLines(c, col.Width, l.sizes[i])
		if i >= len(cells) || (col.Check && c.Text == "") {
			continue
		}
		if ch := float64(len(l.lines[i]))*lineHeight(l.sizes[i]) + 2*pad; ch > l.h {
			l.h = ch
		}
	}
	l.h = max(l.h, checkSize+2*pad)
	return l
}

func (p *pdfWriter) rowHeight(cols []documents.Column, cells []documents.Cell, minH, size float64) float64 {
	return p.layoutRow(cols, cells, minH, size).h
}

// row draws a row at the current position; shaded[i] fills cell i.
func (p *pdfWriter) row(cols []documents.Column, cells []documents.Cell, minH, size float64, shaded []bool) {
	p.drawRow(cols, cells, p.layoutRow(cols, cells, minH, size), size, shaded)
}

// drawRow draws a measured row, over several pages if it is taller than one.
func (p *pdfWriter) drawRow(cols []documents.Column, cells []documents.Cell, l rowLayout, size float64, shaded []bool) {
	if l.h > p.bottom()-documents.MarginTop-20 {
		p.tallRow(cols, cells, l, size, shaded)
		return
	}
	p.ensure(l.h)
	p.rowAt(cols, cells, l, size, shaded, colorGroup, false)
}

// tallRow draws a row taller than a page — a very long comment — over as
// many pages as it needs: rows are kept whole whenever they fit, but no text
// may fall off a page.
func (p *pdfWriter) tallRow(cols []documents.Column, cells []documents.Cell, l rowLayout, size float64, shaded []bool) {
	lh := lineHeight(size)
	lines := make([][]string, len(cols))
	for i, col := range cols {
		if i < len(cells) && !col.Check {
			lines[i] = l.lines[i]
		}
	}
	first := true
	for {
		p.ensure(2*pad + 3*lh)
		n := max(int((p.bottom()-p.f.GetY()-2*pad)/lh), 1)
		part := make([]documents.Cell, len(cols))
		more := false
		for i := range cols {
			if i < len(cells) {
				// the boxes are ticked on the row's first part only
				part[i].Bold, part[i].Checked = cells[i].Bold, cells[i].Checked && first
			}
			k := min(n, len(lines[i]))
			part[i].Text = strings.Join(lines[i][:k], "\n")
			lines[i] = lines[i][k:]
			more = more || len(lines[i]) > 0
		}
		p.rowAt(cols, part, p.layoutRow(cols, part, 0, size), size, shaded, colorGroup, false)
		if !more {
			return
		}
		first = false
		p.f.AddPage()
		p.f.SetY(documents.MarginTop)
		if p.header != nil {
			p.header()
		}
	}
}

// rowAt draws a measured row at the current position, without a page break.
func (p *pdfWriter) rowAt(cols []documents.Column, cells []documents.Cell, l rowLayout, size float64, shaded []bool, shade [3]int, all bool) {
	x, y := p.left(), p.f.GetY()
	for i, col := range cols {
		var c documents.Cell
		if i < len(cells) {
			c = cells[i]
		}
		p.border()
		style := "D"
		if all || (i < len(shaded) && shaded[i]) {
			p.fill(shade)
			style = "FD"
		}
		p.rect(x, y, col.Width, l.h, style)
		switch {
		case col.Check && !all:
			p.checkBox(x+(col.Width-checkSize)/2, y+(l.h-checkSize)/2, c.Checked)
		default:
			align := "L"
			if all && col.Check {
				align = "C"
			}
			cs := size
			if i < len(l.sizes) && l.sizes[i] > 0 {
				cs = l.sizes[i]
			}
			p.cellFont(c, cs)
			p.text(x+pad, y+pad, col.Width-2*pad, l.lines[i], lineHeight(cs), align)
		}
		x += col.Width
	}
	p.f.SetY(y + l.h)
}

func (p *pdfWriter) checkBox(x, y float64, checked bool) {
	if p.measure {
		return
	}
	p.f.SetDrawColor(0, 0, 0)
	p.f.SetLineWidth(0.3)
	p.rect(x, y, checkSize, checkSize, "D")
	if checked {
		p.f.Line(x+0.7, y+0.7, x+checkSize-0.7, y+checkSize-0.7)
		p.f.Line(x+0.7, y+checkSize-0.7, x+checkSize-0.7, y+0.7)
	}
}
