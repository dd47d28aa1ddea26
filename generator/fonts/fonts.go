package fonts

import (
	_ "embed"
	"encoding/binary"
	"errors"
	"fmt"
	"slices"
	"sync"
)

var (
	// Regular is Certidoc Sans Regular, a TrueType font.
	//go:embed CertidocSans-Regular.ttf
	Regular []byte
	// Bold is Certidoc Sans Bold, a TrueType font.
	//go:embed CertidocSans-Bold.ttf
	Bold []byte
)

// Replacement is the character free text shows in place of one the fonts
// lack: U+25A1 WHITE SQUARE "□", which both fonts have, so that the gap is
// visible on the page and in the text a reader extracts.
const Replacement = '\u25a1'

var (
	errNoCmap = errors.New("fonts: no Unicode cmap subtable")
	errShort  = errors.New("fonts: truncated table")
)

// repertoire is the set of characters both fonts map to a glyph, as sorted
// ranges [lo, hi].
type repertoire [][2]rune

// set is the repertoire without control characters, as a bit set over the
// Basic Multilingual Plane (8 KiB, one look-up per character) and ranges
// beyond it.
type set struct {
	bmp    [0x10000 / 64]uint64
	beyond repertoire
	count  int
}

var coverage = sync.OnceValue(func() *set {
	reg, err := parseCmap(Regular)
	if err != nil {
		panic(fmt.Sprintf("fonts: regular: %v", err)) // the embedded file is broken: a build fault
	}
	bold, err := parseCmap(Bold)
	if err != nil {
		panic(fmt.Sprintf("fonts: bold: %v", err))
	}
	s := &set{}
	for _, rg := range reg.intersect(bold) {
		for r := rg[0]; r <= rg[1]; r++ {
			switch {
			case r < 0x20 || (r >= 0x7f && r < 0xa0):
				continue
			case r > 0xffff:
				s.beyond.add(r, r)
			default:
				s.bmp[r/64] |= 1 << (r % 64)
			}
			s.count++
		}
	}
	return s
})

// Covers tells whether both the regular and the bold font have a glyph for
// r. Control characters are not covered, nor is anything beyond what the
// fonts map (emoji, CJK, characters beyond the Basic Multilingual Plane).
func Covers(r rune) bool {
	if r < 0 {
		return false
	}
	s := coverage()
	if r <= 0xffff {
		return s.bmp[r/64]&(1<<(r%64)) != 0
	}
	return s.beyond.has(r)
}

// Count is the number of characters Covers accepts.
func Count() int { return coverage().count }

func (rep repertoire) has(r rune) bool {
	i, _ := slices.BinarySearchFunc(rep, r, func(rg [2]rune, r rune) int {
		switch {
		case rg[1] < r:
			return -1
		case rg[0] > r:
			return 1
		}
		return 0
	})
	return i < len(rep) && rep[i][0] <= r && r <= rep[i][1]
}

func (rep repertoire) intersect(other repertoire) repertoire {
	var out repertoire
	i, j := 0, 0
	for i < len(rep) && j < len(other) {
		lo, hi := max(rep[i][0], other[j][0]), min(rep[i][1], other[j][1])
		if lo <= hi {
			out = append(out, [2]rune{lo, hi})
		}
		if rep[i][1] < other[j][1] {
			i++
		} else {
			j++
		}
	}
	return out
}

// add appends the characters lo…hi that map to a glyph other than 0
// (.notdef), merging adjacent ranges; calls come in increasing order.
func (rep *repertoire) add(lo, hi rune) {
	if n := len(*rep); n > 0 && (*rep)[n-1][1]+1 >= lo {
		(*rep)[n-1][1] = max((*rep)[n-1][1], hi)
		return
	}
	*rep = append(*rep, [2]rune{lo, hi})
}

// parseCmap reads the characters a TrueType font maps to a glyph from its
// Unicode cmap subtable (format 4 or 12).
func parseCmap(font []byte) (repertoire, error) {
	cmap, err := table(font, "cmap")
	if err != nil {
		return nil, err
	}
	if len(cmap) < 4 {
		return nil, errShort
	}
	n := int(binary.BigEndian.Uint16(cmap[2:]))
	best, bestFormat := -1, uint16(0)
	for i := range n {
		rec := cmap[4+8*i:]
		if len(rec) < 8 {
			return nil, errShort
		}
		platform, encoding := binary.BigEndian.Uint16(rec), binary.BigEndian.Uint16(rec[2:])
		off := int(binary.BigEndian.Uint32(rec[4:]))
		if off+2 > len(cmap) {
			return nil, errShort
		}
		format := binary.BigEndian.Uint16(cmap[off:])
		unicode := platform == 0 || (platform == 3 && (encoding == 1 || encoding == 10))
		if unicode && (format == 12 || (format == 4 && bestFormat != 12)) {
			best, bestFormat = off, format
		}
	}
	if best < 0 {
		return nil, errNoCmap
	}
	if bestFormat == 12 {
		return parseFormat12(cmap[best:])
	}
	return parseFormat4(cmap[best:])
}

func parseFormat4(t []byte) (repertoire, error) {
	if len(t) < 14 {
		return nil, errShort
	}
	segs := int(binary.BigEndian.Uint16(t[6:])) / 2
	ends, starts := 14, 14+2*segs+2
	deltas, offsets := starts+2*segs, starts+4*segs
	if offsets+2*segs > len(t) {
		return nil, errShort
	}
	u16 := func(at int) uint16 { return binary.BigEndian.Uint16(t[at:]) }
	var rep repertoire
	for s := range segs {
		end, start := rune(u16(ends+2*s)), rune(u16(starts+2*s))
		delta, ro := u16(deltas+2*s), int(u16(offsets+2*s))
		for c := start; c <= end && c != 0xffff; c++ {
			glyph := uint16(c) + delta
			if ro != 0 {
				at := offsets + 2*s + ro + 2*int(c-start)
				if at+2 > len(t) {
					return nil, errShort
				}
				if glyph = u16(at); glyph != 0 {
					glyph += delta
				}
			}
			if glyph != 0 {
				rep.add(c, c)
			}
		}
	}
	return rep, nil
}

func parseFormat12(t []byte) (repertoire, error) {
	if len(t) < 16 {
		return nil, errShort
	}
	n := int(binary.BigEndian.Uint32(t[12:]))
	if 16+12*n > len(t) {
		return nil, errShort
	}
	var rep repertoire
	for i := range n {
		g := t[16+12*i:]
		lo, hi, glyph := binary.BigEndian.Uint32(g), binary.BigEndian.Uint32(g[4:]), binary.BigEndian.Uint32(g[8:])
		if glyph == 0 { // the first code maps to .notdef, the others follow it
			lo++
		}
		if lo <= hi && hi <= 0x10ffff {
			rep.add(rune(lo), rune(hi))
		}
	}
	return rep, nil
}

// table returns the bytes of the named table of a TrueType font.
func table(font []byte, tag string) ([]byte, error) {
	if len(font) < 12 {
		return nil, errShort
	}
	n := int(binary.BigEndian.Uint16(font[4:]))
	for i := range n {
		rec := font[12+16*i:]
		if len(rec) < 16 {
			return nil, errShort
		}
		if string(rec[:4]) != tag {
			continue
		}
		off, length := int(binary.BigEndian.Uint32(rec[8:])), int(binary.BigEndian.Uint32(rec[12:]))
		if off+length > len(font) {
			return nil, errShort
		}
		return font[off : off+length], nil
	}
	return nil, fmt.Errorf("fonts: no %s table", tag)
}
