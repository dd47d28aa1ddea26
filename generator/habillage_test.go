package generator

import (
	"archive/zip"
	"bytes"
	"image"
	"image/color"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"certidoc/certificateur"
	"certidoc/documents"
	"certidoc/internal/testtool"
)

// testProfil is the test profile: a transparent PNG logo, a JPEG
// signature and a PNG stamp with transparency, a colour, a footer line.
func testProfil(t testing.TB) (*certificateur.Profil, *Habillage) {
	t.Helper()
	p, err := certificateur.LoadFile("../certificateur/testdata/profil.yaml")
	if err != nil {
		t.Fatal(err)
	}
	h, err := NewHabillage(p)
	if err != nil {
		t.Fatal(err)
	}
	return p, h
}

// placement is where a PDF page draws an image, in millimetres from the
// page's top left corner.
type placement struct {
	x, y, w, h float64
}

var reDo = regexp.MustCompile(`q ([0-9.]+) 0 0 ([0-9.]+) ([0-9.-]+) ([0-9.-]+) cm /I[^ ]+ Do Q`)

// placements returns, page by page, where each image is drawn: the PDF
// rewritten by qpdf with its streams uncompressed, the image operators read.
func placements(t *testing.T, path string, pageH float64) [][]placement {
	t.Helper()
	qpdf := testtool.Need(t, "qpdf", "qpdf")
	out := filepath.Join(t.TempDir(), "qdf.pdf")
	if b, err := exec.Command(qpdf, "--qdf", "--object-streams=disable", path, out).CombinedOutput(); err != nil {
		t.Fatalf("qpdf: %v %s", err, b)
	}
	data, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	const pt = 25.4 / 72
	var pages [][]placement
	for _, chunk := range strings.Split(string(data), "%% Contents for page ")[1:] {
		var ps []placement
		for _, m := range reDo.FindAllStringSubmatch(chunk[:strings.Index(chunk, "endstream")], -1) {
			f := func(i int) float64 { v, _ := strconv.ParseFloat(m[i], 64); return v * pt }
			ps = append(ps, placement{x: f(3), y: pageH - f(4) - f(2), w: f(1), h: f(2)})
		}
		pages = append(pages, ps)
	}
	return pages
}

// find returns the placement of the image w × h mm on a page.
func find(ps []placement, w, h float64) (placement, bool) {
	for _, p := range ps {
		if abs(p.w-w) < 0.2 && abs(p.h-h) < 0.2 {
			return p, true
		}
	}
	return placement{}, false
}

func abs(v float64) float64 { return max(v, -v) }

// pixels renders the region of a page where p is drawn, with a
// transparent page colour (pdftocairo -transp): a pixel left transparent
// shows that nothing, not even a white box, was drawn there. The image is
// addressed in the whole page's pixels, as at reads it; drawing the region
// alone costs a sixth of drawing the page (bench/RESULTS.md).
func pixels(t *testing.T, path string, page int, dpi float64, p placement) image.Image {
	t.Helper()
	cairo := testtool.Need(t, "pdftocairo", "poppler-utils")
	base := filepath.Join(t.TempDir(), "page")
	n := strconv.Itoa(page)
	x0, y0 := pixel(p.x, dpi), pixel(p.y, dpi)
	w, h := pixel(p.x+p.w, dpi)-x0+1, pixel(p.y+p.h, dpi)-y0+1
	crop := []string{"-x", strconv.Itoa(x0), "-y", strconv.Itoa(y0), "-W", strconv.Itoa(w), "-H", strconv.Itoa(h)}
	args := append([]string{"-png", "-transp", "-singlefile", "-r", strconv.FormatFloat(dpi, 'f', 0, 64), "-f", n, "-l", n}, crop...)
	if b, err := exec.Command(cairo, append(args, path, base)...).CombinedOutput(); err != nil {
		t.Fatalf("pdftocairo: %v %s", err, b)
	}
	f, err := os.Open(base + ".png")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatal(err)
	}
	return shifted{img, image.Pt(x0, y0)}
}

// shifted is a region of a page, read in the page's pixel coordinates.
type shifted struct {
	image.Image
	off image.Point
}

func (s shifted) At(x, y int) color.Color { return s.Image.At(x-s.off.X, y-s.off.Y) }
func (s shifted) Bounds() image.Rectangle { return s.Image.Bounds().Add(s.off) }

// pixel is the pixel, at dpi, that holds a point mm millimetres from the
// page's edge.
func pixel(mm, dpi float64) int { return int(mm / 25.4 * dpi) }

