package generator

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"io"
	"path"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"certidoc/certificateur"
	"certidoc/documents"
	"certidoc/templates"
)

// ErrModele reports a base Word document that cannot serve as a template.
var ErrModele = errors.New("generator: unusable docx template")

// DOCX writes the document as a Word file to w. The base document
// (opt.Modele, else the embedded templates/modele.docx) gives the styles,
// page setup, header and footer; the body is written here, and the fields
// {{ORGANISME}}, {{DOCUMENT}} and {{PARAPHE}} of its header and footer are
// replaced, even when Word has split them across several runs.
func DOCX(w io.Writer, d documents.Document, opt Options) error {
	base := opt.Modele
	if base == nil {
		base = templates.ModeleDOCX()
	}
	bd, err := openBase(base)
	if err != nil {
		return err
	}
	sect := bd.sect
	if !d.Frame {
		sect.first = bd.first // a framed document has no header
	}
	zw := zip.NewWriter(w)
	zw.RegisterCompressor(zip.Deflate, fastDeflate)
	fields := letterheadFields(d)
	// A verification block brings a QR code image: a media part, its
	// relationship, and the png content type.
	var qr []byte
	if url := verificationURL(d.Blocks); url != "" {
		if qr, err = qrPNG(url); err != nil {
			return fmt.Errorf("render docx %s: qr code: %w", d.Name, err)
		}
	}
	// The pages break where the PDF's do, and a centred body starts as
	// low as in the PDF: the same number of pages in both formats.
	var breaks map[int]bool
	var addresses []fittedAddress
	pl, top, err := layout(d, opt, addParsedFonts, true)
	if err == nil && pl.f.Error() == nil {
		breaks, addresses = pl.breaks, pl.addresses
		// a certificate's body starts under its logo, as in the PDF
		top += pl.bodyTop() - documents.MarginTop
	}
	// The certifier's images: media parts, their relationships from the
	// body and the header, their content types.
	imgs := newDocxImages(d, opt)
	headerRels := map[string]bool{} // the header parts that show the logo
	seenCore := false
	for i, f := range bd.files {
		switch {
		case f.Name == "word/document.xml":
			err = writePart(zw, f.Name, opt.Now, zip.Deflate, func(pw io.Writer) error {
				return writeDocumentXML(pw, d, sect, qr != nil, top, breaks, imgs, addresses)
			})
		case (qr != nil || !imgs.empty() || sect.first != nil) && (f.Name == "word/_rels/document.xml.rels" || f.Name == "[Content_Types].xml"):
			data := bd.parts[f.Name]
			if sect.first != nil && f.Name == "[Content_Types].xml" {
				data = sect.first.types
			} else if sect.first != nil {
				data = sect.first.rels
			}
			if qr != nil {
				data = withQRParts(f.Name, data)
			}
			if f.Name == "[Content_Types].xml" {
				data = withImageTypes(data, imgs.media)
			} else if len(imgs.body) > 0 {
				data = withImageRels(data, imgs.body)
			}
			err = writePart(zw, f.Name, opt.Now, zip.Deflate, func(pw io.Writer) error {
				_, werr := pw.Write(data)
				return werr
			})
		case imgs.header != nil && headerOfRels(f.Name) != "" && bd.header[headerOfRels(f.Name)]:
			// the base's own relationships of a header that shows the logo
			data, rerr := readPart(f)
			if rerr != nil {
				return fmt.Errorf("render docx %s: %s: %w", d.Name, f.Name, rerr)
			}
			headerRels[f.Name] = true
			err = writePart(zw, f.Name, opt.Now, zip.Deflate, func(pw io.Writer) error {
				_, werr := pw.Write(withImageRels(data, []*certificateur.Image{imgs.header}))
				return werr
			})
		case f.Name == "docProps/core.xml":
			seenCore = true
			err = writePart(zw, f.Name, opt.Now, zip.Store, func(pw io.Writer) error { return writeCore(pw, d, opt.Now) })
		case reHeaderFooter.MatchString(f.Name):
			var z *zipped
			own := bd.header[f.Name] && (d.Band != "" || d.RunningHead != "" || imgs.header != nil)
			if !own && !dressed(opt) {
				z, err = bd.replacedPart(f.Name, fields)
			} else {
				// a band, a running head, the logo or the certifier's
				// colour and footer line: this document's own header or
				// footer, stored (see writePart)
				e := bd.replacedFields(f.Name, fields)
				data := imgs.withHeaderLogo(withHeadLines(e.plain, d))
				if opt.Modele == nil {
					data = opt.Habillage.headerFooter(data)
				}
				z, err = store(bytes.NewReader(data).WriteTo)
			}
			if err == nil {
				err = writeZipped(zw, f.Name, opt.Now, z)
			}
		default:
			err = bd.copyRaw(zw, i)
		}
		if err != nil {
			return fmt.Errorf("render docx %s: %s: %w", d.Name, f.Name, err)
		}
	}
	if sect.first != nil {
		// the first page's header, dressed as the others are
		head := imgs.withHeaderLogo(withHeadLines(expandFields(replaceFields(sect.first.header, fields)), d))
		if opt.Modele == nil {
			head = opt.Habillage.headerFooter(head)
		}
		rels := sect.first.headerRels
		if imgs.header != nil {
			rels = withImageRels(rels, []*certificateur.Image{imgs.header})
		}
		if err := writePart(zw, firstHeaderPart, opt.Now, zip.Store, func(pw io.Writer) error { _, err := pw.Write(head); return err }); err != nil {
			return fmt.Errorf("render docx %s: %w", d.Name, err)
		}
		if rels != nil {
			if err := writePart(zw, relsOfPart(firstHeaderPart), opt.Now, zip.Store, func(pw io.Writer) error { _, err := pw.Write(rels); return err }); err != nil {
				return fmt.Errorf("render docx %s: %w", d.Name, err)
			}
		}
	}
	if qr != nil {
		if err := writePart(zw, "word/media/certidoc-qr.png", opt.Now, zip.Deflate, func(pw io.Writer) error { _, err := pw.Write(qr); return err }); err != nil {
			return fmt.Errorf("render docx %s: %w", d.Name, err)
		}
	}
	if imgs.header != nil {
		for name := range bd.header {
			rels := relsOfPart(name)
			if !bd.header[name] || headerRels[rels] {
				continue
			}
			if err := writePart(zw, rels, opt.Now, zip.Store, func(pw io.Writer) error {
				_, err := pw.Write(withImageRels(nil, []*certificateur.Image{imgs.header}))
				return err
			}); err != nil {
				return fmt.Errorf("render docx %s: %w", d.Name, err)
			}
		}
	}
	for _, im := range imgs.media {
		// PNG and JPEG are compressed already: stored as they are
		if err := writePart(zw, mediaName(im), opt.Now, zip.Store, func(pw io.Writer) error { _, err := pw.Write(im.Data); return err }); err != nil {
			return fmt.Errorf("render docx %s: %w", d.Name, err)
		}
	}
	if !seenCore {
		if err := writePart(zw, "docProps/core.xml", opt.Now, zip.Store, func(pw io.Writer) error { return writeCore(pw, d, opt.Now) }); err != nil {
			return fmt.Errorf("render docx %s: %w", d.Name, err)
		}
	}
	if err := zw.Close(); err != nil {
		return fmt.Errorf("render docx %s: %w", d.Name, err)
	}
	return nil
}

