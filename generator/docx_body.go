package generator

import (
	"bufio"
	"fmt"
	"io"
	"strconv"
	"strings"

	"certidoc/documents"
)

const (
	twipsPerMM = 1440 / 25.4
	docxNS     = `xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"`
	checkOn    = "☒"
	checkOff   = "☐"
	// The font Word itself uses for check boxes; LibreOffice substitutes
	// one that has the glyphs.
	checkFont = "MS Gothic"
)

// docxWriter writes the body of word/document.xml from a document's blocks.
type docxWriter struct {
	w     *bufio.Writer
	scale float64 // twips per millimetre of the document's layout
	width float64 // the layout's content width in millimetres
	qr    string  // the drawing of the QR code image, when there is one
	imgs  *docxImages
	// accent is the run property of titles in the certifier's colour, ""
	// for black.
	accent string
	// keep makes every paragraph written keep with the next one: the
	// blocks of a Keep group, a table's last row kept with what follows.
	keep bool
	// breaks are the units (blocks and table rows, numbered in order)
	// that start a page in the PDF; unit counts them as they are written.
	breaks map[int]bool
	unit   int
	// scratch holds a text being escaped (see text).
	scratch []byte
	// addresses are the address blocks as the PDF prints them, in order.
	addresses []fittedAddress
}

// nextUnit counts a block or a table row, and tells whether the PDF starts
// a page with it.
func (x *docxWriter) nextUnit() bool {
	x.unit++
	return x.breaks[x.unit]
}

// pageBreak writes a paragraph one point high that starts a new page.
func (x *docxWriter) pageBreak() {
	x.s(`<w:p><w:pPr>` + x.keepXML() + `<w:pageBreakBefore/><w:spacing w:before="0" w:after="0" w:line="20" w:lineRule="exact"/><w:rPr><w:sz w:val="2"/></w:rPr></w:pPr></w:p>`)
}