// at returns the pixel at a fraction (fx, fy) of placement p.
func at(img image.Image, dpi float64, p placement, fx, fy float64) (r, g, b, a uint32) {
	px, py := pixel(p.x+fx*p.w, dpi), pixel(p.y+fy*p.h, dpi)
	r, g, b, a = img.At(px, py).RGBA()
	return r >> 8, g >> 8, b >> 8, a >> 8
}

// TestProfileImages renders every document of the example dossier and of
// its papers before the jury with the test profile (its signature images
// on the convocations too): the logo on every page of every PDF, at its
// place, drawn with its transparency, once per file; the signature and
// the stamp inside the signature zone of attestations, parchemins,
// letters and convocations, and nowhere on the PV, the grids, the
// attendance sheets and the planning.
func TestProfileImages(t *testing.T) {
	t.Parallel()
	test, h := testProfil(t)
	copied := *test
	copied.SignatureSur = append(slices.Clone(test.SignatureSur), certificateur.SurConvocation)
	p := &copied
	ex := loadExemple(t, nil)
	s := p.Appliquer(ex.sess)
	opt := Options{Now: fixed.Now, Habillage: h}
	lw, lh := p.Logo.Size()
	sg := p.Signataires[0]
	sw, sh := sg.Signature.Size()
	cw, ch := sg.Cachet.Size()
	dir := t.TempDir()
	seen := map[documents.Kind]bool{}
	r := embedded(t)
	all := func(yield func(documents.Entry) bool) {
		for e := range documents.Dossier(r, s, ex.delib, nil, nil, p) {
			if !yield(e) {
				return
			}
		}
		for e := range documents.AvantSession(r, s, nil, s.Planning.DateConvocation, p) {
			if !yield(e) {
				return
			}
		}
	}
	for e := range all {
		if e.Doc.Name == "" || seen[e.Doc.Kind] {
			continue
		}
		seen[e.Doc.Kind] = true
		d := e.Doc
		t.Run(string(d.Kind)+"/"+d.Name+"/"+filepath.Base(e.Dir), func(t *testing.T) {
			var buf bytes.Buffer
			if err := PDF(&buf, d, opt); err != nil {
				t.Fatal(err)
			}
			path := filepath.Join(dir, strings.ReplaceAll(e.Dir, "/", "-")+d.Name+".pdf")
			os.WriteFile(path, buf.Bytes(), 0o644)
			pageH := documents.PageHeight
			if d.Landscape {
				pageH = documents.PageWidth
			}
			pages := placements(t, path, pageH)
			if len(pages) == 0 {
				t.Fatal("no page")
			}
			for i, ps := range pages {
				logo, ok := find(ps, lw, lh)
				switch {
				case !ok:
					t.Errorf("page %d: no logo (%v)", i+1, ps)
				case d.Frame && (logo.y < 11 || logo.y+logo.h > 25):
					t.Errorf("page %d: a certificate's logo at %.1f–%.1f mm from the top, want inside its frame, above the body", i+1, logo.y, logo.y+logo.h)
				case !d.Frame && (logo.y < 3 || logo.y+logo.h > documents.MarginTop || abs(logo.x-documents.MarginLeft) > 0.1):
					t.Errorf("page %d: logo at (%.1f, %.1f) mm, want in the top margin on the left", i+1, logo.x, logo.y)
				}
			}
			// The logo is one image of the file however many pages show it.
			if n := bytes.Count(buf.Bytes(), []byte("/Subtype /Image")); n != imagesWanted(d, p) {
				t.Errorf("%d image objects, want %d (each image once per file, with its transparency mask)", n, imagesWanted(d, p))
			}
			// Rendered: the logo's blue disc where it is, and nothing at
			// all (not a white box) where the PNG is transparent.
			const dpi = 100
			logo, _ := find(pages[0], lw, lh)
			img := pixels(t, path, 1, dpi, logo)
			if r, g, b, a := at(img, dpi, logo, 30.0/480, 80.0/160); a < 250 || r > 60 || g > 100 || b < 90 {
				t.Errorf("logo disc renders rgba(%d,%d,%d,%d), want the opaque blue #1F4E79", r, g, b, a)
			}
			if _, _, _, a := at(img, dpi, logo, 0.98, 0.95); a != 0 {
				t.Errorf("the logo's transparent corner renders with alpha %d: a box is drawn behind it", a)
			}
			last := pages[len(pages)-1]
			signature, hasSig := find(last, sw, sh)
			stamp, hasStamp := find(last, cw, ch)
			if !signedWith(d, p) {
				if hasSig || hasStamp {
					t.Errorf("a %s carries the signature or the stamp image: signed by hand only", d.Kind)
				}
				return
			}
			if !hasSig || !hasStamp {
				t.Fatalf("signature %v, stamp %v on the last page, want both (%v)", hasSig, hasStamp, last)
			}
			// Inside the signature zone: below "Pour …", above the
			// signatory's name; the stamp on the left of the name.
			words := bboxWords(t, path, len(pages))
			pour, name := words["Pour"], words["Danièle"]
			for what, r := range map[string]placement{"signature": signature, "stamp": stamp} {
				if r.y < pour.yMax-0.1 || r.y+r.h > name.yMin+0.1 {
					t.Errorf("%s at %.1f–%.1f mm, want between “Pour” (%.1f) and the name (%.1f)", what, r.y, r.y+r.h, pour.yMax, name.yMin)
				}
			}
			if stamp.x+stamp.w > name.xMin {
				t.Errorf("stamp ends at %.1f mm, right of the name (%.1f)", stamp.x+stamp.w, name.xMin)
			}
			if signature.x > name.xMax || signature.x+signature.w < name.xMin {
				t.Errorf("signature at %.1f–%.1f mm, not above the name (%.1f–%.1f)", signature.x, signature.x+signature.w, name.xMin, name.xMax)
			}
			img = pixels(t, path, len(pages), dpi, stamp)
			if r, _, b, a := at(img, dpi, stamp, 0.5, 10.0/300); a < 250 || r < 120 || b > 80 {
				t.Errorf("stamp ring renders rgba(%d,_,%d,%d), want opaque red", r, b, a)
			}
			if _, _, _, a := at(img, dpi, stamp, 0.5, 25.0/300); a != 0 {
				t.Errorf("the stamp's transparent inside renders with alpha %d: a box is drawn behind it", a)
			}
		})
	}
	for _, k := range documents.Kinds {
		if !seen[k] {
			t.Errorf("no %s in the dossier nor the papers before the jury (kinds seen: %v)", k, seen)
		}
	}
}

