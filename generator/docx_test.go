package generator

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"certidoc/documents"
	"certidoc/internal/testtool"
	"certidoc/templates"
	"certidoc/verification"
)

func renderDOCX(t testing.TB, d documents.Document, opt Options) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := DOCX(&buf, d, opt); err != nil {
		t.Fatalf("DOCX(%s): %v", d.Name, err)
	}
	return buf.Bytes()
}

// parts opens a DOCX and checks that every XML part is well-formed.
func parts(t *testing.T, data []byte) map[string]string {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatalf("not a zip: %v", err)
	}
	out := map[string]string{}
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(rc)
		rc.Close()
		out[f.Name] = string(b)
		if strings.HasSuffix(f.Name, ".xml") || strings.HasSuffix(f.Name, ".rels") {
			dec := xml.NewDecoder(bytes.NewReader(b))
			for {
				_, err := dec.Token()
				if err == io.EOF {
					break
				}
				if err != nil {
					t.Fatalf("%s is not well-formed XML: %v", f.Name, err)
				}
			}
		}
	}
	return out
}

// wordText returns the text of a WordprocessingML part, run by run.
func wordText(t *testing.T, part string) string {
	t.Helper()
	dec := xml.NewDecoder(strings.NewReader(part))
	var b strings.Builder
	inText := false
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			return b.String()
		}
		if err != nil {
			t.Fatal(err)
		}
		switch tok := tok.(type) {
		case xml.StartElement:
			inText = tok.Name.Local == "t"
			if tok.Name.Local == "br" || tok.Name.Local == "tab" {
				b.WriteString(" ")
			}
		case xml.EndElement:
			inText = false
		case xml.CharData:
			if inText {
				b.Write(tok)
			}
		}
	}
}

func exampleDocuments(t *testing.T) []documents.Document {
	t.Helper()
	ex := loadExemple(t, nil)
	r := embedded(t)
	bB, _ := r.Bloc("B")
	e1, _ := bB.Epreuve(1)
	bA, _ := r.Bloc("A")
	e2, _ := bA.Epreuve(2)
	return []documents.Document{
		documents.Grille(r, bA, e2),
		documents.GrilleRemplie(r, bB, e1, &ex.sess.Candidats[0]),
		documents.PV(r, ex.sess, ex.delib, nil),
		documents.Attestation(r, ex.sess, bB, &ex.sess.Candidats[3], nil, nil),
		documents.Parchemin(r, ex.sess, &ex.sess.Candidats[1], nil, nil),
		documents.Notification(r, ex.sess, &ex.delib.Candidats[2], nil),
	}
}

func TestDOCXStructure(t *testing.T) {
	for _, d := range exampleDocuments(t) {
		t.Run(d.Name, func(t *testing.T) {
			p := parts(t, renderDOCX(t, d, fixed))
			doc := p["word/document.xml"]
			want := []string{"<w:cantSplit/>", "<w:pgSz "}
			for _, b := range d.Blocks {
				if _, ok := b.(documents.Table); ok {
					want = append(want, "<w:tblHeader/>") // a header row repeats on each page
				}
			}
			for _, w := range want {
				if !strings.Contains(doc, w) {
					t.Errorf("document.xml lacks %s", w)
				}
			}
			if d.Landscape != strings.Contains(doc, `w:orient="landscape"`) {
				t.Errorf("landscape: %v in the description, not in the file", d.Landscape)
			}
			if d.Frame != strings.Contains(doc, "<w:pgBorders") || d.Frame && !strings.Contains(doc, `w:header="680"`) {
				t.Errorf("frame: %v in the description, not in the file (or the header stays outside it)", d.Frame)
			}
			footer := p["word/footer1.xml"]
			for _, want := range []string{` PAGE `, ` NUMPAGES `} {
				// a parchemin carries no page number
				if strings.Contains(footer, want) != (d.Pagination != "") {
					t.Errorf("footer has the field %s: %v, pagination %q", want, !strings.Contains(footer, want), d.Pagination)
				}
			}
			// The certifier is named once a page: by the body on the
			// first, by the header on the others.
			if first, ok := p["word/header-certidoc-premiere.xml"]; ok == d.Frame {
				t.Errorf("a first page's header: %v, framed %v", ok, d.Frame)
			} else if ok && (strings.Contains(wordText(t, first), d.Author) || !strings.Contains(doc, "<w:titlePg/>") || !strings.Contains(wordText(t, p["word/header1.xml"]), d.Author)) {
				t.Errorf("the first page's header names the certifier, or the others' do not")
			}
			// the box for initials is a box, as in the PDF
			if d.Initials != "" && !strings.Contains(footer, "<w:bdr ") {
				t.Error("the box for initials is not framed")
			}
			for name, part := range p {
				if strings.Contains(part, "{{ORGANISME}}") || strings.Contains(part, "{{DOCUMENT}}") || strings.Contains(part, "{{PARAPHE}}") || strings.Contains(part, "{{PAGINATION}}") {
					t.Errorf("%s keeps a field of the template", name)
				}
			}
			if got := wordText(t, footer); !strings.Contains(got, d.Footer) {
				t.Errorf("footer text %q lacks %q", got, d.Footer)
			}
			if d.Initials != "" && !strings.Contains(wordText(t, footer), d.Initials) {
				t.Errorf("footer lacks the initials box %q", d.Initials)
			}
		})
	}
}

