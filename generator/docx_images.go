package generator

import (
	"fmt"
	"strings"

	"certidoc/certificateur"
	"certidoc/documents"
)

// docxImages are the certifier's images of one DOCX file: each a media
// part written once, whatever the number of places that show it.
type docxImages struct {
	media []*certificateur.Image // in the order first met
	seen  map[string]bool
	// body are the images drawn in word/document.xml (signatures, stamps,
	// a certificate's logo); header is the logo of the running header.
	body   []*certificateur.Image
	header *certificateur.Image
	// logoBody is the logo drawn at the top of a framed certificate,
	// which has no running header.
	logoBody *certificateur.Image
	drawings int // docPr ids given
	// accent is the colour of titles ("" for black), frame the colour of
	// a certificate's frame, as Word writes them.
	accent, frame string
}

// newDocxImages collects the images of d for its DOCX: the logo in the
// header (only with the embedded base document: a base the certifier gives
// keeps its own header), or at the top of the body for a framed
// certificate; the signatures and stamps of its plain signatures.
func newDocxImages(d documents.Document, opt Options) *docxImages {
	im := &docxImages{seen: map[string]bool{}, accent: opt.Habillage.accentHex(""), frame: opt.Habillage.accentHex("283C5F")}
	if lg := opt.Habillage.logo(); lg != nil {
		switch {
		case d.Frame:
			im.logoBody = lg
			im.add(lg, &im.body)
		case opt.Modele == nil:
			im.header = lg
			im.add(lg, nil)
		}
	}
	var walk func([]documents.Block)
	walk = func(bs []documents.Block) {
		for _, b := range bs {
			switch b := b.(type) {
			case documents.Signatures:
				for _, sg := range b.Signers {
					if sg.Signature != nil {
						im.add(sg.Signature, &im.body)
					}
					if sg.Cachet != nil && b.Stamp {
						im.add(sg.Cachet, &im.body)
					}
				}
			case documents.Keep:
				walk(b.Blocks)
			}
		}
	}
	walk(d.Blocks)
	return im
}

func (im *docxImages) add(i *certificateur.Image, to *[]*certificateur.Image) {
	if !im.seen[i.Empreinte] {
		im.seen[i.Empreinte] = true
		im.media = append(im.media, i)
	}
	if to != nil {
		for _, b := range *to {
			if b.Empreinte == i.Empreinte {
				return
			}
		}
		*to = append(*to, i)
	}
}

func (im *docxImages) empty() bool { return len(im.media) == 0 }

// mediaName is an image's part in the DOCX.
func mediaName(i *certificateur.Image) string {
	return "word/media/certidoc-" + i.Empreinte[:16] + "." + i.Extension()
}

// relID is an image's relationship in the part that shows it.
func relID(i *certificateur.Image) string { return "rIdCertidocImg" + i.Empreinte[:12] }

// relationships returns the relationships of images, for a .rels part.
func relationships(images []*certificateur.Image) string {
	var b strings.Builder
	for _, i := range images {
		b.WriteString(`<Relationship Id="` + relID(i) + `" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/image" Target="media/certidoc-` + i.Empreinte[:16] + "." + i.Extension() + `"/>`)
	}
	return b.String()
}