func writeDocumentXML(out io.Writer, d documents.Document, sect section, hasQR bool, top float64, breaks map[int]bool, imgs *docxImages, addresses []fittedAddress) error {
	bw := bufio.NewWriter(out)
	// The layout is in millimetres for A4 with 15 mm margins; a template
	// with other margins gets the same proportions.
	x := &docxWriter{w: bw, scale: sect.contentWidth(d.Landscape) / d.ContentWidth(), width: d.ContentWidth(), breaks: breaks, imgs: imgs, addresses: addresses}
	if imgs.accent != "" {
		x.accent = `<w:color w:val="` + imgs.accent + `"/>`
	}
	if hasQR {
		const emu = 28 * 36000 // 28 mm
		x.qr = fmt.Sprintf(`<w:drawing><wp:inline distT="0" distB="0" distL="0" distR="0"><wp:extent cx="%d" cy="%d"/><wp:docPr id="1" name="QR code"/>`+
			`<a:graphic xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture">`+
			`<pic:pic xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture"><pic:nvPicPr><pic:cNvPr id="0" name="certidoc-qr.png"/><pic:cNvPicPr/></pic:nvPicPr>`+
			`<pic:blipFill><a:blip r:embed="%s"/><a:stretch><a:fillRect/></a:stretch></pic:blipFill>`+
			`<pic:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="%d" cy="%d"/></a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom></pic:spPr></pic:pic></a:graphicData></a:graphic></wp:inline></w:drawing>`,
			emu, emu, qrRelID, emu, emu)
	}
	x.s(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n")
	x.s(`<w:document ` + docxNS + `><w:body>`)
	if lg := imgs.logoBody; lg != nil {
		// a certificate's logo, centred at the top inside its frame
		w, _ := lg.Size()
		pw := documents.PageWidth
		if d.Landscape {
			pw = documents.PageHeight
		}
		x.s(`<w:p><w:pPr><w:spacing w:before="0" w:after="0" w:line="20" w:lineRule="exact"/><w:rPr><w:sz w:val="2"/></w:rPr></w:pPr><w:r>` +
			imgs.drawing(lg, true, "page", (pw-w)/2, "page", logoFramedTop) + `</w:r></w:p>`)
	}
	if top > 0 {
		x.block(documents.Spacer{Height: top}, true)
	}
	x.blocks(d.Blocks)
	// Word needs a paragraph after a last table: one point high, so that
	// it never makes a page of its own.
	x.s(`<w:p><w:pPr><w:spacing w:before="0" w:after="0" w:line="20" w:lineRule="exact"/><w:rPr><w:sz w:val="2"/></w:rPr></w:pPr></w:p>`)
	x.s(strings.ReplaceAll(sect.xmlFor(d), `w:color="283C5F"`, `w:color="`+imgs.frame+`"`))
	x.s(`</w:body></w:document>`)
	return bw.Flush()
}

func (x *docxWriter) s(s string)                   { x.w.WriteString(s) }
func (x *docxWriter) f(format string, args ...any) { fmt.Fprintf(x.w, format, args...) }
func (x *docxWriter) tw(mm float64) int            { return int(mm*x.scale + 0.5) }

// n writes an integer (what x.f("%d") writes, without fmt).
func (x *docxWriter) n(i int) {
	x.scratch = strconv.AppendInt(x.scratch[:0], int64(i), 10)
	x.w.Write(x.scratch)
}

// text writes s escaped for XML, through a buffer kept for the document.
func (x *docxWriter) text(s string) {
	x.scratch = appendXML(x.scratch[:0], s)
	x.w.Write(x.scratch)
}

// run writes text as runs: new lines become breaks, tabs become tabs.
func (x *docxWriter) run(text string, rpr string) {
	if !strings.ContainsAny(text, "\n\t") {
		x.runPart(text, rpr) // most texts: one run
		return
	}
	first := true
	for line := range strings.SplitSeq(text, "\n") {
		if !first {
			x.s(`<w:r><w:br/></w:r>`)
		}
		first = false
		firstPart := true
		for part := range strings.SplitSeq(line, "\t") {
			if !firstPart {
				x.s(`<w:r><w:tab/></w:r>`)
			}
			firstPart = false
			x.runPart(part, rpr)
		}
	}
}

// runPart writes a run of text without line breaks or tabs; nothing for "".
func (x *docxWriter) runPart(part, rpr string) {
	if part == "" {
		return
	}
	x.s(`<w:r>`)
	if rpr != "" {
		x.s(`<w:rPr>`)
		x.s(rpr)
		x.s(`</w:rPr>`)
	}
	x.s(`<w:t xml:space="preserve">`)
	x.text(part)
	x.s(`</w:t></w:r>`)
}

// blocks writes a sequence of blocks; a table that asks for it keeps its
// last row with the next block.
func (x *docxWriter) blocks(bs []documents.Block) {
	for i, b := range bs {
		if x.nextUnit() {
			x.pageBreak()
		}
		x.block(b, i+1 < len(bs))
	}
}

// para writes one paragraph with a style, extra paragraph properties and text.
func (x *docxWriter) para(style, ppr, text, rpr string) {
	x.s(`<w:p><w:pPr>`)
	if style != "" {
		x.s(`<w:pStyle w:val="`)
		x.s(style)
		x.s(`"/>`)
	}
	if x.keep && !strings.HasPrefix(ppr, `<w:keepNext/>`) {
		x.s(`<w:keepNext/>`) // keepNext follows pStyle in pPr
	}
	x.s(ppr)
	x.s(`</w:pPr>`)
	x.run(text, rpr)
	x.s(`</w:p>`)
}

func jc(a documents.Align) string {
	switch a {
	case documents.Center:
		return `<w:jc w:val="center"/>`
	case documents.Right:
		return `<w:jc w:val="right"/>`
	case documents.Justify:
		return `<w:jc w:val="both"/>`
	}
	return ""
}

func (x *docxWriter) block(b documents.Block, hasNext bool) {
	switch b := b.(type) {
	case documents.Heading:
		style := "Heading2"
		if b.Level <= 1 {
			style = "Title"
		}
		x.para(style, `<w:keepNext/>`, b.Text, x.accent)
	case documents.Paragraph:
		style := map[documents.Style]string{documents.Small: "Petit", documents.Note: "Note", documents.Large: "Grand", documents.Display: "Affichage"}[b.Style]
		rpr := ""
		switch b.Style {
		case documents.Strong:
			rpr = "<w:b/>"
		case documents.Display:
			rpr = x.accent
		}
		x.para(style, jc(b.Align), b.Text, rpr)
	case documents.List:
		x.list(b)
	case documents.Facts:
		x.facts(b)
	case documents.Fields:
		x.fields(b)
	case documents.Table:
		x.table(b)
	case documents.Choices:
		x.choices(b)
	case documents.WritingBox:
		x.writingBox(b)
	case documents.Signatures:
		x.signatures(b)
	case documents.Spacer:
		x.f(`<w:p><w:pPr>%s<w:spacing w:before="0" w:after="0" w:line="%d" w:lineRule="exact"/></w:pPr></w:p>`, x.keepXML(), max(x.tw(b.Height), 20))
	case documents.Keep:
		// Every paragraph of the group keeps with the next, but the last
		// block's, which keeps with nothing.
		was := x.keep
		for i, inner := range b.Blocks {
			x.keep = was || i+1 < len(b.Blocks)
			if x.nextUnit() {
				x.pageBreak()
			}
			x.block(inner, hasNext || i+1 < len(b.Blocks))
		}
		x.keep = was
	case documents.PageBreak:
		x.s(`<w:p><w:r><w:br w:type="page"/></w:r></w:p>`)
	case documents.Verification:
		x.verification(b)
	case documents.Address:
		x.address(b)
	}
}

// keepXML is the keepNext property while paragraphs keep with the next.
func (x *docxWriter) keepXML() string {
	if x.keep {
		return `<w:keepNext/>`
	}
	return ""
}

func (x *docxWriter) list(l documents.List) {
	rpr := ""
	if !l.Small {
		rpr = `<w:sz w:val="19"/><w:szCs w:val="19"/>`
	}
	for _, item := range l.Items {
		if numbered(item) {
			x.para("Liste", `<w:ind w:left="680" w:hanging="0"/>`, item, rpr)
			continue
		}
		x.para("Liste", "", "•\t"+item, rpr)
	}
}

// tableStart opens a table with fixed column widths (millimetres).
func (x *docxWriter) tableStart(widths []float64, borders bool) {
	total := 0
	for _, w := range widths {
		total += x.tw(w)
	}
	x.s(`<w:tbl><w:tblPr>`)
	if borders {
		x.s(`<w:tblStyle w:val="Grille"/>`)
	} else {
		x.s(`<w:tblBorders><w:top w:val="nil"/><w:left w:val="nil"/><w:bottom w:val="nil"/><w:right w:val="nil"/><w:insideH w:val="nil"/><w:insideV w:val="nil"/></w:tblBorders>`)
	}
	x.f(`<w:tblW w:w="%d" w:type="dxa"/><w:tblLayout w:type="fixed"/><w:tblLook w:val="0000"/></w:tblPr><w:tblGrid>`, total)
	for _, w := range widths {
		x.f(`<w:gridCol w:w="%d"/>`, x.tw(w))
	}
	x.s(`</w:tblGrid>`)
}

// rowStart opens a row that never splits across pages.
func (x *docxWriter) rowStart(header bool, minHeight float64) {
	x.s(`<w:tr><w:trPr><w:cantSplit/>`)
	if minHeight > 0 {
		x.f(`<w:trHeight w:val="%d" w:hRule="atLeast"/>`, x.tw(minHeight))
	}
	if header {
		x.s(`<w:tblHeader/>`)
	}
	x.s(`</w:trPr>`)
}

// cellStart opens a cell; fill is a hex colour or "".
func (x *docxWriter) cellStart(width float64, span int, fill string, vcenter bool) {
	x.cell(width, span, fill, vcenter, false)
}

// cell opens a cell, framed on its own when framed is true.
func (x *docxWriter) cell(width float64, span int, fill string, vcenter, framed bool) {
	x.s(`<w:tc><w:tcPr><w:tcW w:w="`)
	x.n(x.tw(width))
	x.s(`" w:type="dxa"/>`)
	if span > 1 {
		x.s(`<w:gridSpan w:val="`)
		x.n(span)
		x.s(`"/>`)
	}
	if framed {
		x.s(`<w:tcBorders><w:top w:val="single" w:sz="4" w:color="5A5A5A"/><w:left w:val="single" w:sz="4" w:color="5A5A5A"/><w:bottom w:val="single" w:sz="4" w:color="5A5A5A"/><w:right w:val="single" w:sz="4" w:color="5A5A5A"/></w:tcBorders>`)
	}
	if fill != "" {
		x.s(`<w:shd w:val="clear" w:color="auto" w:fill="`)
		x.s(fill)
		x.s(`"/>`)
	}
	if vcenter {
		x.s(`<w:vAlign w:val="center"/>`)
	}
	x.s(`</w:tcPr>`)
}

func (x *docxWriter) checkBox(checked bool) string {
	mark := checkOff
	if checked {
		mark = checkOn
	}
	return mark
}

const (
	fillHeader = "DEE4EC"
	fillGroup  = "F1F3F6"
)

func (x *docxWriter) table(t documents.Table) {
	widths := make([]float64, len(t.Columns))
	for i, c := range t.Columns {
		widths[i] = c.Width
	}
	style := "TexteTableau"
	if t.Small {
		style = "TexteTableauPetit"
	}
	open := func() {
		x.tableStart(widths, true)
		x.rowStart(true, 0)
		for _, c := range t.Columns {
			x.cellStart(c.Width, 1, fillHeader, false)
			align := ""
			if c.Check {
				align = `<w:jc w:val="center"/>`
			}
			x.para("TexteTableauPetit", `<w:keepNext/>`+align, c.Header, "<w:b/>")
			x.s(`</w:tc>`)
		}
		x.s(`</w:tr>`)
	}
	open()
	total := 0.0
	for _, w := range widths {
		total += w
	}
	was := x.keep
	defer func() { x.keep = was }()
	for i, r := range t.Rows {
		if x.nextUnit() && i > 0 {
			// The PDF starts a page with this row: so does the DOCX,
			// with the table's header again.
			x.s(`</w:tbl>`)
			x.pageBreak()
			open()
		}
		x.keep = was || (t.KeepWithNext && i == len(t.Rows)-1)
		x.rowStart(false, r.MinHeight)
		if r.Group {
			x.cellStart(total, len(t.Columns), fillGroup, false)
			for _, c := range r.Cells {
				rpr := ""
				if c.Bold {
					rpr = "<w:b/>"
				}
				// keepNext keeps a group's title with its first row.
				x.para("TexteTableauPetit", `<w:keepNext/>`, c.Text, rpr)
			}
			x.s(`</w:tc></w:tr>`)
			continue
		}
		for i, col := range t.Columns {
			var c documents.Cell
			if i < len(r.Cells) {
				c = r.Cells[i]
			}
			x.cellStart(col.Width, 1, "", col.Check)
			if col.Check {
				x.para(style, `<w:jc w:val="center"/>`, x.checkBox(c.Checked), `<w:rFonts w:ascii="`+checkFont+`" w:hAnsi="`+checkFont+`" w:eastAsia="`+checkFont+`"/><w:sz w:val="24"/>`)
			} else {
				rpr := ""
				if c.Bold {
					rpr = "<w:b/>"
				}
				size := 19 // TexteTableau
				if t.Small {
					size = 16 // TexteTableauPetit
				}
				x.para(style, "", c.Text, rpr+x.fitRPr(c.Text, col.Width, size, c.Bold))
			}
			x.s(`</w:tc>`)
		}
		x.s(`</w:tr>`)
	}
	x.s(`</w:tbl>`)
	x.keep = was || t.KeepWithNext
	x.para("", `<w:spacing w:after="0"/>`, "", "")
}

// facts writes a table of labels and values whose rows keep together: no
// totals row alone on a page.
func (x *docxWriter) facts(fs documents.Facts) {
	const label = 38.0
	total := x.width
	x.tableStart([]float64{label, total - label}, true)
	was := x.keep
	defer func() { x.keep = was }()
	for i, r := range fs.Rows {
		x.keep = was || i+1 < len(fs.Rows)
		x.rowStart(false, 0)
		x.cellStart(label, 1, fillGroup, false)
		x.para("TexteTableau", "", r.Label, "<w:b/>"+x.fitRPr(r.Label, label, 19, true))
		x.s(`</w:tc>`)
		x.cellStart(total-label, 1, "", false)
		x.para("TexteTableau", "", r.Value, x.fitRPr(r.Value, total-label, 19, false))
		x.s(`</w:tc></w:tr>`)
	}
	x.s(`</w:tbl>`)
	x.keep = was
	x.para("", `<w:spacing w:after="0"/>`, "", "")
}

func (x *docxWriter) fields(fs documents.Fields) {
	total := 0.0
	for _, it := range fs.Items {
		total += it.Width
	}
	widths := make([]float64, len(fs.Items))
	for i, it := range fs.Items {
		widths[i] = x.width * it.Width / total
	}
	x.tableStart(widths, true)
	x.rowStart(false, 12)
	for i, it := range fs.Items {
		x.cellStart(widths[i], 1, "", false)
		x.para("TexteTableauPetit", "", it.Label, `<w:color w:val="5A5A5A"/>`)
		x.para("TexteTableau", "", it.Value, x.fitRPr(it.Value, widths[i], 19, false))
		x.s(`</w:tc>`)
	}
	x.s(`</w:tr></w:tbl>`)
	x.para("", `<w:spacing w:after="0"/>`, "", "")
}

func (x *docxWriter) choices(c documents.Choices) {
	x.s(`<w:p><w:pPr>` + x.keepXML() + `<w:spacing w:before="80"/></w:pPr>`)
	x.run(c.Label+" ", "<w:b/>")
	for i, o := range c.Options {
		x.run(x.checkBox(i == c.Selected), `<w:rFonts w:ascii="`+checkFont+`" w:hAnsi="`+checkFont+`" w:eastAsia="`+checkFont+`"/>`)
		x.run(" "+o+"    ", "")
	}
	x.s(`</w:p>`)
}

func (x *docxWriter) writingBox(b documents.WritingBox) {
	x.para("", `<w:keepNext/><w:spacing w:before="80" w:after="20"/>`, b.Label, "<w:b/>")
	x.tableStart([]float64{x.width}, true)
	x.rowStart(false, b.Height)
	x.cellStart(x.width, 1, "", false)
	x.para("TexteTableau", "", b.Text, "")
	x.s(`</w:tc></w:tr></w:tbl>`)
	x.para("", `<w:spacing w:after="0"/>`, "", "")
}

// verification writes the document number and the verification address;
// the QR code is drawn by docx.go's image part when there is one.
func (x *docxWriter) verification(v documents.Verification) {
	x.para("Petit", `<w:keepNext/><w:spacing w:before="120"/>`, v.Titre, "<w:b/>")
	if x.qr != "" {
		x.s(`<w:p><w:pPr><w:keepNext/></w:pPr><w:r>` + x.qr + `</w:r></w:p>`)
	}
	x.para("Petit", "", v.Consigne+"\n"+v.URL, "")
}