// Text is escaped, never interpreted: markup, template fields, CDATA ends
// and right-to-left marks come out as the same text.
func TestDOCXEscapesText(t *testing.T) {
	const hostile = "Zoé <b>&amp;</b> {{DOCUMENT}} ]]> \"guillemets\" \u200fعربي\u200e l’Œuvre"
	d := documents.Document{Name: "hostile", Title: hostile, Author: hostile, Footer: hostile, Blocks: []documents.Block{
		documents.Paragraph{Text: hostile + "\x01\x1f"},
		documents.Table{Columns: []documents.Column{{Header: hostile, Width: 90}, {Header: "A", Width: 10, Check: true}},
			Rows: []documents.Row{{Cells: []documents.Cell{{Text: hostile}, {Checked: true}}}}},
		documents.Signatures{Signers: []documents.Signer{{Role: hostile, Name: hostile}}, Height: 30},
	}}
	p := parts(t, renderDOCX(t, d, fixed))
	body := wordText(t, p["word/document.xml"])
	if n := strings.Count(body, hostile); n != 5 { // paragraph, header cell, cell, role, name
		t.Errorf("the text comes back %d times, want 5:\n%s", n, body)
	}
	if strings.ContainsAny(body, "\x01\x1f") {
		t.Error("control characters reached the XML")
	}
	if !strings.Contains(wordText(t, p["word/footer1.xml"]), hostile) || !strings.Contains(wordText(t, p["word/header1.xml"]), hostile) {
		t.Error("header or footer lost the text")
	}
}

// modeleWith returns the embedded template with one part replaced.
func modeleWith(t *testing.T, name string, edit func(string) string) []byte {
	t.Helper()
	base := templates.ModeleDOCX()
	zr, err := zip.NewReader(bytes.NewReader(base), int64(len(base)))
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, f := range zr.File {
		rc, _ := f.Open()
		data, _ := io.ReadAll(rc)
		rc.Close()
		if f.Name == name {
			data = []byte(edit(string(data)))
		}
		w, _ := zw.Create(f.Name)
		w.Write(data)
	}
	zw.Close()
	return buf.Bytes()
}