// verificationURL is the address of the document's verification block,
// wherever it is (beside a signature, in a group of blocks), or "".
func verificationURL(bs []documents.Block) string {
	for _, b := range bs {
		switch b := b.(type) {
		case documents.Verification:
			return b.URL
		case documents.Signatures:
			if b.Aside != nil {
				return b.Aside.URL
			}
		case documents.Keep:
			if url := verificationURL(b.Blocks); url != "" {
				return url
			}
		}
	}
	return ""
}

// CheckModele tells whether a base Word document can serve as the template
// of DOCX files: a zip with a main document and its section properties.
func CheckModele(data []byte) error {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return fmt.Errorf("%w: not a zip: %v", ErrModele, err)
	}
	_, err = baseSection(zr)
	return err
}

// qrRelID is the relationship of the QR code image in document.xml.rels.
const qrRelID = "rIdCertidocQR"

// withQRParts adds the QR code's relationship, or the png content type.
func withQRParts(name string, data []byte) []byte {
	s := string(data)
	if name == "[Content_Types].xml" {
		if !strings.Contains(strings.ToLower(s), `extension="png"`) {
			s = strings.Replace(s, "</Types>", `<Default Extension="png" ContentType="image/png"/></Types>`, 1)
		}
		return []byte(s)
	}
	rel := `<Relationship Id="` + qrRelID + `" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/image" Target="media/certidoc-qr.png"/>`
	return []byte(strings.Replace(s, "</Relationships>", rel+"</Relationships>", 1))
}

var (
	reHeaderFooter = regexp.MustCompile(`^word/(header|footer)[0-9]*\.xml$`)
	reHdrStart     = regexp.MustCompile(`<w:hdr[ >][^>]*>|<w:hdr>`)
	reHeaderRef    = regexp.MustCompile(`<w:headerReference [^>]*/>`)
)

