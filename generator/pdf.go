package generator

import (
	"bytes"
	_ "embed"
	"fmt"
	"io"
	"strings"

	"codeberg.org/go-pdf/fpdf"

	"certidoc/templates"
)

// The embedded font: Certidoc Sans is Liberation Sans cut to the characters
// of French documents (fonts/subset.sh), including the narrow no-break space
// (U+202F) that French puts before ; ! and ?. Two styles only: each font
// costs time in every document.
var (
	//go:embed fonts/CertidocSans-Regular.ttf
	fontRegular []byte
	//go:embed fonts/CertidocSans-Bold.ttf
	fontBold []byte
)

const fontFamily = "CertidocSans"

// Type sizes in points and spacing in millimetres.
const (
	sizeNormal  = 9.5
	sizeSmall   = 8.0
	sizeH1      = 16.0
	sizeH2      = 11.0
	sizeLarge   = 12.5
	sizeDisplay = 20.0
	lineFactor  = 1.22 // line height as a multiple of the type size
	pad         = 1.5  // inner padding of table cells and boxes
	checkSize   = 3.8  // side of a check box
	ptToMM      = 25.4 / 72
)

var (
	colorBorder = [3]int{90, 90, 90}
	colorHeader = [3]int{222, 228, 236}
	colorGroup  = [3]int{241, 243, 246}
	colorMuted  = [3]int{90, 90, 90}
)

// PDF writes the document as an A4 PDF to w.
func PDF(w io.Writer, d templates.Document, opt Options) error {
	orientation := "P"
	if d.Landscape {
		orientation = "L"
	}
	f := fpdf.NewCustom(&fpdf.InitType{OrientationStr: orientation, UnitStr: "mm", SizeStr: "A4"})
	f.SetCompression(true)
	f.SetCatalogSort(true)
	f.SetCreationDate(opt.Now)
	f.SetModificationDate(opt.Now)
	f.SetTitle(clean(d.Title), true)
	f.SetSubject(clean(d.Subject), true)
	f.SetAuthor(clean(d.Author), true)
	f.SetCreator("certidoc", true)
	f.SetLang("fr-FR")
	f.AddUTF8FontFromBytes(fontFamily, "", fontRegular)
	f.AddUTF8FontFromBytes(fontFamily, "B", fontBold)
	f.SetMargins(templates.MarginLeft, templates.MarginTop, templates.MarginRight)
	f.SetAutoPageBreak(false, templates.MarginBottom)
	f.SetCellMargin(0)
	f.AliasNbPages("{nb}")

	p := &pdfWriter{f: f, d: d, width: d.ContentWidth()}
	_, p.pageH = f.GetPageSize()
	f.SetFooterFunc(p.footer)
	f.AddPage()
	for i, b := range d.Blocks {
		if h, ok := b.(templates.Heading); ok {
			// Keep a heading with the start of what follows it.
			var next templates.Block
			if i+1 < len(d.Blocks) {
				next = d.Blocks[i+1]
			}
			p.heading(h, p.leadHeight(next))
		} else {
			p.block(b)
		}
		if f.Err() {
			break
		}
	}
	if err := f.Output(w); err != nil {
		return fmt.Errorf("render pdf %s: %w", d.Name, err)
	}
	return nil
}

// pdfWriter lays out a document's blocks on the pages of f.
type pdfWriter struct {
	f     *fpdf.Fpdf
	d     templates.Document
	width float64
	pageH float64
	// header redraws a table's header row after a page break.
	header func()
}

func (p *pdfWriter) left() float64   { return templates.MarginLeft }
func (p *pdfWriter) bottom() float64 { return p.pageH - templates.MarginBottom }

// ensure starts a new page unless h millimetres still fit on this one.
func (p *pdfWriter) ensure(h float64) {
	if p.f.GetY()+h <= p.bottom() {
		return
	}
	p.f.AddPage()
	p.f.SetY(templates.MarginTop)
	if p.header != nil {
		p.header()
	}
}

func (p *pdfWriter) font(style string, size float64) {
	p.f.SetFont(fontFamily, style, size)
}

func lineHeight(size float64) float64 { return size * ptToMM * lineFactor }