// A body's own template keeps its letterhead; a field that Word split
// across runs is still replaced.
func TestDOCXOwnTemplate(t *testing.T) {
	modele := modeleWith(t, "word/header1.xml", func(s string) string {
		return strings.Replace(s, `<w:r><w:t xml:space="preserve">{{ORGANISME}}</w:t></w:r>`,
			`<w:r><w:t>Organisme Exemple – </w:t></w:r><w:r><w:rPr><w:b/></w:rPr><w:t>{{ORGA</w:t></w:r><w:r><w:t>NISME}}</w:t></w:r>`, 1)
	})
	if err := CheckModele(modele); err != nil {
		t.Fatal(err)
	}
	d := documents.Document{Name: "x", Author: "Centre d’exemple", Footer: "pied", Blocks: []documents.Block{documents.Paragraph{Text: "corps"}}}
	p := parts(t, renderDOCX(t, d, Options{Now: fixed.Now, Modele: modele}))
	if got := wordText(t, p["word/header1.xml"]); got != "Organisme Exemple – Centre d’exemple" {
		t.Errorf("header: got %q", got)
	}
	broken := modeleWith(t, "word/document.xml", func(s string) string {
		return strings.NewReplacer("<w:sectPr>", "", "</w:sectPr>", "").Replace(strings.SplitN(s, "<w:sectPr", 2)[0] + "</w:body></w:document>")
	})
	if err := CheckModele(broken); !errors.Is(err, ErrModele) {
		t.Errorf("template without sectPr: got %v", err)
	}
	if err := CheckModele([]byte("pas un zip")); !errors.Is(err, ErrModele) {
		t.Errorf("not a zip: got %v", err)
	}
	if err := DOCX(io.Discard, d, Options{Now: fixed.Now, Modele: []byte("x")}); !errors.Is(err, ErrModele) {
		t.Errorf("DOCX with a broken template: got %v", err)
	}
}

func TestDOCXDeterministicAndFailingWriter(t *testing.T) {
	d := exampleDocuments(t)[1]
	a, b := renderDOCX(t, d, fixed), renderDOCX(t, d, fixed)
	if !bytes.Equal(a, b) {
		t.Error("the same document gave different DOCX bytes")
	}
	for _, room := range []int{0, 100, 5000} {
		if err := DOCX(&failingWriter{room: room}, d, fixed); err == nil {
			t.Errorf("writer failing after %d bytes: no error", room)
		}
	}
}

// Documents of different candidates made at the same time do not leak into
// each other (run with -race).
func TestDOCXConcurrent(t *testing.T) {
	ex := loadExemple(t, nil)
	r := embedded(t)
	var docs []documents.Document
	for i := range ex.delib.Candidats {
		docs = append(docs, documents.Notification(r, ex.sess, &ex.delib.Candidats[i], nil))
	}
	want := make([][]byte, len(docs))
	for i, d := range docs {
		want[i] = renderDOCX(t, d, fixed)
	}
	var wg sync.WaitGroup
	errs := make(chan string, len(docs)*4)
	for round := 0; round < 4; round++ {
		for i, d := range docs {
			wg.Add(1)
			go func() {
				defer wg.Done()
				var buf bytes.Buffer
				if err := DOCX(&buf, d, fixed); err != nil {
					errs <- err.Error()
					return
				}
				if !bytes.Equal(buf.Bytes(), want[i]) {
					errs <- "document of candidate " + ex.delib.Candidats[i].Candidat.Numero + " differs when made concurrently"
				}
			}()
		}
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Error(e)
	}
}

// Every DOCX converts with LibreOffice, and the converted text holds the
// same names, codes, criteria and decisions as the project's own PDF.
func TestDOCXThroughLibreOffice(t *testing.T) {
	soffice := testtool.Need(t, "soffice", "libreoffice-writer-nogui")
	dir := t.TempDir()
	docs := exampleDocuments(t)
	var files []string
	for _, d := range docs {
		p := filepath.Join(dir, d.Name+".docx")
		if err := os.WriteFile(p, renderDOCX(t, d, fixed), 0o644); err != nil {
			t.Fatal(err)
		}
		files = append(files, p)
	}
	args := append([]string{"-env:UserInstallation=file://" + filepath.Join(dir, "profil"), "--headless", "--convert-to", "pdf", "--outdir", filepath.Join(dir, "lo")}, files...)
	if out, err := exec.Command(soffice, args...).CombinedOutput(); err != nil {
		t.Fatalf("soffice: %v\n%s", err, out)
	}
	ex := loadExemple(t, nil)
	for _, d := range docs {
		t.Run(d.Name, func(t *testing.T) {
			lo := normalize(pdftotext(t, filepath.Join(dir, "lo", d.Name+".pdf"), "-raw"))
			own := normalize(pdftotext(t, renderPDF(t, d), "-raw"))
			var facts []string
			for _, b := range d.Blocks {
				switch b := b.(type) {
				case documents.Table:
					for _, r := range b.Rows {
						for _, c := range r.Cells {
							facts = append(facts, c.Text)
						}
					}
				case documents.Paragraph:
					facts = append(facts, b.Text)
				case documents.Signatures:
					for _, s := range b.Signers {
						facts = append(facts, s.Name)
					}
				}
			}
			for _, c := range ex.sess.Candidats {
				if strings.Contains(own, normalize(c.NomComplet())) {
					facts = append(facts, c.NomComplet())
				}
			}
			checked := 0
			for _, f := range facts {
				for _, line := range strings.Split(f, "\n") {
					want := normalize(line)
					if len([]rune(want)) < 4 {
						continue
					}
					checked++
					if !strings.Contains(own, want) {
						t.Errorf("own PDF lacks %q", want)
					}
					if !strings.Contains(lo, want) {
						t.Errorf("LibreOffice's PDF of the DOCX lacks %q", want)
					}
				}
			}
			if checked < 5 {
				t.Errorf("only %d texts compared", checked)
			}
		})
	}
}

