package classeur

import (
	"bytes"
	"strings"

	"github.com/xuri/excelize/v2"
)

// dropFormulas takes the formulas out of the worksheets f holds in memory,
// but for those of column A and of cells whose column is not written.
// The import reads what cells show (their values), never how they are
// computed, except for the pair a Décisions row's number shows, which
// pairOf reads in the formula of column A. Formulas are most of the XML of
// the Décisions sheet certidoc writes, which excelize decodes twice (its
// rows, then the whole sheet for GetCellFormula). The parts are excelize's
// own copies of what the zip holds: cut in place, the caller's bytes stay.
//
// sheets names each worksheet part (sheetNames); the parts of the sheets
// in skip are left as they are, as is a part whose XML is not what
// dropFormulas expects (see formulaSpans).
func dropFormulas(f *excelize.File, sheets map[string]string, skip ...string) {
	f.Pkg.Range(func(k, v any) bool {
		name, ok := k.(string)
		data, isBytes := v.([]byte)
		if !ok || !isBytes || !strings.HasPrefix(name, "xl/worksheets/") || !strings.HasSuffix(name, ".xml") {
			return true
		}
		for _, s := range skip {
			if sheets[name] == s {
				return true
			}
		}
		if spans, ok := formulaSpans(data); ok && len(spans) > 0 {
			f.Pkg.Store(name, cut(data, spans))
		}
		return true
	})
}

// cut removes the spans [start, end) of data, in place.
func cut(data []byte, spans [][2]int) []byte {
	out, from := data[:0], 0
	for _, s := range spans {
		out = append(out, data[from:s[0]]...) // never ahead of what it reads
		from = s[1]
	}
	return append(out, data[from:]...)
}

// formulaSpans finds in a worksheet's XML the formula elements (f, without
// namespace prefix) of cells (c) that name a column other than A in their
// r attribute, and returns where each lies. Comments, CDATA sections and
// processing instructions are stepped over. It answers false, and nothing
// is to be cut, for what it does not expect: a declaration (<!DOCTYPE),
// an element inside a formula, a formula that does not end, a tag that
// does not close.
func formulaSpans(data []byte) (spans [][2]int, ok bool) {
	inCell, keep := false, true
	from := -1 // where the formula being cut begins, inside one
	for i := 0; ; {
		j := bytes.IndexByte(data[i:], '<')
		if j < 0 {
			if from >= 0 {
				return nil, false // a formula that does not end
			}
			return spans, true
		}
		j += i
		rest := data[j:]
		if skip, found, special := stepOver(rest); special {
			if !found {
				return nil, false
			}
			i = j + skip
			continue
		}
		end := bytes.IndexByte(rest, '>')
		if end < 0 {
			return nil, false
		}
		tag := rest[:end+1]
		switch name := tagName(tag); {
		case from >= 0 && name == "/f":
			spans = append(spans, [2]int{from, j + end + 1})
			from = -1
		case from >= 0:
			return nil, false // an element inside a formula
		case name == "c":
			inCell = tag[len(tag)-2] != '/'
			// r="B12": a formula outside column A; without r, or with
			// an r that does not begin with a letter, the formula stays.
			keep = columnNumber(attrValue(tag, "r")) <= 1
		case name == "/c":
			inCell, keep = false, true
		case name == "f" && inCell && !keep:
			if tag[len(tag)-2] == '/' {
				spans = append(spans, [2]int{j, j + end + 1})
			} else {
				from = j
			}
		}
		i = j + end + 1
	}
}

// stepOver tells whether rest begins with a comment, a CDATA section or a
// processing instruction, and if so, whether it ends and its length. A
// declaration (<!DOCTYPE, which may define entities) is special and never
// found: no worksheet has one, and what it holds is not looked into.
func stepOver(rest []byte) (n int, found, special bool) {
	for _, d := range [...]struct{ open, close string }{{"<!--", "-->"}, {"<![CDATA[", "]]>"}, {"<?", "?>"}} {
		if bytes.HasPrefix(rest, []byte(d.open)) {
			k := bytes.Index(rest[len(d.open):], []byte(d.close))
			if k < 0 {
				return 0, false, true
			}
			return len(d.open) + k + len(d.close), true, true
		}
	}
	return 0, false, bytes.HasPrefix(rest, []byte("<!"))
}

// tagName returns the name of a tag ("<c r=…>" gives "c", "</f>" gives
// "/f"), prefix included.
func tagName(tag []byte) string {
	t := tag[1:]
	end := bytes.IndexAny(t, " \t\r\n/>")
	if end == 0 && t[0] == '/' { // an end tag
		if e := bytes.IndexAny(t[1:], " \t\r\n>"); e >= 0 {
			return string(t[:e+1])
		}
	}
	if end < 0 {
		return string(t)
	}
	return string(t[:end])
}
