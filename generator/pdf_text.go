package generator

import (
	"slices"
	"strings"
	"sync"

	"certidoc/documents"
)

// font selects the document's font in a style and size, unless fpdf has
// it selected already: fpdf's SetFont writes a font operator to the page
// each time and copied its font's description, a visible part of a DOCX's
// layout in profiles.
func (p *pdfWriter) font(style string, size float64) {
	if pt, _ := p.f.GetFontSize(); pt == size && p.f.GetFontStyle() == style && p.f.GetFontFamily() == fontFamilyKey {
		return
	}
	p.f.SetFont(fontFamilyKey, style, size)
}

// fontFamilyKey is fontFamily as fpdf keeps it.
var fontFamilyKey = strings.ToLower(fontFamily)

func lineHeight(size float64) float64 { return size * ptToMM * lineFactor }

func (p *pdfWriter) color(c [3]int) { p.f.SetTextColor(c[0], c[1], c[2]) }

// text draws wrapped lines from (x, y) within width w.
func (p *pdfWriter) text(x, y, w float64, lines []string, lh float64, align string) {
	if p.measure {
		return
	}
	for i, l := range lines {
		p.f.SetXY(x, y+float64(i)*lh)
		p.f.CellFormat(w, lh, clean(l), "", 0, align, false, 0, "")
	}
}

// clean makes one line of text safe for fpdf (see printableText) and drops
// its line breaks.
func clean(s string) string { return printableText(s, false) }

func (p *pdfWriter) heading(h documents.Heading, keep float64) {
	size, align, before := sizeH2, "L", 3.0
	if h.Level <= 1 {
		size, align, before = sizeH1, "C", 1.0
	}
	p.font("B", size)
	lh := lineHeight(size)
	lines := p.wrap(h.Text, p.width)
	p.ensure(before + float64(len(lines))*lh + 1 + keep)
	y := p.f.GetY() + before
	p.accentText()
	p.text(p.left(), y, p.width, lines, lh, align)
	p.f.SetTextColor(0, 0, 0)
	p.f.SetY(y + float64(len(lines))*lh + 1)
}

// paragraphFont is the font style and size of a paragraph style.
func paragraphFont(st documents.Style) (string, float64) {
	switch st {
	case documents.Small, documents.Note:
		return "", sizeSmall
	case documents.Strong:
		return "B", sizeNormal
	case documents.Large:
		return "B", sizeLarge
	case documents.Display:
		return "B", sizeDisplay
	}
	return "", sizeNormal
}

