package generator

import (
	"bytes"
	"encoding/xml"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"certidoc/documents"
	"certidoc/internal/testtool"
)

// bboxWord is one word of `pdftotext -bbox`, in points.
type bboxWord struct {
	XMin float64 `xml:"xMin,attr"`
	YMin float64 `xml:"yMin,attr"`
	XMax float64 `xml:"xMax,attr"`
	YMax float64 `xml:"yMax,attr"`
	Text string  `xml:",chardata"`
}

// lastWords returns the last occurrence of each word asked for, on the
// document's last page.
func lastWords(t *testing.T, path string, want ...string) map[string]bboxWord {
	t.Helper()
	out, err := cachedOutput(path, testtool.Need(t, "pdftotext", "poppler-utils"), "-bbox", "-enc", "UTF-8", path, "-")
	if err != nil {
		t.Fatalf("pdftotext -bbox %s: %v", path, err)
	}
	var doc struct {
		Pages []struct {
			Words []bboxWord `xml:"word"`
		} `xml:"body>doc>page"`
	}
	if err := xml.Unmarshal(out, &doc); err != nil {
		t.Fatalf("pdftotext -bbox %s: %v", path, err)
	}
	got := map[string]bboxWord{}
	if len(doc.Pages) == 0 {
		return got
	}
	for _, w := range doc.Pages[len(doc.Pages)-1].Words {
		for _, x := range want {
			if w.Text == x {
				got[x] = w
			}
		}
	}
	return got
}

// The attestation, the parchemin and the letter leave a zone of at least
// 30 mm (by 72 mm, documents.SignatureWidth) to sign between "Pour <certificateur>" and the signatory's
// name, the title under the name, and room for the stamp on the left: in
// the PDF and in the DOCX through LibreOffice. (They printed the name right
// under "Pour …".)
func TestSignatureZone(t *testing.T) {
	t.Parallel() // waits on LibreOffice: other tests run meanwhile
	ex := loadExemple(t, nil)
	r := embedded(t)
	b, _ := r.Bloc("A")
	c := &ex.sess.Candidats[0]
	docs := []documents.Document{
		documents.Attestation(r, ex.sess, b, c, nil, nil),
		documents.Parchemin(r, ex.sess, c, nil, nil),
		documents.Notification(r, ex.sess, &ex.delib.Candidats[0], nil),
	}
	dir := t.TempDir()
	var files []string
	for _, d := range docs {
		var pdf, docx bytes.Buffer
		if err := PDF(&pdf, d, fixed); err != nil {
			t.Fatal(err)
		}
		if err := DOCX(&docx, d, fixed); err != nil {
			t.Fatal(err)
		}
		os.WriteFile(filepath.Join(dir, d.Name+".pdf"), pdf.Bytes(), 0o644)
		f := filepath.Join(dir, d.Name+".docx")
		os.WriteFile(f, docx.Bytes(), 0o644)
		files = append(files, f)
	}
	office.Convert(t, "pdf", filepath.Join(dir, "lo"), files...)
	const mm = 72 / 25.4
	name, title := ex.sess.Signataire.Nom, ex.sess.Signataire.Qualite
	first := func(s string) string { return string(bytes.Fields([]byte(s))[0]) }
	for _, d := range docs {
		for _, path := range []string{filepath.Join(dir, d.Name+".pdf"), filepath.Join(dir, "lo", d.Name+".pdf")} {
			w := lastWords(t, path, "Pour", first(name), first(title), "Cachet")
			pour, nom, qualite, cachet := w["Pour"], w[first(name)], w[first(title)], w["Cachet"]
			if pour.Text == "" || nom.Text == "" || qualite.Text == "" {
				t.Errorf("%s: no signature block (Pour, %s, %s): %v", path, name, title, w)
				continue
			}
			if gap := (nom.YMin - pour.YMax) / mm; gap < 30 {
				t.Errorf("%s: %.1f mm between « Pour … » and the name, want at least 30", path, gap)
			}
			if qualite.YMin < nom.YMin+3 {
				t.Errorf("%s: the title (y %.0f) is not under the name (y %.0f)", path, qualite.YMin, nom.YMax)
			}
			// The stamp's room is marked on the left of the signature.
			if cachet.Text == "" {
				t.Errorf("%s: no room marked for the stamp", path)
			} else if cachet.XMax > nom.XMin {
				t.Errorf("%s: the stamp's room (x %.0f) is not left of the signature (x %.0f)", path, cachet.XMax, nom.XMin)
			}
			t.Logf("%s: zone %s mm high", filepath.Base(path), strconv.FormatFloat((nom.YMin-pour.YMax)/mm, 'f', 1, 64))
		}
	}
}
