package generator

import (
	"fmt"
	"io"
	"strconv"
	"strings"
	"sync"

	"codeberg.org/go-pdf/fpdf"

	"certidoc/documents"
	"certidoc/generator/fonts"
)

// The embedded font: Certidoc Sans is the whole of Liberation Sans, renamed
// (package fonts). Two styles only.
const fontFamily = "CertidocSans"

// parsedFonts are the two styles parsed once per process and shared by
// every document, with the subsets cut for them (the patched fpdf in
// third_party/fpdf keeps them, by set of characters).
var parsedFonts = sync.OnceValues(func() ([2]*fpdf.UTF8Font, error) {
	var out [2]*fpdf.UTF8Font
	for i, b := range [2][]byte{fonts.Regular, fonts.Bold} {
		font, err := fpdf.ParseUTF8Font(b)
		if err != nil {
			return out, fmt.Errorf("render pdf: %w", err)
		}
		out[i] = font
	}
	return out, nil
})

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
	// the préparatoire band
	colorBand     = [3]int{253, 236, 206}
	colorBandLine = [3]int{196, 120, 20}
	colorStamp    = [3]int{150, 150, 150}
)

// PDF writes the document as an A4 PDF to w.
func PDF(w io.Writer, d documents.Document, opt Options) error {
	return writePDF(w, d, opt, addParsedFonts)
}

// addParsedFonts gives the document the fonts parsed once per process.
func addParsedFonts(f *fpdf.Fpdf) error {
	parsed, err := parsedFonts()
	if err != nil {
		return err
	}
	f.AddUTF8FontParsed(fontFamily, "", parsed[0])
	f.AddUTF8FontParsed(fontFamily, "B", parsed[1])
	return nil
}

// writePDF writes the document with the fonts addFonts gives it (a test
// gives them the way upstream fpdf does, to compare the bytes).
func writePDF(w io.Writer, d documents.Document, opt Options, addFonts func(*fpdf.Fpdf) error) error {
	p, _, err := layout(d, opt, addFonts, false)
	if err != nil {
		return err
	}
	if err := p.f.Output(w); err != nil {
		return fmt.Errorf("render pdf %s: %w", d.Name, err)
	}
	return nil
}

// layout lays the document out as its PDF, and gives the offset of a
// centred body: the DOCX follows the same layout (page breaks, offset).
// With measure, the text, the images and the footers are not drawn: what
// is laid out is only measured (the DOCX needs its page breaks, not its
// PDF), which saves much of a DOCX's layout time (bench/RESULTS.md).
func layout(d documents.Document, opt Options, addFonts func(*fpdf.Fpdf) error, measure bool) (*pdfWriter, float64, error) {
	d = printable(d)
	offset := 0.0
	if d.Centered {
		// Lay the body out once to measure it, then again moved down by
		// half the room left on its page.
		p, err := layoutPDF(d, opt, 0, addFonts, true)
		if err != nil {
			return nil, 0, err
		}
		if p.f.Error() == nil && p.f.PageNo() == 1 {
			offset = max(0, (p.bottom()-p.f.GetY())/2)
		}
	}
	p, err := layoutPDF(d, opt, offset, addFonts, measure)
	return p, offset, err
}

// layoutPDF lays the document's blocks out on new pages, the body starting
// offset millimetres below the top margin.
func layoutPDF(d documents.Document, opt Options, offset float64, addFonts func(*fpdf.Fpdf) error, measure bool) (*pdfWriter, error) {
	orientation := "P"
	if d.Landscape {
		orientation = "L"
	}
	f := fpdf.NewCustom(&fpdf.InitType{OrientationStr: orientation, UnitStr: "mm", SizeStr: "A4"})
	f.SetCompression(true)
	f.SetNoPageContent(measure)
	f.SetCatalogSort(true)
	f.SetCreationDate(opt.Now)
	f.SetModificationDate(opt.Now)
	f.SetTitle(clean(d.Title), true)
	f.SetSubject(clean(d.Subject), true)
	f.SetAuthor(clean(d.Author), true)
	f.SetCreator("certidoc", true)
	f.SetLang("fr-FR")
	if err := addFonts(f); err != nil {
		return nil, err
	}
	f.SetMargins(documents.MarginLeft, documents.MarginTop, documents.MarginRight)
	f.SetAutoPageBreak(false, documents.MarginBottom)
	f.SetCellMargin(0)
	f.AliasNbPages("{nb}")

	p := &pdfWriter{f: f, d: d, opt: opt, width: d.ContentWidth(), breaks: map[int]bool{}, measure: measure}
	_, p.pageH = f.GetPageSize()
	f.SetHeaderFunc(p.pageHeader)
	f.SetFooterFunc(p.footer)
	f.AddPage()
	f.SetY(p.bodyTop() + offset)
	p.blocks(d.Blocks)
	return p, nil
}