// signedWith tells whether the profile prints its signature images on d:
// the kinds signature_sur may name, the two convocations under one.
func signedWith(d documents.Document, p *certificateur.Profil) bool {
	switch d.Kind {
	case documents.KindAttestation:
		return p.ImagesSur(certificateur.SurAttestation)
	case documents.KindParchemin:
		return p.ImagesSur(certificateur.SurParchemin)
	case documents.KindNotification:
		return p.ImagesSur(certificateur.SurNotification)
	case documents.KindConvocation, documents.KindConvocationJury:
		return p.ImagesSur(certificateur.SurConvocation)
	}
	return false
}

// imagesWanted is how many image objects a document of the test profile
// holds: the logo and its mask, and for a signed document the JPEG
// signature and the stamp with its mask.
func imagesWanted(d documents.Document, p *certificateur.Profil) int {
	if signedWith(d, p) {
		return 5
	}
	return 2
}

type box struct{ xMin, yMin, xMax, yMax float64 }

var reWord = regexp.MustCompile(`<word xMin="([0-9.]+)" yMin="([0-9.]+)" xMax="([0-9.]+)" yMax="([0-9.]+)">([^<]*)</word>`)

// bboxWords returns the last box of each word of a page, in millimetres.
func bboxWords(t *testing.T, path string, page int) map[string]box {
	t.Helper()
	out := pdftotext(t, path, "-bbox", "-f", strconv.Itoa(page), "-l", strconv.Itoa(page))
	words := map[string]box{}
	for _, m := range reWord.FindAllStringSubmatch(out, -1) {
		f := func(i int) float64 { v, _ := strconv.ParseFloat(m[i], 64); return v * 25.4 / 72 }
		words[m[5]] = box{f(1), f(2), f(3), f(4)}
	}
	return words
}

// TestProfileImagesOncePerFile: a PDF grows by about its images' size, once,
// however many pages show them.
func TestProfileImagesOncePerFile(t *testing.T) {
	p, h := testProfil(t)
	ex := loadExemple(t, nil)
	s := p.Appliquer(ex.sess)
	r := embedded(t)
	for _, docs := range [][2]documents.Document{
		{documents.PV(r, s, ex.delib, nil), documents.PV(r, s, ex.delib, nil)},
		{documents.Parchemin(r, s, &s.Candidats[0], nil, nil), documents.Parchemin(r, s, &s.Candidats[0], nil, p)},
	} {
		d := docs[1]
		var plain, dressed bytes.Buffer
		if err := PDF(&plain, docs[0], fixed); err != nil {
			t.Fatal(err)
		}
		if err := PDF(&dressed, d, Options{Now: fixed.Now, Habillage: h}); err != nil {
			t.Fatal(err)
		}
		images := len(p.Logo.Data)
		if d.Kind == documents.KindParchemin {
			images += len(p.Signataires[0].Signature.Data) + len(p.Signataires[0].Cachet.Data)
		}
		grew := dressed.Len() - plain.Len()
		if grew > images*3/2+3000 || grew < images/2 {
			t.Errorf("%s (%d pages): %d bytes more with the profile, its images are %d bytes", d.Name, bytes.Count(plain.Bytes(), []byte("/Type /Page\n")), grew, images)
		}
	}
}

