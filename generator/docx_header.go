package generator

import (
	"regexp"
	"strings"
)

// The first page of a DOCX names the certifier in its body (a letterhead,
// "… – organisme certificateur"): its header leaves out the paragraph that
// holds only {{ORGANISME}}, which the following pages' header keeps. The
// base's default header, so changed, becomes a header of its own for the
// first page (Word's "different first page"), with the default footer.

// firstHeaderPart is the first page's header in a DOCX, and its
// relationship.
const (
	firstHeaderPart  = "word/header-certidoc-premiere.xml"
	firstHeaderRelID = "rIdCertidocPremiere"
)

// firstPage is what the first page's header is made from, read once per
// base document.
type firstPage struct {
	header   []byte // the default header without its {{ORGANISME}} paragraph
	footerID string // the default footer's relationship, "" for none
	// headerRels are the default header's own relationships (its images),
	// nil when it has none
	headerRels []byte
	rels       []byte // document.xml.rels with the first header's relationship
	types      []byte // [Content_Types].xml with the first header's part
}

var (
	reReference = regexp.MustCompile(`<w:(header|footer)Reference [^>]*/>`)
	reRelID     = regexp.MustCompile(`r:id="([^"]*)"`)
	reRelation  = regexp.MustCompile(`<Relationship [^>]*/>`)
	reHdrEnd    = regexp.MustCompile(`</w:hdr>`)
)

// readFirstPage finds the base's default header and footer; nil when the
// base has no default header.
func (b *baseDoc) readFirstPage() *firstPage {
	ids := map[string]string{} // "header" or "footer" → its default relationship
	for _, ref := range reReference.FindAllString(b.sect.xml, -1) {
		m := reRelID.FindStringSubmatch(ref)
		if strings.Contains(ref, `w:type="default"`) && m != nil {
			ids[reReference.FindStringSubmatch(ref)[1]] = m[1]
		}
	}
	rels := string(b.parts["word/_rels/document.xml.rels"])
	var target string
	for _, rel := range reRelation.FindAllString(rels, -1) {
		if strings.Contains(rel, `Id="`+ids["header"]+`"`) {
			if m := regexp.MustCompile(`Target="([^"]*)"`).FindStringSubmatch(rel); m != nil {
				target = "word/" + strings.TrimPrefix(m[1], "/word/")
			}
		}
	}
	header, ok := b.parts[target]
	if strings.Contains(b.sect.xml, `w:type="first"`) || strings.Contains(b.sect.xml, "<w:titlePg") {
		return nil // the base has a first page of its own
	}
	if ids["header"] == "" || !ok || !b.header[target] || b.parts["[Content_Types].xml"] == nil {
		return nil
	}
	// the paragraphs that hold only the certifier's name are left out
	first := reParagraph.ReplaceAllFunc(header, func(p []byte) []byte {
		var text strings.Builder
		for _, t := range reText.FindAllSubmatch(p, -1) {
			text.Write(t[2])
		}
		if strings.TrimSpace(text.String()) == "{{ORGANISME}}" {
			return nil
		}
		return p
	})
	if !reParagraph.Match(first) && !strings.Contains(string(first), "<w:tbl") {
		first = reHdrEnd.ReplaceAll(first, []byte(`<w:p/></w:hdr>`)) // a header holds a paragraph at least
	}
	rel := `<Relationship Id="` + firstHeaderRelID + `" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/header" Target="header-certidoc-premiere.xml"/>`
	override := `<Override PartName="/` + firstHeaderPart + `" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml"/>`
	var headerRels []byte
	for _, f := range b.files {
		if f.Name == relsOfPart(target) {
			if data, err := readPart(f); err == nil {
				headerRels = data
			}
		}
	}
	return &firstPage{
		header:     first,
		headerRels: headerRels,
		footerID:   ids["footer"],
		rels:       []byte(strings.Replace(rels, "</Relationships>", rel+"</Relationships>", 1)),
		types:      []byte(strings.Replace(string(b.parts["[Content_Types].xml"]), "</Types>", override+"</Types>", 1)),
	}
}

// withFirstPage adds to section properties the first page's header and
// footer and the "different first page" setting.
func (f *firstPage) withFirstPage(sect string) string {
	refs := `<w:headerReference w:type="first" r:id="` + firstHeaderRelID + `"/>`
	if f.footerID != "" {
		refs += `<w:footerReference w:type="first" r:id="` + f.footerID + `"/>`
	}
	// references come first in w:sectPr; w:titlePg before the elements
	// that follow it in the schema's order, else last
	i := strings.Index(sect, ">") + 1
	sect = sect[:i] + refs + sect[i:]
	for _, next := range []string{"<w:textDirection", "<w:bidi", "<w:rtlGutter", "<w:docGrid", "<w:printerSettings", "</w:sectPr>"} {
		if j := strings.Index(sect, next); j >= 0 {
			return sect[:j] + "<w:titlePg/>" + sect[j:]
		}
	}
	return sect
}
