package generator

import (
	"fmt"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// Word and LibreOffice break a line at spaces and after hyphens, and cut a
// word only when it is wider than its cell. So that a name is never cut in
// a DOCX table either, a cell whose longest word would not fit gets a
// smaller font, as the PDF does. Widths are estimated from the advance
// widths of Liberation Sans (Arial's metrics, in thousandths of an em),
// rounded up; bold is taken 8 % wider.
var advance = map[rune]int{
	'A': 667, 'B': 667, 'C': 722, 'D': 722, 'E': 667, 'F': 611, 'G': 778, 'H': 722, 'I': 278, 'J': 500,
	'K': 667, 'L': 556, 'M': 833, 'N': 722, 'O': 778, 'P': 667, 'Q': 778, 'R': 722, 'S': 667, 'T': 611,
	'U': 722, 'V': 667, 'W': 944, 'X': 667, 'Y': 667, 'Z': 611,
	'a': 556, 'b': 556, 'c': 500, 'd': 556, 'e': 556, 'f': 278, 'g': 556, 'h': 556, 'i': 222, 'j': 222,
	'k': 500, 'l': 222, 'm': 833, 'n': 556, 'o': 556, 'p': 556, 'q': 556, 'r': 333, 's': 500, 't': 278,
	'u': 556, 'v': 500, 'w': 722, 'x': 500, 'y': 500, 'z': 500,
	'Œ': 1000, 'œ': 944, 'Æ': 1000, 'æ': 889, 'ß': 611,
	'-': 333, '’': 222, '\'': 191, '.': 278, ',': 278, '(': 333, ')': 333, '/': 278, '°': 400,
	'\u00a0': 278, '\u202f': 278, ':': 278, ';': 278,
}

// runeUnits is the advance width of a character in thousandths of an em:
// from the table, else that of its base letter (é → e), else an average
// letter (digits, and anything else).
func runeUnits(r rune) int {
	if r < rune(len(advanceTable)) {
		return int(advanceTable[r])
	}
	return lookupUnits(r)
}

func lookupUnits(r rune) int {
	w, ok := advance[r]
	if ok {
		return w
	}
	base := []rune(norm.NFD.String(string(r)))[0] // é → e
	if w, ok = advance[base]; ok {
		return w
	}
	if unicode.IsUpper(base) {
		return 722
	}
	return 556
}

// advanceTable holds lookupUnits for the characters up to U+2FFF (Latin,
// Greek, Cyrillic, punctuation), computed once: decomposing each accented
// letter again on every cell showed in a grid's DOCX profile.
var advanceTable = func() []int16 {
	t := make([]int16, 0x3000)
	for r := range t {
		t[r] = int16(lookupUnits(rune(r)))
	}
	return t
}()

// unitsToTwips converts a width in thousandths of an em to twips at size
// half-points; bold is taken 8 % wider.
func unitsToTwips(units, halfPoints int, bold bool) float64 {
	if bold {
		units = units * 108 / 100
	}
	// units/1000 em × size in points × 20 twips a point
	return float64(units) / 1000 * float64(halfPoints) / 2 * 20
}

// docxMinHalfPoints is the smallest font a cell shrinks to (5 pt).
const docxMinHalfPoints = 10

// fitHalfPoints returns the font size, in half-points, at which the longest
// word of text fits in width twips: halfPoints when it already does. Words
// end at spaces, tabs and new lines, and after a hyphen.
func fitHalfPoints(text string, width float64, halfPoints int, bold bool) int {
	widest, units := 0, 0
	for _, r := range text {
		switch r {
		case ' ', '\n', '\t':
			widest, units = max(widest, units), 0
		case '-':
			widest, units = max(widest, units+runeUnits(r)), 0
		default:
			units += runeUnits(r)
		}
	}
	widest = max(widest, units)
	w := unitsToTwips(widest, halfPoints, bold)
	if w <= width {
		return halfPoints
	}
	return max(docxMinHalfPoints, int(float64(halfPoints)*width/w))
}

// cellMarginTwips is the left plus right margin of a table cell (85 twips
// each side in the base document's table style).
const cellMarginTwips = 170

// fitRPr returns run properties that make text fit, by its longest word,
// in a cell of width mm whose style's size is halfPoints: "" when it fits.
func (x *docxWriter) fitRPr(text string, widthMM float64, halfPoints int, bold bool) string {
	hp := fitHalfPoints(text, float64(x.tw(widthMM)-cellMarginTwips), halfPoints, bold)
	if hp == halfPoints {
		return ""
	}
	return fmt.Sprintf(`<w:sz w:val="%d"/><w:szCs w:val="%d"/>`, hp, hp)
}