// withHeadLines adds the document's band and running head to a header
// part: the band first, shaded, the running head last.
func withHeadLines(data []byte, d documents.Document) []byte {
	if d.Band == "" && d.RunningHead == "" {
		return data
	}
	s := string(data)
	loc := reHdrStart.FindStringIndex(s)
	if loc == nil {
		return data // a footer
	}
	if d.Band != "" {
		band := `<w:p><w:pPr><w:pBdr><w:top w:val="single" w:sz="6" w:space="1" w:color="C47814"/><w:left w:val="single" w:sz="6" w:space="4" w:color="C47814"/><w:bottom w:val="single" w:sz="6" w:space="1" w:color="C47814"/><w:right w:val="single" w:sz="6" w:space="4" w:color="C47814"/></w:pBdr>` +
			`<w:shd w:val="clear" w:color="auto" w:fill="FDECCE"/><w:spacing w:before="0" w:after="100"/><w:jc w:val="center"/></w:pPr>` +
			`<w:r><w:rPr><w:b/><w:sz w:val="19"/><w:szCs w:val="19"/></w:rPr><w:t xml:space="preserve">` + escapeXML(d.Band) + `</w:t></w:r></w:p>`
		s = s[:loc[1]] + band + s[loc[1]:]
	}
	if d.RunningHead != "" {
		head := `<w:p><w:pPr><w:spacing w:before="80" w:after="0"/></w:pPr><w:r><w:rPr><w:color w:val="5A5A5A"/><w:sz w:val="16"/><w:szCs w:val="16"/></w:rPr><w:t xml:space="preserve">` + escapeXML(d.RunningHead) + `</w:t></w:r></w:p>`
		s = strings.Replace(s, "</w:hdr>", head+"</w:hdr>", 1)
	}
	return []byte(s)
}

// writePart writes a part the document makes, deflated or stored (method):
// a small part made for each document (its properties, a header naming its
// candidate) is stored as it is: deflating under a kilobyte spends most of
// its time building the Huffman tables, to save a few hundred bytes a DOCX
// (the figures: bench/RESULTS.md).
func writePart(zw *zip.Writer, name string, now time.Time, method uint16, write func(io.Writer) error) error {
	pw, err := zw.CreateHeader(&zip.FileHeader{Name: name, Method: method, Modified: now.UTC()})
	if err != nil {
		return err
	}
	return write(pw)
}

// maxPart bounds what is read of one part of a template.
const maxPart = 8 << 20

func readPart(f *zip.File) ([]byte, error) {
	rc, err := f.Open()
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	data, err := io.ReadAll(io.LimitReader(rc, maxPart+1))
	if err != nil {
		return nil, err
	}
	if len(data) > maxPart {
		return nil, fmt.Errorf("%w: %s larger than %d bytes", ErrModele, f.Name, maxPart)
	}
	return data, nil
}

// section is the page setup of the base document.
type section struct {
	xml     string     // the base's <w:sectPr>…</w:sectPr>
	first   *firstPage // the first page's own header, when the document has one
	width   float64    // page width in twips, portrait
	height  float64
	marginL float64
	marginR float64
}

var (
	reSectPr = regexp.MustCompile(`(?s)<w:sectPr[ >].*</w:sectPr>`)
	rePgSz   = regexp.MustCompile(`<w:pgSz [^>]*/>`)
	rePgMar  = regexp.MustCompile(`<w:pgMar [^>]*/>`)
	reAttr   = regexp.MustCompile(`w:(\w+)="([^"]*)"`)
	reAttrHF = regexp.MustCompile(`w:(header|footer)="[0-9]*"`)
)

func attrs(tag string) map[string]string {
	out := map[string]string{}
	for _, m := range reAttr.FindAllStringSubmatch(tag, -1) {
		out[m[1]] = m[2]
	}
	return out
}

// baseSection reads the page setup and the header and footer references
// of the base document.
func baseSection(zr *zip.Reader) (section, error) {
	for _, f := range zr.File {
		if f.Name != "word/document.xml" {
			continue
		}
		data, err := readPart(f)
		if err != nil {
			return section{}, fmt.Errorf("%w: %v", ErrModele, err)
		}
		all := reSectPr.FindAllString(string(data), -1)
		if len(all) == 0 {
			return section{}, fmt.Errorf("%w: word/document.xml has no section properties (w:sectPr)", ErrModele)
		}
		s := section{xml: all[len(all)-1], width: 11906, height: 16838, marginL: 851, marginR: 851}
		if sz := rePgSz.FindString(s.xml); sz != "" {
			a := attrs(sz)
			s.width, _ = strconv.ParseFloat(a["w"], 64)
			s.height, _ = strconv.ParseFloat(a["h"], 64)
			if s.width > s.height {
				s.width, s.height = s.height, s.width
			}
		}
		if mar := rePgMar.FindString(s.xml); mar != "" {
			a := attrs(mar)
			s.marginL, _ = strconv.ParseFloat(a["left"], 64)
			s.marginR, _ = strconv.ParseFloat(a["right"], 64)
		}
		if s.width < 2000 || s.height < 2000 || s.marginL+s.marginR >= s.width {
			return section{}, fmt.Errorf("%w: page size or margins unusable", ErrModele)
		}
		return s, nil
	}
	return section{}, fmt.Errorf("%w: no word/document.xml", ErrModele)
}