func (p *pdfWriter) paragraph(par documents.Paragraph) {
	style, size := paragraphFont(par.Style)
	switch par.Style {
	case documents.Note:
		p.color(colorMuted)
		defer p.f.SetTextColor(0, 0, 0)
	case documents.Display:
		p.accentText()
		defer p.f.SetTextColor(0, 0, 0)
	}
	p.font(style, size)
	lh := lineHeight(size)
	align := [...]string{documents.Left: "L", documents.Center: "C", documents.Right: "R", documents.Justify: "L"}[par.Align]
	for _, para := range strings.Split(par.Text, "\n") {
		lines := p.wrap(para, p.width)
		for i, l := range lines {
			p.ensure(lh)
			y := p.f.GetY()
			if par.Align == documents.Justify && i < len(lines)-1 {
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
	if p.measure {
		return
	}
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

func (p *pdfWriter) list(l documents.List) {
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

// wrapChars cuts text without spaces (a code, an address) into lines.
func (p *pdfWriter) wrapChars(text string, w float64) []string {
	var lines []string
	r := []rune(text)
	for len(r) > 0 {
		n := p.fit(r, w)
		lines = append(lines, string(r[:n]))
		r = r[n:]
	}
	return lines
}

// fit returns how many of the runes fit in width w (at least one), adding
// their widths one by one: linear in the text, whatever its length.
func (p *pdfWriter) fit(r []rune, w float64) int {
	total := 0.0
	for i, c := range r {
		total += p.f.GetStringWidth(string(c))
		if total > w {
			return max(i, 1)
		}
	}
	return len(r)
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
//
// The lines of a text are kept (see wrapCache): the référentiel's wording —
// compétences, criteria, headings — is wrapped the same way in every
// candidate's grid. The slice returned is shared: read it, reslice it, but
// do not write into it (its capacity is clipped, so an append copies).
func (p *pdfWriter) wrap(text string, w float64) []string {
	return kept(p, &wraps, text, w, func() []string { return slices.Clip(p.wrapText(text, w)) })
}

// kept returns what measure gives for text in width w in the current font,
// from c when it was measured before.
func kept[V any](p *pdfWriter, c *textCache[V], text string, w float64, measure func() V) V {
	if len(text) > maxWrapKept || p.f.Err() {
		// (a document in error measures every text as empty)
		return measure()
	}
	_, size := p.f.GetFontSize()
	k := wrapKey{text: text, width: w, style: p.f.GetFontStyle(), size: size}
	if v, ok := c.get(k); ok {
		return v
	}
	v := measure()
	k.text = strings.Clone(text) // not a slice of a larger text kept alive
	c.put(k, v)
	return v
}

// wrapText is wrap without the cache.
func (p *pdfWriter) wrapText(text string, w float64) []string {
	// Widths are sums of the characters' widths in font units (fpdf's
	// GetStringWidth is that sum times the size): the line's width grows
	// by each word's, instead of measuring the whole line again for every
	// word, and the line is joined once, when it is full.
	_, size := p.f.GetFontSize()
	fits := func(units int) bool { return float64(units)*size/1000 <= w }
	space := p.f.GetStringSymbolWidth(" ")
	var lines, words []string // words: those of the line being filled
	width := 0                // of the line being filled, in font units
	for para := range strings.SplitSeq(text, "\n") {
		words, width = words[:0], 0
		for word := range strings.SplitSeq(para, " ") {
			if word == "" {
				continue
			}
			ww := p.f.GetStringSymbolWidth(word)
			candidate := ww
			if len(words) > 0 {
				candidate = width + space + ww
			}
			if fits(candidate) {
				words, width = append(words, word), candidate
				continue
			}
			line := strings.Join(words, " ")
			words, width = words[:0], 0
			if head, tail, ok := p.hyphenSplit(line, word, w); ok {
				lines = append(lines, head)
				line, word = "", tail
				if tw := p.f.GetStringSymbolWidth(word); fits(tw) {
					words, width = append(words, word), tw
					continue
				}
			}
			if line != "" {
				lines = append(lines, line)
			}
			// A word wider than the line breaks after its last hyphen that
			// fits, else between characters. Each character is measured
			// once or twice: linear in the word's length.
			r := []rune(word)
			for {
				n := p.fit(r, w)
				if n == len(r) {
					break
				}
				for k := n; k > 1; k-- {
					if r[k-1] == '-' {
						n = k
						break
					}
				}
				lines = append(lines, string(r[:n]))
				r = r[n:]
			}
			if len(r) > 0 {
				rest := string(r)
				words, width = append(words, rest), p.f.GetStringSymbolWidth(rest)
			}
		}
		lines = append(lines, strings.Join(words, " "))
	}
	return lines
}

// maxWrapKept is the longest text whose lines are kept: a criterion or a
// short comment, not a page of text.
const maxWrapKept = 1 << 10

// wrapKey is a text and what its lines depend on: the width and the font's
// style and size (the family is always the document's font).
type wrapKey struct {
	text  string
	width float64
	style string
	size  float64
}

// wrapCache keeps the lines of the texts wrapped lately (textCache).
var wraps = textCache[[]string]{cur: map[wrapKey][]string{}}

// textCache keeps what was measured of the texts laid out lately, shared
// by every document the process makes: two generations of at most
// wrapGeneration texts each; a text found in the older one moves to the
// newer, and when the newer is full the older is dropped. What is used
// again stays; what is not (one candidate's comments) goes within two
// generations.
type textCache[V any] struct {
	mu       sync.Mutex
	cur, old map[wrapKey]V
}

const wrapGeneration = 1024

func (c *textCache[V]) get(k wrapKey) (V, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if v, ok := c.cur[k]; ok {
		return v, true
	}
	v, ok := c.old[k]
	if ok {
		c.putLocked(k, v)
	}
	return v, ok
}

func (c *textCache[V]) put(k wrapKey, v V) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.putLocked(k, v)
}

func (c *textCache[V]) putLocked(k wrapKey, v V) {
	if len(c.cur) >= wrapGeneration {
		c.old, c.cur = c.cur, make(map[wrapKey]V, wrapGeneration)
	}
	c.cur[k] = v
}