// blocks lays out a sequence of blocks: a heading is kept with the start of
// what follows it, a table that asks for it with the whole next block.
func (p *pdfWriter) blocks(bs []documents.Block) {
	for i, b := range bs {
		var next documents.Block
		if i+1 < len(bs) {
			next = bs[i+1]
		}
		p.nextUnit()
		switch b := b.(type) {
		case documents.Heading:
			p.heading(b, p.leadHeight(next))
		case documents.Table:
			if b.KeepWithNext && next != nil {
				p.keepNext = p.height(next)
			}
			p.table(b)
			p.keepNext = 0
		default:
			p.block(b)
		}
		if p.f.Err() {
			return
		}
	}
}

// pdfWriter lays out a document's blocks on the pages of f.
type pdfWriter struct {
	f     *fpdf.Fpdf
	d     documents.Document
	opt   Options
	width float64
	pageH float64
	// header redraws a table's header row after a page break.
	header func()
	// keepNext is the height the last row of the table being drawn must
	// share its page with.
	keepNext float64
	// Where the pages break, for the DOCX to break at the same places:
	// every block and every table row is a unit, numbered in the order
	// they are laid out; breaks holds the units that start a page.
	unit     int
	unitY    float64
	unitPage int
	breaks   map[int]bool
	// measure lays out without drawing text, images or footers: for the
	// page breaks alone.
	measure bool
	// addresses are the address blocks as printed, in order: the DOCX
	// prints them the same.
	addresses []fittedAddress
}

// nextUnit starts the next block or table row.
func (p *pdfWriter) nextUnit() {
	p.unit++
	p.unitY, p.unitPage = p.f.GetY(), p.f.PageNo()
}

func (p *pdfWriter) left() float64 { return documents.MarginLeft }

func (p *pdfWriter) bottom() float64 { return p.pageH - documents.MarginBottom - p.footerLift() }

// footerLift is how far a certificate's footer moves up to leave the
// certifier's footer line room inside the frame.
func (p *pdfWriter) footerLift() float64 {
	if p.d.Frame && p.habillage().PiedDePage != "" {
		return 2.5
	}
	return 0
}

// ensure starts a new page unless h millimetres still fit on this one.
func (p *pdfWriter) ensure(h float64) {
	if p.f.GetY()+h <= p.bottom() {
		return
	}
	if p.f.PageNo() == p.unitPage && p.f.GetY() == p.unitY {
		p.breaks[p.unit] = true // nothing of the unit drawn yet
	}
	p.f.AddPage()
	if p.header != nil {
		p.header()
	}
}

// bodyHeight is the height between the top and bottom margins.
func (p *pdfWriter) bodyHeight() float64 { return p.bottom() - documents.MarginTop }

// pageHeader prints the band and the running head of every page, above the
// top margin, and puts the cursor at the top of the body.
func (p *pdfWriter) pageHeader() {
	f := p.f
	y := 5.0
	// The logo on the left of the top margin; the band and the running
	// head beside it.
	shift := p.logoHeader()
	left, width := p.left()+shift, p.width-shift
	if p.d.Band != "" {
		p.fill(colorBand)
		f.SetDrawColor(colorBandLine[0], colorBandLine[1], colorBandLine[2])
		f.SetLineWidth(0.3)
		f.Rect(left, y, width, 5.5, "FD")
		p.font("B", sizeNormal)
		p.text(left, y+0.4, width, []string{p.d.Band}, 4.7, "C")
		y += 6
	}
	if p.d.RunningHead != "" {
		p.font("", sizeSmall)
		p.color(colorMuted)
		// Two lines at most: a very long name takes the second.
		lines := p.wrap(p.d.RunningHead, width)
		lines = lines[:min(len(lines), 2)]
		if len(lines) == 2 && p.d.Band == "" {
			y -= 1.5
		}
		p.text(left, y+0.5, width, lines, lineHeight(sizeSmall-0.5), "L")
		f.SetTextColor(0, 0, 0)
	}
	f.SetXY(p.left(), p.bodyTop())
}