func BenchmarkGrilleRemplie(b *testing.B) {
	ex := loadExemple(b, nil)
	r := embedded(b)
	bl, _ := r.Bloc("B")
	e, _ := bl.Epreuve(1)
	d := documents.GrilleRemplie(r, bl, e, &ex.sess.Candidats[0])
	for _, f := range Formats {
		b.Run(string(f), func(b *testing.B) {
			var buf bytes.Buffer
			b.ReportAllocs()
			for b.Loop() {
				buf.Reset()
				if err := Render(&buf, d, f, fixed); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(buf.Len()), "bytes/doc")
		})
	}
}

// A signed attestation carries its QR code as an image part of the DOCX.
func TestDOCXVerificationQRCode(t *testing.T) {
	ex := loadExemple(t, nil)
	r := embedded(t)
	keys, err := verification.NewKeys(strings.Repeat("q", 32), nil)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := r.Bloc("E")
	d := documents.Attestation(r, ex.sess, b, &ex.sess.Candidats[5], &verification.Verifier{Keys: keys, URL: "https://certidoc.exemple"}, nil)
	p := parts(t, renderDOCX(t, d, fixed))
	if !bytes.HasPrefix([]byte(p["word/media/certidoc-qr.png"]), []byte("\x89PNG")) {
		t.Error("no QR code image")
	}
	if !strings.Contains(p["word/_rels/document.xml.rels"], `Target="media/certidoc-qr.png"`) || !strings.Contains(p["[Content_Types].xml"], `Extension="png"`) {
		t.Error("the image has no relationship or content type")
	}
	if !strings.Contains(p["word/document.xml"], `r:embed="rIdCertidocQR"`) || !strings.Contains(wordText(t, p["word/document.xml"]), "https://certidoc.exemple/verifier/") {
		t.Error("the document does not show the QR code and its address")
	}
}

// Any text in a document gives a DOCX whose parts are well-formed XML.
func FuzzDOCXText(f *testing.F) {
	f.Add("Zoé <b>&amp;</b> {{DOCUMENT}} ]]> \u200f")
	f.Add("\x00\x01\xff\ufffe")
	f.Fuzz(func(t *testing.T, s string) {
		d := documents.Document{Name: "fuzz", Title: s, Author: s, Footer: s, Blocks: []documents.Block{
			documents.Paragraph{Text: s},
			documents.Table{Columns: []documents.Column{{Header: s, Width: 50}}, Rows: []documents.Row{{Cells: []documents.Cell{{Text: s}}}, {Group: true, Cells: []documents.Cell{{Text: s}}}}},
			documents.Signatures{Signers: []documents.Signer{{Role: s, Name: s}}, Height: 20},
		}}
		var buf bytes.Buffer
		if err := DOCX(&buf, d, fixed); err != nil {
			t.Fatal(err)
		}
		zr, err := zip.NewReader(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
		if err != nil {
			t.Fatal(err)
		}
		for _, zf := range zr.File {
			if !strings.HasSuffix(zf.Name, ".xml") {
				continue
			}
			rc, _ := zf.Open()
			dec := xml.NewDecoder(rc)
			for {
				_, err := dec.Token()
				if err == io.EOF {
					break
				}
				if err != nil {
					t.Fatalf("%s: %v", zf.Name, err)
				}
			}
			rc.Close()
		}
	})
}
