// certidoc: a UTF-8 font parsed once per process and its cut subsets
// cached, so that a document adding the font does no font work but the
// cut of a set of characters not seen before.

package fpdf

import (
	"encoding/binary"
	"fmt"
	"slices"
	"sync"
)

// UTF8Font is a UTF-8 TrueType font parsed once, for any number of
// documents at the same time (AddUTF8FontParsed). It keeps the subsets it
// cuts, compressed, by set of characters: up to MaxCuts of them, the
// oldest dropped first.
type UTF8Font struct {
	def      fontDefType // Tp, Desc, Up, Ut, Cw and i, as AddUTF8FontFromBytes makes them
	prepared utf8FontFile
	prep     *cutPrep
	bytes    []byte

	ids   sync.Map // font key → identifier
	mu    sync.Mutex
	cuts  map[string]*cutFont
	order []string // keys of cuts, oldest first
	// MaxCuts bounds the cache (default 256 when 0).
	MaxCuts int
	hits    int
	misses  int
}

// cutFont is what putfonts writes for one set of characters.
type cutFont struct {
	stream      []byte // the cut font program, compressed
	length1     int    // its size uncompressed
	cidToGidMap []byte // compressed
	lastRune    int
	widths      string // the /W entry of the CID font; "" when not kept
}

// newCutFont cuts a font the way putfonts did before the cache.
func newCutFont(utf *utf8FontFile, usedRunes map[int]int) *cutFont {
	return compressCut(utf, utf.GenerateCutFont(usedRunes))
}

// compressCut compresses the font stream utf has just cut and makes its
// CIDToGIDMap.
func compressCut(utf *utf8FontFile, stream []byte) *cutFont {
	c := &cutFont{length1: len(stream), lastRune: utf.LastRune}
	codeSymbols := utf.CodeSymbolDictionary
	delete(codeSymbols, 0)
	cidToGidMap := make([]byte, 256*256*2)
	for cc, glyph := range codeSymbols {
		cidToGidMap[cc*2] = byte(glyph >> 8)
		cidToGidMap[cc*2+1] = byte(glyph & 0xFF)
	}
	mem := xmem.compress(cidToGidMap)
	c.cidToGidMap = mem.copy()
	mem.release()
	mem = xmem.compress(stream)
	c.stream = mem.copy()
	mem.release()
	return c
}

// ParseUTF8Font parses a TrueType font once; the result is read-only and
// safe for concurrent use.
func ParseUTF8Font(utf8Bytes []byte) (*UTF8Font, error) {
	reader := fileReader{readerPosition: 0, array: utf8Bytes}
	utf8File := newUTF8Font(&reader)
	if err := utf8File.parseFile(); err != nil {
		return nil, fmt.Errorf("fpdf: parse utf-8 font: %w", err)
	}
	def := fontDefType{
		Tp: "UTF8",
		Desc: FontDescType{
			Ascent:       int(utf8File.Ascent),
			Descent:      int(utf8File.Descent),
			CapHeight:    utf8File.CapHeight,
			Flags:        utf8File.Flags,
			FontBBox:     utf8File.Bbox,
			ItalicAngle:  utf8File.ItalicAngle,
			StemV:        utf8File.StemV,
			MissingWidth: round(utf8File.DefaultWidth),
		},
		Up: int(round(utf8File.UnderlinePosition)),
		Ut: round(utf8File.UnderlineThickness),
		Cw: utf8File.CharWidths,
	}
	font := &UTF8Font{def: def, bytes: utf8Bytes, cuts: map[string]*cutFont{}}
	font.prepared = utf8FontFile{fileReader: &fileReader{array: utf8Bytes}}
	if font.prep = font.prepared.prepareCut(); font.prep == nil {
		return nil, fmt.Errorf("fpdf: parse utf-8 font: no Unicode cmap")
	}
	return font, nil
}

// CacheStats returns how many cuts came from the cache and how many were
// made.
func (font *UTF8Font) CacheStats() (hits, misses int) {
	font.mu.Lock()
	defer font.mu.Unlock()
	return font.hits, font.misses
}

// AddUTF8FontParsed makes a font parsed by ParseUTF8Font available to the
// document under familyStr and styleStr, as AddUTF8FontFromBytes does with
// the same bytes, and gives the same file.
func (f *Fpdf) AddUTF8FontParsed(familyStr, styleStr string, font *UTF8Font) {
	if f.err != nil {
		return
	}
	familyStr = fontFamilyEscape(familyStr)
	fontkey := getFontKey(familyStr, styleStr)
	if _, ok := f.fonts[fontkey]; ok {
		return
	}
	def := font.def
	def.Name = fontkey
	if f.aliasNbPagesStr == "" {
		def.usedRunes = makeSubsetRange(57)
	} else {
		def.usedRunes = makeSubsetRange(32)
	}
	def.parsed = font
	def.seen = new([1024]uint64)
	def.i = font.id(fontkey)
	f.fonts[fontkey] = def
}

// id is generateFontID of the font's definition under fontkey, made once
// per key: it hashes the JSON of the whole width table.
func (font *UTF8Font) id(fontkey string) string {
	if id, ok := font.ids.Load(fontkey); ok {
		return id.(string)
	}
	def := font.def
	def.Name = fontkey
	id, _ := generateFontID(def)
	font.ids.Store(fontkey, id)
	return id
}

// cut returns the font cut to usedRunes, from the cache or made now.
func (font *UTF8Font) cut(usedRunes map[int]int) *cutFont {
	runes := make([]int, 0, len(usedRunes))
	for _, r := range usedRunes {
		if r != 0 {
			runes = append(runes, r)
		}
	}
	slices.Sort(runes)
	runes = slices.Compact(runes)
	key := make([]byte, 0, 3*len(runes))
	for _, r := range runes {
		key = binary.AppendUvarint(key, uint64(r))
	}
	font.mu.Lock()
	c, ok := font.cuts[string(key)]
	if ok {
		font.hits++
	} else {
		font.misses++
	}
	font.mu.Unlock()
	if ok {
		return c
	}

	utf := font.prepared // a copy: the tables prepareCut read are shared, read-only
	utf.fileReader = &fileReader{array: font.bytes}
	utf.outTablesData = make(map[string][]byte)
	utf.symbolData = nil
	utf.CodeSymbolDictionary = nil
	utf.LastRune = 0
	c = compressCut(&utf, utf.cut(font.prep, usedRunes))
	c.widths = cidFontWidths(&fontDefType{Cw: font.def.Cw, usedRunes: usedRunes}, c.lastRune)

	font.mu.Lock()
	defer font.mu.Unlock()
	if prev, ok := font.cuts[string(key)]; ok {
		return prev // made at the same time by another document
	}
	limit := font.MaxCuts
	if limit <= 0 {
		limit = 256
	}
	for len(font.order) >= limit {
		delete(font.cuts, font.order[0])
		font.order = font.order[1:]
	}
	font.cuts[string(key)] = c
	font.order = append(font.order, string(key))
	return c
}