// contentWidth is the width between the margins, in twips.
func (s section) contentWidth(landscape bool) float64 {
	if landscape {
		return s.height - s.marginL - s.marginR
	}
	return s.width - s.marginL - s.marginR
}

// xmlFor returns the section properties for the document's orientation and
// frame.
func (s section) xmlFor(d documents.Document) string {
	w, h, orient := s.width, s.height, ""
	if d.Landscape {
		w, h, orient = s.height, s.width, ` w:orient="landscape"`
	}
	sz := fmt.Sprintf(`<w:pgSz w:w="%.0f" w:h="%.0f"%s/>`, w, h, orient)
	out := s.xml
	if rePgSz.MatchString(out) {
		out = rePgSz.ReplaceAllLiteralString(out, sz)
	} else {
		out = strings.Replace(out, "</w:sectPr>", sz+"</w:sectPr>", 1)
	}
	if s.first != nil {
		out = s.first.withFirstPage(out)
	}
	if d.Frame {
		// No running header inside a certificate's frame.
		out = reHeaderRef.ReplaceAllLiteralString(out, "")
		// A double border 8 mm from the edges; the header and the footer
		// move 12 mm in, inside it.
		borders := `<w:pgBorders w:offsetFrom="page"><w:top w:val="double" w:sz="12" w:space="22" w:color="283C5F"/><w:left w:val="double" w:sz="12" w:space="22" w:color="283C5F"/><w:bottom w:val="double" w:sz="12" w:space="22" w:color="283C5F"/><w:right w:val="double" w:sz="12" w:space="22" w:color="283C5F"/></w:pgBorders>`
		if loc := rePgMar.FindStringIndex(out); loc != nil {
			mar := reAttrHF.ReplaceAllString(out[loc[0]:loc[1]], `w:$1="680"`)
			// pgBorders follows pgMar in the schema's order.
			out = out[:loc[0]] + mar + borders + out[loc[1]:]
		}
	}
	return out
}

func writeCore(w io.Writer, d documents.Document, now time.Time) error {
	ts := now.UTC().Format("2006-01-02T15:04:05Z")
	_, err := fmt.Fprintf(w, `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><dc:title>%s</dc:title><dc:subject>%s</dc:subject><dc:creator>%s</dc:creator><cp:lastModifiedBy>certidoc</cp:lastModifiedBy><dc:language>fr-FR</dc:language><dcterms:created xsi:type="dcterms:W3CDTF">%s</dcterms:created><dcterms:modified xsi:type="dcterms:W3CDTF">%s</dcterms:modified></cp:coreProperties>`,
		escapeXML(d.Title), escapeXML(d.Subject), escapeXML(d.Author), ts, ts)
	return err
}

// escapeXML escapes text for XML and drops the characters XML 1.0 cannot
// carry at all (control characters other than tab and line breaks).
func escapeXML(s string) string { return string(appendXML(nil, s)) }

// appendXML appends s escaped for XML to dst (see escapeXML).
func appendXML(dst []byte, s string) []byte {
	for _, r := range s {
		switch {
		case r == '<':
			dst = append(dst, "&lt;"...)
		case r == '>':
			dst = append(dst, "&gt;"...)
		case r == '&':
			dst = append(dst, "&amp;"...)
		case r == '"':
			dst = append(dst, "&quot;"...)
		case r == '\t' || r == '\n' || r == '\r':
			dst = append(dst, byte(r))
		case r < 0x20 || r == 0xFFFE || r == 0xFFFF || (r >= 0xD800 && r <= 0xDFFF):
			// not representable in XML 1.0
		case r < utf8.RuneSelf:
			dst = append(dst, byte(r))
		default:
			dst = utf8.AppendRune(dst, r)
		}
	}
	return dst
}

// relsOfPart is the relationships part of a part: word/header1.xml →
// word/_rels/header1.xml.rels.
func relsOfPart(name string) string {
	dir, base := path.Split(name)
	return dir + "_rels/" + base + ".rels"
}

// headerOfRels is the part whose relationships name holds, "" when name
// is not a relationships part of word/.
func headerOfRels(name string) string {
	rest, ok := strings.CutPrefix(name, "word/_rels/")
	if !ok || !strings.HasSuffix(rest, ".rels") || rest == "document.xml.rels" {
		return ""
	}
	return "word/" + strings.TrimSuffix(rest, ".rels")
}