func (p *pdfWriter) color(c [3]int) { p.f.SetTextColor(c[0], c[1], c[2]) }

func (p *pdfWriter) footer() {
	f := p.f
	if p.d.Frame {
		pw, ph := f.GetPageSize()
		f.SetDrawColor(40, 60, 95)
		f.SetLineWidth(0.8)
		f.Rect(8, 8, pw-16, ph-16, "D")
		f.SetLineWidth(0.25)
		f.Rect(10, 10, pw-20, ph-20, "D")
	}
	y := p.pageH - 12
	if p.d.Frame {
		y = p.pageH - 16 // inside the frame
	}
	if p.d.Initials != "" {
		p.font("", 7.5)
		p.color(colorMuted)
		label := clean(p.d.Initials) + "\u00a0:"
		lw := f.GetStringWidth(label)
		bx := p.left() + p.width/2 + 10
		f.SetXY(bx-lw-2, y)
		f.CellFormat(lw, 4, label, "", 0, "L", false, 0, "")
		f.SetDrawColor(120, 120, 120)
		f.SetLineWidth(0.2)
		f.Rect(bx, y-3.5, 22, 9, "D")
		f.SetTextColor(0, 0, 0)
	}
	f.SetDrawColor(160, 160, 160)
	f.SetLineWidth(0.2)
	f.Line(p.left(), y-1.5, p.left()+p.width, y-1.5)
	p.font("", 7.5)
	p.color(colorMuted)
	f.SetXY(p.left(), y)
	f.CellFormat(p.width-30, 4, clean(p.d.Footer), "", 0, "L", false, 0, "")
	// The total is an alias replaced when the file is closed: the text is
	// placed from a fixed left edge, since its final width is not known.
	f.SetXY(p.left()+p.width-22, y)
	f.CellFormat(22, 4, fmt.Sprintf("page %d / {nb}", f.PageNo()), "", 0, "L", false, 0, "")
	f.SetTextColor(0, 0, 0)
}

func (p *pdfWriter) block(b templates.Block) {
	switch b := b.(type) {
	case templates.Heading:
		p.heading(b, 0)
	case templates.Paragraph:
		p.paragraph(b)
	case templates.List:
		p.list(b)
	case templates.Facts:
		p.facts(b)
	case templates.Fields:
		p.fields(b)
	case templates.Table:
		p.table(b)
	case templates.Choices:
		p.choices(b)
	case templates.WritingBox:
		p.writingBox(b)
	case templates.Signatures:
		p.signatures(b)
	case templates.Spacer:
		p.f.SetY(p.f.GetY() + b.Height)
	case templates.PageBreak:
		p.f.AddPage()
	case templates.Verification:
		p.verification(b)
	default:
		p.f.SetErrorf("render pdf: unknown block %T", b)
	}
}

// text draws wrapped lines from (x, y) within width w.
func (p *pdfWriter) text(x, y, w float64, lines []string, lh float64, align string) {
	for i, l := range lines {
		p.f.SetXY(x, y+float64(i)*lh)
		p.f.CellFormat(w, lh, clean(l), "", 0, align, false, 0, "")
	}
}

// clean makes text safe for fpdf, which fails on invalid UTF-8: invalid
// bytes become U+FFFD and control characters are dropped.
func clean(s string) string {
	s = strings.ToValidUTF8(s, "\ufffd")
	return strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f {
			return -1
		}
		return r
	}, s)
}