// TestProfileDOCX: the DOCX carries the same images as media parts, each
// once, the logo in the header, and LibreOffice prints them.
func TestProfileDOCX(t *testing.T) {
	t.Parallel() // waits on LibreOffice: other tests run meanwhile
	p, h := testProfil(t)
	ex := loadExemple(t, nil)
	s := p.Appliquer(ex.sess)
	r := embedded(t)
	b, _ := r.Bloc("B")
	docs := []documents.Document{
		documents.PV(r, s, ex.delib, nil),
		documents.GrilleRemplie(r, b, &b.Epreuves[0], &s.Candidats[0]),
		documents.Attestation(r, s, b, &s.Candidats[0], nil, p),
		documents.Parchemin(r, s, &s.Candidats[0], nil, p),
		documents.Notification(r, s, &ex.delib.Candidats[2], p),
	}
	opt := Options{Now: fixed.Now, Habillage: h}
	dir := t.TempDir()
	var files []string
	for _, d := range docs {
		data := renderDOCX(t, d, opt)
		zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
		if err != nil {
			t.Fatal(err)
		}
		var media []string
		for _, f := range zr.File {
			if strings.HasPrefix(f.Name, "word/media/certidoc-") {
				media = append(media, f.Name)
			}
		}
		want := []string{mediaName(p.Logo)}
		if d.Kind != documents.KindPV && d.Kind != documents.KindGrille {
			want = append(want, mediaName(sg(p).Signature), mediaName(sg(p).Cachet))
		}
		slices.Sort(media)
		slices.Sort(want)
		if !slices.Equal(media, want) {
			t.Errorf("%s: media parts %v, want %v", d.Name, media, want)
		}
		pr := parts(t, data)
		if !d.Frame && !strings.Contains(pr["word/_rels/header1.xml.rels"], "media/certidoc-"+p.Logo.Empreinte[:16]+".png") {
			t.Errorf("%s: the header does not name the logo", d.Name)
		}
		path := filepath.Join(dir, d.Name+".docx")
		os.WriteFile(path, data, 0o644)
		files = append(files, path)
	}
	office.Convert(t, "pdf", filepath.Join(dir, "lo"), files...)
	pdfimages := testtool.Need(t, "pdfimages", "poppler-utils")
	for _, d := range docs {
		out, err := exec.Command(pdfimages, "-list", filepath.Join(dir, "lo", d.Name+".pdf")).Output()
		if err != nil {
			t.Fatal(err)
		}
		pagesWithImage := map[string]int{}
		for _, line := range strings.Split(string(out), "\n")[2:] {
			if f := strings.Fields(line); len(f) > 3 && f[2] == "image" {
				pagesWithImage[f[0]]++
			}
		}
		pages := strings.Count(pdftotext(t, filepath.Join(dir, "lo", d.Name+".pdf"), "-layout"), "\f")
		var own bytes.Buffer
		if err := PDF(&own, d, opt); err != nil {
			t.Fatal(err)
		}
		if n := bytes.Count(own.Bytes(), []byte("/Type /Page\n")); n != pages {
			t.Errorf("%s: %d pages in LibreOffice's rendering of the DOCX, %d in the PDF", d.Name, pages, n)
		}
		want := 1
		if d.Kind != documents.KindPV && d.Kind != documents.KindGrille {
			want = 3
		}
		if n := pagesWithImage[strconv.Itoa(pages)]; n != want {
			t.Errorf("%s: LibreOffice prints %d images on the last page, want %d (%s)", d.Name, n, want, out)
		}
		for i := 1; i <= pages; i++ {
			if pagesWithImage[strconv.Itoa(i)] == 0 {
				t.Errorf("%s: page %d of %d without the logo in LibreOffice's rendering", d.Name, i, pages)
			}
		}
	}
}

func sg(p *certificateur.Profil) certificateur.Signataire { return p.Signataires[0] }