// withImageRels adds the relationships of images to a .rels part; an empty
// data makes the part.
func withImageRels(data []byte, images []*certificateur.Image) []byte {
	if len(data) == 0 {
		data = []byte(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n" + `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"></Relationships>`)
	}
	return []byte(strings.Replace(string(data), "</Relationships>", relationships(images)+"</Relationships>", 1))
}

// withImageTypes makes sure [Content_Types].xml knows the images' formats.
func withImageTypes(data []byte, images []*certificateur.Image) []byte {
	s := string(data)
	for _, i := range images {
		if !strings.Contains(strings.ToLower(s), `extension="`+i.Extension()+`"`) {
			s = strings.Replace(s, "</Types>", `<Default Extension="`+i.Extension()+`" ContentType="`+i.ContentType()+`"/></Types>`, 1)
		}
	}
	return []byte(s)
}

const emuPerMM = 36000

// drawing returns the DrawingML of an image: inline, or anchored at (x, y)
// millimetres from the page's left margin and from the paragraph (relative
// "margin"/"paragraph") or the page ("page"), in front of the text without
// moving it.
func (im *docxImages) drawing(i *certificateur.Image, anchored bool, xFrom string, x float64, yFrom string, y float64) string {
	im.drawings++
	id := 100 + im.drawings
	w, h := i.Size()
	cx, cy := int(w*emuPerMM+0.5), int(h*emuPerMM+0.5)
	graphic := fmt.Sprintf(`<wp:extent cx="%d" cy="%d"/><wp:effectExtent l="0" t="0" r="0" b="0"/>`, cx, cy)
	if anchored {
		graphic += `<wp:wrapNone/>`
	}
	graphic += fmt.Sprintf(`<wp:docPr id="%d" name="certidoc-%s"/><wp:cNvGraphicFramePr/>`+
		`<a:graphic xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture">`+
		`<pic:pic xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture"><pic:nvPicPr><pic:cNvPr id="%d" name="certidoc-%s.%s"/><pic:cNvPicPr/></pic:nvPicPr>`+
		`<pic:blipFill><a:blip r:embed="%s"/><a:stretch><a:fillRect/></a:stretch></pic:blipFill>`+
		`<pic:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="%d" cy="%d"/></a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom></pic:spPr></pic:pic></a:graphicData></a:graphic>`,
		id, i.Empreinte[:12], id, i.Empreinte[:12], i.Extension(), relID(i), cx, cy)
	if !anchored {
		return `<w:drawing><wp:inline distT="0" distB="0" distL="0" distR="0">` + graphic + `</wp:inline></w:drawing>`
	}
	// In the schema's order: simplePos, positionH, positionV, extent, …,
	// wrap, docPr.
	head := fmt.Sprintf(`<w:drawing><wp:anchor distT="0" distB="0" distL="0" distR="0" simplePos="0" relativeHeight="%d" behindDoc="0" locked="1" layoutInCell="1" allowOverlap="1">`+
		`<wp:simplePos x="0" y="0"/><wp:positionH relativeFrom="%s"><wp:posOffset>%d</wp:posOffset></wp:positionH><wp:positionV relativeFrom="%s"><wp:posOffset>%d</wp:posOffset></wp:positionV>`,
		251658240+id, xFrom, int(x*emuPerMM), yFrom, int(y*emuPerMM))
	return head + graphic + `</wp:anchor></w:drawing>`
}

// withHeaderLogo puts the logo in a header part: anchored at the top of the
// page, on the left margin, and every paragraph of the header indented to
// its right.
func (im *docxImages) withHeaderLogo(data []byte) []byte {
	if im.header == nil {
		return data
	}
	s := string(data)
	loc := reHdrStart.FindStringIndex(s)
	if loc == nil {
		return data // a footer
	}
	w, _ := im.header.Size()
	ind := fmt.Sprintf(`<w:ind w:left="%d"/>`, int((w+4)*twipsPerMM+0.5))
	s = reParagraph.ReplaceAllStringFunc(s, func(p string) string {
		end := strings.Index(p, "</w:pPr>")
		if end < 0 {
			return strings.Replace(p, ">", "><w:pPr>"+ind+"</w:pPr>", 1)
		}
		// w:ind comes before w:jc in a paragraph's properties
		if jc := strings.Index(p[:end], "<w:jc "); jc >= 0 {
			end = jc
		}
		return p[:end] + ind + p[end:]
	})
	loc = reHdrStart.FindStringIndex(s)
	logo := `<w:p><w:pPr><w:spacing w:before="0" w:after="0" w:line="20" w:lineRule="exact"/><w:rPr><w:sz w:val="2"/></w:rPr></w:pPr><w:r>` +
		im.drawing(im.header, true, "margin", 0, "page", logoTop) + `</w:r></w:p>`
	s = s[:loc[1]] + logo + s[loc[1]:]
	if !strings.Contains(s[:loc[1]], "xmlns:wp=") {
		s = strings.Replace(s, "<w:hdr ", `<w:hdr xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" `, 1)
	}
	return []byte(s)
}

// logo returns the habillage's logo, nil for none.
func (h *Habillage) logo() *certificateur.Image {
	if h == nil {
		return nil
	}
	return h.Logo
}

// dressed tells whether the habillage changes the embedded base's header
// and footer: its colour on their rules, its footer line.
func dressed(opt Options) bool {
	h := opt.Habillage
	return opt.Modele == nil && h != nil && (h.Accent != nil || h.PiedDePage != "")
}

// accentHex is the accent colour as Word writes it ("1F4E79"), or def.
func (h *Habillage) accentHex(def string) string {
	if h == nil || h.Accent == nil {
		return def
	}
	return fmt.Sprintf("%02X%02X%02X", h.Accent[0], h.Accent[1], h.Accent[2])
}

// headerFooter gives a header or footer of the embedded base the accent
// colour on its rules and, to a footer, the certifier's footer line.
func (h *Habillage) headerFooter(data []byte) []byte {
	if h == nil {
		return data
	}
	s := string(data)
	if h.Accent != nil {
		s = strings.ReplaceAll(s, `w:color="A0A0A0"`, `w:color="`+h.accentHex("")+`"`)
	}
	if h.PiedDePage != "" && strings.Contains(s, "</w:ftr>") {
		s = strings.Replace(s, "</w:ftr>", `<w:p><w:pPr><w:pStyle w:val="EnTete"/><w:spacing w:before="0" w:after="0"/><w:jc w:val="center"/></w:pPr>`+
			`<w:r><w:rPr><w:sz w:val="14"/><w:szCs w:val="14"/></w:rPr><w:t xml:space="preserve">`+escapeXML(h.PiedDePage)+`</w:t></w:r></w:p></w:ftr>`, 1)
	}
	return []byte(s)
}