// leadHeight is the height of the first part of a block that cannot be
// separated from it: what a heading before it must be kept with.
func (p *pdfWriter) leadHeight(b templates.Block) float64 {
	switch b := b.(type) {
	case templates.Signatures:
		return b.Height
	case templates.WritingBox:
		return b.Height + lineHeight(sizeNormal)
	case templates.Table:
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

func (p *pdfWriter) heading(h templates.Heading, keep float64) {
	size, align, before := sizeH2, "L", 3.0
	if h.Level <= 1 {
		size, align, before = sizeH1, "C", 1.0
	}
	p.font("B", size)
	lh := lineHeight(size)
	lines := p.wrap(h.Text, p.width)
	p.ensure(before + float64(len(lines))*lh + 1 + keep)
	y := p.f.GetY() + before
	p.text(p.left(), y, p.width, lines, lh, align)
	p.f.SetY(y + float64(len(lines))*lh + 1)
}

func (p *pdfWriter) paragraph(par templates.Paragraph) {
	style, size := "", sizeNormal
	switch par.Style {
	case templates.Small:
		size = sizeSmall
	case templates.Strong:
		style = "B"
	case templates.Note:
		size = sizeSmall
		p.color(colorMuted)
		defer p.f.SetTextColor(0, 0, 0)
	case templates.Large:
		style, size = "B", sizeLarge
	case templates.Display:
		style, size = "B", sizeDisplay
	}
	p.font(style, size)
	lh := lineHeight(size)
	align := [...]string{templates.Left: "L", templates.Center: "C", templates.Right: "R", templates.Justify: "L"}[par.Align]
	for _, para := range strings.Split(par.Text, "\n") {
		lines := p.wrap(para, p.width)
		for i, l := range lines {
			p.ensure(lh)
			y := p.f.GetY()
			if par.Align == templates.Justify && i < len(lines)-1 {
				p.justified(p.left(), y, p.width, l, lh)
			} else {
				p.text(p.left(), y, p.width, []string{l}, lh, align)
			}
			p.f.SetY(y + lh)
		}
	}
	p.f.SetY(p.f.GetY() + 1)
}

// justified draws one line stretched to the width by widening its spaces.
func (p *pdfWriter) justified(x, y, w float64, line string, lh float64) {
	words := strings.Split(line, " ")
	if len(words) < 2 {
		p.text(x, y, w, []string{line}, lh, "L")
		return
	}
	total := 0.0
	for _, word := range words {
		total += p.f.GetStringWidth(word)
	}
	gap := (w - total) / float64(len(words)-1)
	if gap > 4*p.f.GetStringWidth(" ") {
		p.text(x, y, w, []string{line}, lh, "L") // too loose: leave it ragged
		return
	}
	for _, word := range words {
		ww := p.f.GetStringWidth(word)
		p.f.SetXY(x, y)
		p.f.CellFormat(ww, lh, word, "", 0, "L", false, 0, "")
		x += ww + gap
	}
}

func (p *pdfWriter) list(l templates.List) {
	size := sizeNormal
	if l.Small {
		size = sizeSmall
	}
	p.font("", size)
	lh := lineHeight(size)
	indent := 4.0
	for _, item := range l.Items {
		lines := p.wrap(item, p.width-2*indent)
		p.ensure(float64(len(lines)) * lh)
		y := p.f.GetY()
		x := p.left() + indent
		if numbered(item) {
			x += indent // numbered items are the points of the item before
		} else {
			p.text(p.left(), y, indent, []string{"•"}, lh, "L")
		}
		p.text(x, y, p.left()+p.width-x, lines, lh, "L")
		p.f.SetY(y + float64(len(lines))*lh + 0.6)
	}
}

// numbered tells whether a list item carries its own marker: a number
// ("1. …") or a dash ("– …"), the points of the item before it.
func numbered(s string) bool {
	if strings.HasPrefix(s, "– ") {
		return true
	}
	i := 0
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	return i > 0 && i < len(s) && (s[i] == '.' || s[i] == ')')
}

func (p *pdfWriter) facts(fs templates.Facts) {
	labelW := 38.0
	cols := []templates.Column{{Width: labelW}, {Width: p.width - labelW}}
	for _, r := range fs.Rows {
		p.row(cols, []templates.Cell{{Text: r.Label, Bold: true}, {Text: r.Value}}, 0, sizeNormal, []bool{true, false})
	}
}

func (p *pdfWriter) fields(fs templates.Fields) {
	total := 0.0
	for _, it := range fs.Items {
		total += it.Width
	}
	h := 12.0
	p.ensure(h)
	x, y := p.left(), p.f.GetY()
	gap := 2.0
	avail := p.width - gap*float64(len(fs.Items)-1)
	for _, it := range fs.Items {
		w := avail * it.Width / total
		p.border()
		p.f.Rect(x, y, w, h, "D")
		p.font("", sizeSmall-0.5)
		p.color(colorMuted)
		p.text(x+pad, y+0.8, w-2*pad, []string{it.Label + "\u00a0:"}, lineHeight(sizeSmall), "L")
		p.f.SetTextColor(0, 0, 0)
		if it.Value != "" {
			p.font("", sizeNormal)
			p.text(x+pad, y+5, w-2*pad, p.wrap(it.Value, w-2*pad)[:1], lineHeight(sizeNormal), "L")
		}
		x += w + gap
	}
	p.f.SetY(y + h + 2)
}

func (p *pdfWriter) border() {
	p.f.SetDrawColor(colorBorder[0], colorBorder[1], colorBorder[2])
	p.f.SetLineWidth(0.25)
}

func (p *pdfWriter) fill(c [3]int) { p.f.SetFillColor(c[0], c[1], c[2]) }

func headerCells(cols []templates.Column) []templates.Cell {
	header := make([]templates.Cell, len(cols))
	for i, c := range cols {
		header[i] = templates.Cell{Text: c.Header, Bold: true}
	}
	return header
}

func (p *pdfWriter) tableRowHeight(t templates.Table, r templates.Row) float64 {
	if r.Group {
		return p.groupHeight(r)
	}
	return p.rowHeight(t.Columns, r.Cells, r.MinHeight, tableSize(t))
}

func tableSize(t templates.Table) float64 {
	if t.Small {
		return sizeSmall
	}
	return sizeNormal
}

func (p *pdfWriter) table(t templates.Table) {
	header := headerCells(t.Columns)
	drawHeader := func() {
		p.rowAt(t.Columns, header, 0, sizeSmall, nil, colorHeader, true)
	}
	rowH := func(r templates.Row) float64 { return p.tableRowHeight(t, r) }
	// The header, the first group and its first row start together.
	p.ensure(p.leadHeight(t))
	drawHeader()
	p.header = drawHeader
	defer func() { p.header = nil }()
	for i, r := range t.Rows {
		h := rowH(r)
		if r.Group && i+1 < len(t.Rows) {
			h += rowH(t.Rows[i+1]) // keep a group's title with its first row
		}
		p.ensure(h)
		if r.Group {
			p.groupRow(r)
			continue
		}
		p.row(t.Columns, r.Cells, r.MinHeight, tableSize(t), nil)
	}
	p.f.SetY(p.f.GetY() + 1)
}

func (p *pdfWriter) groupHeight(r templates.Row) float64 {
	n := 0
	for _, c := range r.Cells {
		n += len(p.cellLines(c, p.width, sizeSmall))
	}
	return float64(n)*lineHeight(sizeSmall) + 2*pad
}

// groupRow draws a full-width shaded row; its cells are stacked lines.
func (p *pdfWriter) groupRow(r templates.Row) {
	h := p.groupHeight(r)
	x, y := p.left(), p.f.GetY()
	p.fill(colorGroup)
	p.border()
	p.f.Rect(x, y, p.width, h, "FD")
	yy := y + pad
	lh := lineHeight(sizeSmall)
	for _, c := range r.Cells {
		lines := p.cellLines(c, p.width, sizeSmall)
		p.text(x+pad, yy, p.width-2*pad, lines, lh, "L")
		yy += float64(len(lines)) * lh
	}
	p.f.SetY(y + h)
}

// cellLines wraps a cell's text in the font it is drawn with.
func (p *pdfWriter) cellLines(c templates.Cell, w, size float64) []string {
	style := ""
	if c.Bold {
		style = "B"
	}
	p.font(style, size)
	return p.wrap(c.Text, w-2*pad)
}

func (p *pdfWriter) rowHeight(cols []templates.Column, cells []templates.Cell, minH, size float64) float64 {
	h := minH
	for i, c := range cells {
		if i >= len(cols) || (cols[i].Check && c.Text == "") {
			continue
		}
		if ch := float64(len(p.cellLines(c, cols[i].Width, size)))*lineHeight(size) + 2*pad; ch > h {
			h = ch
		}
	}
	if h < checkSize+2*pad {
		h = checkSize + 2*pad
	}
	return h
}

// row draws a row at the current position; shaded[i] fills cell i.
func (p *pdfWriter) row(cols []templates.Column, cells []templates.Cell, minH, size float64, shaded []bool) {
	h := p.rowHeight(cols, cells, minH, size)
	p.ensure(h)
	p.rowAt(cols, cells, minH, size, shaded, colorGroup, false)
}

func (p *pdfWriter) rowAt(cols []templates.Column, cells []templates.Cell, minH, size float64, shaded []bool, shade [3]int, all bool) {
	h := p.rowHeight(cols, cells, minH, size)
	x, y := p.left(), p.f.GetY()
	lh := lineHeight(size)
	for i, col := range cols {
		var c templates.Cell
		if i < len(cells) {
			c = cells[i]
		}
		p.border()
		style := "D"
		if all || (i < len(shaded) && shaded[i]) {
			p.fill(shade)
			style = "FD"
		}
		p.f.Rect(x, y, col.Width, h, style)
		switch {
		case col.Check && !all:
			p.checkBox(x+(col.Width-checkSize)/2, y+(h-checkSize)/2, c.Checked)
		default:
			align := "L"
			if all && col.Check {
				align = "C"
			}
			p.text(x+pad, y+pad, col.Width-2*pad, p.cellLines(c, col.Width, size), lh, align)
		}
		x += col.Width
	}
	p.f.SetY(y + h)
}

func (p *pdfWriter) checkBox(x, y float64, checked bool) {
	p.f.SetDrawColor(0, 0, 0)
	p.f.SetLineWidth(0.3)
	p.f.Rect(x, y, checkSize, checkSize, "D")
	if checked {
		p.f.Line(x+0.7, y+0.7, x+checkSize-0.7, y+checkSize-0.7)
		p.f.Line(x+0.7, y+checkSize-0.7, x+checkSize-0.7, y+0.7)
	}
}

func (p *pdfWriter) choices(c templates.Choices) {
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

func (p *pdfWriter) writingBox(b templates.WritingBox) {
	lh := lineHeight(sizeNormal)
	p.font("", sizeNormal)
	lines := p.wrap(b.Text, p.width-2*pad)
	h := b.Height
	if th := float64(len(lines))*lh + 2*pad; th > h {
		h = th
	}
	p.ensure(lh + 1 + h)
	y := p.f.GetY()
	p.font("B", sizeNormal)
	p.text(p.left(), y, p.width, []string{b.Label + "\u00a0:"}, lh, "L")
	y += lh + 0.5
	p.border()
	p.f.Rect(p.left(), y, p.width, h, "D")
	p.font("", sizeNormal)
	p.text(p.left()+pad, y+pad, p.width-2*pad, lines, lh, "L")
	p.f.SetY(y + h + 3)
}

func (p *pdfWriter) signatures(s templates.Signatures) {
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
			if s.Plain {
				p.font("B", sizeNormal)
				role := p.wrap(sg.Role, w)
				p.text(x, y, w, role, lineHeight(sizeNormal), "C")
				p.font("", sizeNormal)
				p.text(x, y+float64(len(role))*lineHeight(sizeNormal), w, p.wrap(sg.Name, w), lineHeight(sizeNormal), "C")
				continue
			}
			p.border()
			p.f.Rect(x, y, w, h, "D")
			p.font("B", sizeSmall)
			role := p.wrap(sg.Role, w-2*pad)
			p.text(x+pad, y+pad, w-2*pad, role, lh, "L")
			yy := y + pad + float64(len(role))*lh + 1.5
			p.font("", sizeSmall)
			for _, f := range [][2]string{{"Nom\u00a0: ", sg.Name}, {"Date\u00a0: ", sg.Date}} {
				p.text(x+pad, yy, w-2*pad, []string{f[0] + f[1]}, lh, "L")
				// A dotted line to write on, after the label.
				lx := x + pad + p.f.GetStringWidth(f[0])
				p.f.SetDrawColor(150, 150, 150)
				p.f.SetLineWidth(0.15)
				p.f.SetDashPattern([]float64{0.6, 0.8}, 0)
				p.f.Line(lx, yy+lh, x+w-pad, yy+lh)
				p.f.SetDashPattern(nil, 0)
				yy += lh + 3
			}
			p.text(x+pad, yy, w-2*pad, []string{"Signature\u00a0:"}, lh, "L")
		}
		p.f.SetY(y + h + gap)
	}
}

// verification draws the QR code of the verification address with the
// document number and the code in clear beside it.
func (p *pdfWriter) verification(v templates.Verification) {
	const side = 28.0
	png, err := qrPNG(v.URL)
	if err != nil {
		p.f.SetErrorf("render pdf: qr code: %v", err)
		return
	}
	p.ensure(side + 2)
	x, y := p.left(), p.f.GetY()+1
	opt := fpdf.ImageOptions{ImageType: "PNG"}
	p.f.RegisterImageOptionsReader("qr", opt, bytes.NewReader(png))
	p.f.ImageOptions("qr", x, y, side, side, false, opt, 0, "")
	tx, tw := x+side+3, p.width-side-3
	lh := lineHeight(sizeSmall - 1)
	p.font("B", sizeSmall)
	p.text(tx, y+1, tw, []string{"Document n°\u00a0" + v.Numero + " – vérifiable en ligne"}, lineHeight(sizeSmall), "L")
	p.font("", sizeSmall-1)
	lines := append(p.wrap("Scannez le QR code, ou ouvrez l’adresse ci-dessous, pour vérifier que ce document est authentique et ce qu’il certifie\u00a0:", tw), p.wrapChars(v.URL, tw)...)
	p.text(tx, y+1+lineHeight(sizeSmall), tw, lines, lh, "L")
	p.f.SetY(y + side + 2)
}

// wrapChars cuts text without spaces (a code, an address) into lines.
func (p *pdfWriter) wrapChars(text string, w float64) []string {
	var lines []string
	r := []rune(text)
	for len(r) > 0 {
		n := len(r)
		for n > 1 && p.f.GetStringWidth(string(r[:n])) > w {
			n--
		}
		lines = append(lines, string(r[:n]))
		r = r[n:]
	}
	return lines
}

// hyphenSplit fits the start of a hyphenated word (up to a hyphen) at the
// end of line, when the whole word does not fit: "LAMOTHE-" here, "CASTELNAU"
// on the next line.
func (p *pdfWriter) hyphenSplit(line, word string, w float64) (string, string, bool) {
	best := -1
	for i, r := range word {
		if r != '-' || i == 0 || i == len(word)-1 {
			continue
		}
		head := word[:i+1]
		if line != "" {
			head = line + " " + head
		}
		if p.f.GetStringWidth(head) > w {
			break
		}
		best = i
	}
	if best < 0 {
		return "", "", false
	}
	head := word[:best+1]
	if line != "" {
		head = line + " " + head
	}
	return head, word[best+1:], true
}

// wrap breaks text into lines no wider than w in the current font. It breaks
// only at ordinary spaces and new lines: the no-break spaces of French
// typography (U+00A0, U+202F) keep "critère :" together.
func (p *pdfWriter) wrap(text string, w float64) []string {
	var lines []string
	for _, para := range strings.Split(text, "\n") {
		words := strings.Split(para, " ")
		line := ""
		for _, word := range words {
			if word == "" {
				continue
			}
			candidate := word
			if line != "" {
				candidate = line + " " + word
			}
			if p.f.GetStringWidth(candidate) <= w {
				line = candidate
				continue
			}
			if head, tail, ok := p.hyphenSplit(line, word, w); ok {
				lines = append(lines, head)
				line, word = "", tail
				if p.f.GetStringWidth(word) <= w {
					line = word
					continue
				}
			}
			if line != "" {
				lines = append(lines, line)
			}
			// A word wider than the line breaks after a hyphen if it can,
			// else between characters.
			for p.f.GetStringWidth(word) > w {
				r := []rune(word)
				n := len(r) - 1
				for n > 1 && (r[n-1] != '-' || p.f.GetStringWidth(string(r[:n])) > w) {
					n--
				}
				if n <= 1 {
					n = len(r) - 1
					for n > 1 && p.f.GetStringWidth(string(r[:n])) > w {
						n--
					}
				}
				lines = append(lines, string(r[:n]))
				word = string(r[n:])
			}
			line = word
		}
		lines = append(lines, line)
	}
	return lines
}
