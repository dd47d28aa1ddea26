package generator

import (
	"maps"
	"regexp"
	"slices"
	"strings"

	"certidoc/documents"
)

// The fields of the base document's header and footer, and what replaces
// them: the certifier's name, the document's footer, the box for initials
// and the page numbers, all from the document's description.
//
// A field's value is text; the page numbers and the box for initials are
// not, so their value carries marks (characters of Unicode's private use
// area, taken out of every text first) that expandFields turns into Word's
// PAGE and NUMPAGES fields and a framed box once the text is in place.
const (
	markPage  = '\ue000'
	markPages = '\ue001'
	markBox   = '\ue002'
)

// letterheadFields gives the value of each field of the base document.
func letterheadFields(d documents.Document) map[string]string {
	fields := map[string]string{
		"{{ORGANISME}}":  unmarked(d.Author),
		"{{DOCUMENT}}":   unmarked(d.Footer),
		"{{PARAPHE}}":    "",
		"{{PAGINATION}}": strings.NewReplacer("{page}", string(markPage), "{pages}", string(markPages)).Replace(unmarked(d.Pagination)),
	}
	if d.Initials != "" {
		fields["{{PARAPHE}}"] = unmarked(d.Initials) + " " + string(markBox)
	}
	return fields
}

// unmarked takes the marks out of a text.
func unmarked(s string) string {
	if !strings.ContainsAny(s, string([]rune{markPage, markPages, markBox})) {
		return s
	}
	return strings.Map(func(r rune) rune {
		if r == markPage || r == markPages || r == markBox {
			return -1
		}
		return r
	}, s)
}

// reMarkedRun is a run of text: its properties and its text.
var reMarkedRun = regexp.MustCompile(`(?s)<w:r(?: [^>]*)?>(<w:rPr>.*?</w:rPr>)?<w:t(?: [^>]*)?>([^<]*)</w:t></w:r>`)

// expandFields turns the marks of a header or footer into what they stand
// for: a run of text is cut at each mark, and the mark replaced by a PAGE
// or NUMPAGES field in the run's properties, or by a box for initials.
func expandFields(data []byte) []byte {
	if !strings.ContainsAny(string(data), string([]rune{markPage, markPages, markBox})) {
		return data
	}
	return reMarkedRun.ReplaceAllFunc(data, func(run []byte) []byte {
		m := reMarkedRun.FindSubmatch(run)
		rpr, text := string(m[1]), string(m[2])
		if !strings.ContainsAny(text, string([]rune{markPage, markPages, markBox})) {
			return run
		}
		var out strings.Builder
		var seg strings.Builder
		flush := func() {
			if seg.Len() > 0 {
				out.WriteString(`<w:r>` + rpr + `<w:t xml:space="preserve">` + seg.String() + `</w:t></w:r>`)
				seg.Reset()
			}
		}
		for _, r := range text {
			switch r {
			case markPage, markPages:
				flush()
				instr := " PAGE "
				if r == markPages {
					instr = " NUMPAGES "
				}
				out.WriteString(`<w:fldSimple w:instr="` + instr + `"><w:r>` + rpr + `<w:t>1</w:t></w:r></w:fldSimple>`)
			case markBox:
				flush()
				// A box 22 mm wide and 7 mm high, as the PDF draws:
				// no-break spaces in a large size, framed.
				out.WriteString(`<w:r><w:rPr><w:sz w:val="36"/><w:szCs w:val="36"/><w:bdr w:val="single" w:sz="4" w:space="0" w:color="787878"/></w:rPr><w:t xml:space="preserve">` +
					strings.Repeat("\u00a0", 12) + `</w:t></w:r>`)
			default:
				seg.WriteRune(r)
			}
		}
		flush()
		return []byte(out.String())
	})
}

var reParagraph = regexp.MustCompile(`(?s)<w:p[ >].*?</w:p>`)
var reText = regexp.MustCompile(`(?s)(<w:t(?: [^>]*)?>)(.*?)(</w:t>)`)

// replaceFields replaces the fields of a header or footer. Word may split
// "{{DOCUMENT}}" across runs; a paragraph whose joined text holds a field
// gets the whole replaced text in its first text run.
//
// The fields are replaced in one pass over the template's text: a value
// (from the session: "Org {{DOCUMENT}}") is never read again as a field,
// and the result does not depend on map order.
func replaceFields(data []byte, fields map[string]string) []byte {
	keys := slices.Sorted(maps.Keys(fields))
	pairs := make([]string, 0, 2*len(keys))
	for _, k := range keys {
		pairs = append(pairs, k, fields[k])
	}
	once := strings.NewReplacer(pairs...)
	return reParagraph.ReplaceAllFunc(data, func(p []byte) []byte {
		texts := reText.FindAllSubmatch(p, -1)
		var joined strings.Builder
		for _, t := range texts {
			joined.WriteString(unescapeXML(string(t[2])))
		}
		full := joined.String()
		if !strings.Contains(full, "{{") {
			return p
		}
		replaced := once.Replace(full)
		if replaced == full {
			return p
		}
		first := true
		return reText.ReplaceAllFunc(p, func(t []byte) []byte {
			m := reText.FindSubmatch(t)
			if first {
				first = false
				return []byte(`<w:t xml:space="preserve">` + escapeXML(replaced) + string(m[3]))
			}
			return []byte(string(m[1]) + string(m[3]))
		})
	})
}

func unescapeXML(s string) string {
	return strings.NewReplacer("&lt;", "<", "&gt;", ">", "&quot;", `"`, "&apos;", "'", "&amp;", "&").Replace(s)
}