func (p *pdfWriter) footer() {
	if p.measure {
		return
	}
	f := p.f
	p.specimen()
	if p.d.Frame {
		pw, ph := f.GetPageSize()
		p.ruleColor([3]int{40, 60, 95})
		f.SetLineWidth(0.8)
		f.Rect(8, 8, pw-16, ph-16, "D")
		f.SetLineWidth(0.25)
		f.Rect(10, 10, pw-20, ph-20, "D")
	}
	y := p.pageH - 12
	if p.d.Frame {
		y = p.pageH - 16 - p.footerLift() // inside the frame
	}
	pied, piedW, piedAlign := p.habillage().PiedDePage, p.width, "C"
	if p.d.Initials != "" {
		p.font("", 7.5)
		p.color(colorMuted)
		label := clean(p.d.Initials)
		lw := f.GetStringWidth(label)
		bx := p.left() + p.width/2 + 10
		f.SetXY(bx-lw-2, y+0.6)
		f.CellFormat(lw, 4, label, "", 0, "L", false, 0, "")
		// The box lies under the footer's rule, clear of it.
		f.SetDrawColor(120, 120, 120)
		f.SetLineWidth(0.2)
		f.Rect(bx, y-0.8, 22, 6.8, "D")
		f.SetTextColor(0, 0, 0)
		// the certifier's line keeps left of the initials' label
		piedW, piedAlign = bx-lw-5-p.left(), "L"
	}
	p.ruleColor([3]int{160, 160, 160})
	f.SetLineWidth(0.2)
	f.Line(p.left(), y-1.5, p.left()+p.width, y-1.5)
	if pied != "" {
		// the certifier's footer line, under the footer, smaller when it
		// would not hold in its room
		size := 7.0
		for p.font("", size); size > 5 && f.GetStringWidth(clean(pied)) > piedW; p.font("", size) {
			size -= 0.5
		}
		p.color(colorMuted)
		f.SetXY(p.left(), y+3.6)
		f.CellFormat(piedW, 3.5, clean(pied), "", 0, piedAlign, false, 0, "")
	}
	p.font("", 7.5)
	p.color(colorMuted)
	f.SetXY(p.left(), y)
	f.CellFormat(p.width-30, 4, clean(p.d.Footer), "", 0, "L", false, 0, "")
	// The total is an alias replaced when the file is closed: the text is
	// placed from a fixed left edge, since its final width is not known.
	if p.d.Pagination != "" {
		f.SetXY(p.left()+p.width-22, y)
		f.CellFormat(22, 4, clean(strings.NewReplacer("{page}", strconv.Itoa(f.PageNo()), "{pages}", "{nb}").Replace(p.d.Pagination)), "", 0, "L", false, 0, "")
	}
	f.SetTextColor(0, 0, 0)
}

func (p *pdfWriter) block(b documents.Block) {
	switch b := b.(type) {
	case documents.Heading:
		p.heading(b, 0)
	case documents.Paragraph:
		p.paragraph(b)
	case documents.List:
		p.list(b)
	case documents.Facts:
		p.facts(b)
	case documents.Fields:
		p.fields(b)
	case documents.Table:
		p.table(b)
	case documents.Choices:
		p.choices(b)
	case documents.WritingBox:
		p.writingBox(b)
	case documents.Signatures:
		p.signatures(b)
	case documents.Spacer:
		p.f.SetY(p.f.GetY() + b.Height)
	case documents.PageBreak:
		p.f.AddPage()
	case documents.Keep:
		if h := p.height(b); h <= p.bodyHeight() {
			p.ensure(h)
		}
		p.blocks(b.Blocks)
	case documents.Verification:
		p.verification(b)
	case documents.Address:
		p.address(b)
	default:
		p.f.SetErrorf("render pdf: unknown block %T", b)
	}
}