// TestProfileTextsKeepTheMandatoryMentions: whatever the certifier's texts
// say, the parchemin and the attestation keep every mandatory mention, and
// the texts print with French typography.
func TestProfileTextsKeepTheMandatoryMentions(t *testing.T) {
	p, _ := testProfil(t)
	bare := *p
	bare.Textes = certificateur.Textes{ParcheminFormule: "Bravo !", AttestationFormule: "Voici :", LettreAppel: "Bonjour,", LettrePolitesse: "Cordialement.", LettreSuite: "À bientôt."}
	ex := loadExemple(t, nil)
	s := bare.Appliquer(ex.sess)
	r := embedded(t)
	b, _ := r.Bloc("A")
	c := &s.Candidats[0]
	for _, d := range []documents.Document{documents.Parchemin(r, s, c, nil, &bare), documents.Attestation(r, s, b, c, nil, &bare)} {
		text := normalize(pdftotext(t, renderPDF(t, d), "-raw"))
		want := []string{
			"enregistrée au Répertoire national des certifications professionnelles sous le numéro RNCP36128",
			"par décision du directeur général de France compétences en date du 26 janvier 2022",
			"CENTRE RESSOURCES AROBASE", "Coordinateur(trice) de parcours d’insertion sociale et professionnelle",
			"de niveau 5 dans la nomenclature nationale des niveaux de qualification", "code NSF 332t",
			"Madame Élodie Marie LEFÈVRE-ŒUVRAY", "Fait à Lyon, le 24 novembre 2022",
		}
		if d.Kind == documents.KindParchemin {
			want = append(want, "Bravo\u202f!")
		} else {
			want = append(want, "Voici\u00a0:", "RNCP36128BC01", "Ce bloc de compétences est acquis à vie.")
		}
		for _, w := range want {
			if !strings.Contains(strings.ToLower(text), strings.ToLower(normalize(w))) {
				t.Errorf("%s lacks %q", d.Name, w)
			}
		}
	}
}

// TestProfileColour: the accent colour is the titles' in the PDF and the
// DOCX, and a body's own base Word document keeps its header: no logo
// there, the signature images still in the body.
func TestProfileColour(t *testing.T) {
	p, h := testProfil(t)
	ex := loadExemple(t, nil)
	s := p.Appliquer(ex.sess)
	r := embedded(t)
	d := documents.Notification(r, s, &ex.delib.Candidats[0], p)
	pv := documents.PV(r, s, ex.delib, nil)
	var buf bytes.Buffer
	if err := PDF(&buf, pv, Options{Now: fixed.Now, Habillage: h}); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "pv.pdf")
	os.WriteFile(path, buf.Bytes(), 0o644)
	qpdf := testtool.Need(t, "qpdf", "qpdf")
	out := path + ".qdf"
	if b, err := exec.Command(qpdf, "--qdf", "--object-streams=disable", path, out).CombinedOutput(); err != nil {
		t.Fatalf("qpdf: %v %s", err, b)
	}
	raw, _ := os.ReadFile(out)
	// #1F4E79 as fpdf writes it: the titles' fill, the rules' stroke
	if !bytes.Contains(raw, []byte("0.122 0.306 0.475 rg")) || !bytes.Contains(raw, []byte("0.122 0.306 0.475 RG")) {
		t.Error("the PV's PDF does not use the accent colour for titles and rules")
	}
	pr := parts(t, renderDOCX(t, pv, Options{Now: fixed.Now, Habillage: h}))
	if !strings.Contains(pr["word/document.xml"], `<w:color w:val="1F4E79"/>`) || !strings.Contains(pr["word/footer1.xml"], `w:color="1F4E79"`) {
		t.Error("the PV's DOCX does not use the accent colour for titles and rules")
	}
	own := renderDOCX(t, d, Options{Now: fixed.Now, Habillage: h, Modele: modeleWith(t, "word/header1.xml", func(s string) string { return strings.Replace(s, "{{ORGANISME}}", "EN-TÊTE MAISON", 1) })})
	pr = parts(t, own)
	if strings.Contains(pr["word/header1.xml"], "certidoc-") || pr["word/_rels/header1.xml.rels"] != "" {
		t.Error("the body's own base document got the logo in its header")
	}
	if !strings.Contains(pr["word/header1.xml"], "EN-TÊTE MAISON") || !strings.Contains(pr["word/_rels/document.xml.rels"], mediaName(sg(p).Signature)[len("word/"):]) {
		t.Error("with the body's own base document: its header, and the signature in the body, expected")
	}
}
