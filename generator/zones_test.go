package generator

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"

	"certidoc/documents"
	"certidoc/internal/testtool"
)

// What a page of a PDF shows, read back from the file: the words
// `pdftotext -bbox` finds, and, page by page when asked, its pixels as
// `pdftoppm` draws them.
type pdfPages struct {
	path  string
	words [][]bboxWord // each page's words, in points
	gray  map[int]*grayImage
}

// readPDFPages reads the words of every page of a PDF.
func readPDFPages(t *testing.T, path string) *pdfPages {
	t.Helper()
	out, err := exec.Command(testtool.Need(t, "pdftotext", "poppler-utils"), "-bbox", "-enc", "UTF-8", path, "-").Output()
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
	p := &pdfPages{path: path, gray: map[int]*grayImage{}}
	for _, pg := range doc.Pages {
		p.words = append(p.words, pg.Words)
	}
	return p
}

// grayImage is a page drawn in shades of grey, dpi pixels an inch.
type grayImage struct {
	w, h int
	pix  []byte
	dpi  float64
}

const zoneDPI = 72

// page draws page n (from 0) of the PDF in grey.
func (p *pdfPages) page(t *testing.T, n int) *grayImage {
	t.Helper()
	if g, ok := p.gray[n]; ok {
		return g
	}
	page := strconv.Itoa(n + 1)
	out, err := exec.Command(testtool.Need(t, "pdftoppm", "poppler-utils"), "-gray", "-r", strconv.Itoa(zoneDPI), "-f", page, "-l", page, p.path).Output()
	if err != nil {
		t.Fatalf("pdftoppm %s page %s: %v", p.path, page, err)
	}
	g, err := parsePGM(out)
	if err != nil {
		t.Fatalf("pdftoppm %s page %s: %v", p.path, page, err)
	}
	g.dpi = zoneDPI
	p.gray[n] = g
	return g
}

// parsePGM reads a binary PGM (P5) of 8-bit pixels.
func parsePGM(b []byte) (*grayImage, error) {
	var fields []string
	rest := b
	for len(fields) < 4 {
		rest = bytes.TrimLeft(rest, " \t\r\n")
		if len(rest) > 0 && rest[0] == '#' {
			rest = rest[bytes.IndexByte(rest, '\n')+1:]
			continue
		}
		i := bytes.IndexAny(rest, " \t\r\n")
		if i < 0 {
			return nil, fmt.Errorf("not a PGM")
		}
		fields = append(fields, string(rest[:i]))
		rest = rest[i:]
	}
	rest = rest[1:] // the one white space after the header
	w, _ := strconv.Atoi(fields[1])
	h, _ := strconv.Atoi(fields[2])
	if fields[0] != "P5" || fields[3] != "255" || len(rest) < w*h {
		return nil, fmt.Errorf("not an 8-bit binary PGM (%q)", fields)
	}
	return &grayImage{w: w, h: h, pix: rest[:w*h]}, nil
}

const ptPerMM = 72 / 25.4

// inked tells whether anything is drawn (a pixel darker than light grey)
// in the rectangle, in millimetres from the page's top left corner.
func (g *grayImage) inked(x0, y0, x1, y1 float64) bool {
	px := func(mm float64) int { return int(mm / 25.4 * g.dpi) }
	for y := max(px(y0), 0); y <= min(px(y1), g.h-1); y++ {
		for x := max(px(x0), 0); x <= min(px(x1), g.w-1); x++ {
			if g.pix[y*g.w+x] < 215 {
				return true
			}
		}
	}
	return false
}

// freeBelow measures, in millimetres, the blank height under y within
// [x0, x1]: how far down nothing is drawn (at most limit).
func (g *grayImage) freeBelow(x0, x1, y, limit float64) float64 {
	step := 25.4 / g.dpi
	h := 0.0
	for h < limit && !g.inked(x0, y+h, x1, y+h+step) {
		h += step
	}
	return h
}

// signatureLabels finds the labels a hand signs under on a page: the
// framed blocks' "Signature :" and the plain ones' role, "Pour <the
// certifier>" (its line, centred over the zone).
func signatureLabels(words []bboxWord, role string) (labels []bboxWord) {
	second := ""
	if f := strings.Fields(role); len(f) > 1 {
		second = f[1]
	}
	for i, w := range words {
		switch {
		case strings.HasPrefix(w.Text, "Signature") && !strings.HasPrefix(w.Text, "Signatures"):
			if i+1 == len(words) || words[i+1].Text != ":" {
				// an attendance sheet's columns ("Signature",
				// "Signature à l’arrivée", "au départ"): a row per
				// candidate, measured by TestEmargementRows
				continue
			}
			labels = append(labels, w)
		case w.Text == "Pour" && i+1 < len(words) && words[i+1].Text == second:
			// the whole "Pour …" line: its words on the same baseline
			line := w
			for _, x := range words[i+1:] {
				if x.YMin > w.YMax || x.YMax < w.YMin {
					break
				}
				line.XMax = max(line.XMax, x.XMax)
			}
			line.Text = "Pour"
			labels = append(labels, line)
		}
	}
	return labels
}

// checkSignatureZones checks that under every signature label of a PDF a
// rectangle of documents.SignatureZoneWidth by documents.MinSignatureFree is
// blank, and returns the least free height found (0 for no label).
func checkSignatureZones(t *testing.T, name string, p *pdfPages, role string) (least float64, n int) {
	t.Helper()
	least = -1
	for pg, words := range p.words {
		for _, l := range signatureLabels(words, role) {
			g := p.page(t, pg)
			top := l.YMax/ptPerMM + 0.6
			x0 := l.XMin / ptPerMM
			if l.Text == "Pour" { // centred over the zone
				x0 = (l.XMin+l.XMax)/2/ptPerMM - documents.SignatureZoneWidth/2
			}
			x1 := x0 + documents.SignatureZoneWidth
			free := g.freeBelow(x0, x1, top, documents.MinSignatureFree+10)
			if least < 0 || free < least {
				least = free
			}
			n++
			if free < documents.MinSignatureFree {
				t.Errorf("%s page %d: %.1f mm free under %q (x %.0f mm, y %.0f mm), %.0f mm wide; want %.0f × %.0f", name, pg+1, free, l.Text, x0, top, documents.SignatureZoneWidth, documents.SignatureZoneWidth, documents.MinSignatureFree)
			}
		}
	}
	return least, n
}

// checkAddressWindow checks that every line of a letter's address block
// lies in the window of a DL envelope, left-aligned, on the first page.
func checkAddressWindow(t *testing.T, name string, p *pdfPages, a documents.Address) {
	t.Helper()
	if len(p.words) == 0 {
		t.Errorf("%s: no page", name)
		return
	}
	lefts := map[float64]bool{}
	for _, line := range a.Lines {
		first := true
		for _, word := range strings.FieldsFunc(line, func(r rune) bool { return r == ' ' || r == '\u00a0' }) {
			var found *bboxWord
			for i, w := range p.words[0] {
				// the block's words, not the sender's nor the body's
				if w.Text == word && w.YMin/ptPerMM < 99 && w.XMin/ptPerMM > 60 {
					found = &p.words[0][i]
					break
				}
			}
			if found == nil {
				t.Errorf("%s: %q of the address %q not found in the upper third of page 1", name, word, line)
				continue
			}
			x0, y0, x1, y1 := found.XMin/ptPerMM, found.YMin/ptPerMM, found.XMax/ptPerMM, found.YMax/ptPerMM
			if x0 < documents.FenetreGauche-0.5 || x1 > documents.FenetreGauche+documents.FenetreLargeur+0.5 ||
				y0 < documents.FenetreHaut-0.5 || y1 > documents.FenetreHaut+documents.FenetreHauteur+0.5 {
				t.Errorf("%s: %q at x %.0f–%.0f mm, y %.0f–%.0f mm, outside the window (x %.0f–%.0f, y %.0f–%.0f)", name, word, x0, x1, y0, y1,
					documents.FenetreGauche, documents.FenetreGauche+documents.FenetreLargeur, documents.FenetreHaut, documents.FenetreHaut+documents.FenetreHauteur)
			}
			if first {
				lefts[float64(int(x0+0.5))] = true
				first = false
			}
		}
	}
	if len(lefts) > 2 { // a rounding may split one edge in two
		t.Errorf("%s: the address block's lines start at %v mm: not left-aligned", name, lefts)
	}
}

// checkZonesAndWindows measures, in the PDF and in LibreOffice's PDF of
// the DOCX of each document, the blank under every signature label (every
// signer found, at least documents.SignatureZone high and
// documents.SignatureZoneWidth wide) and, for a letter, where its address
// block lies. role is the certifier's signature role, "Pour …".
func checkZonesAndWindows(t *testing.T, docs []paged, dir, lo, role string) {
	least := map[string]float64{}
	var mu sync.Mutex
	var wg sync.WaitGroup
	sem := make(chan struct{}, 4)
	for _, p := range docs {
		signers, address := 0, (*documents.Address)(nil)
		var walk func([]documents.Block)
		walk = func(bs []documents.Block) {
			for _, b := range bs {
				switch b := b.(type) {
				case documents.Signatures:
					signers += len(b.Signers)
				case documents.Keep:
					walk(b.Blocks)
				case documents.Address:
					address = &b
				}
			}
		}
		walk(p.doc.Blocks)
		for k, path := range []string{filepath.Join(dir, p.name+".pdf"), filepath.Join(lo, p.name+".pdf")} {
			wg.Add(1)
			sem <- struct{}{}
			go func() {
				defer wg.Done()
				defer func() { <-sem }()
				where := p.name + [2]string{" (PDF)", " (DOCX)"}[k]
				pp := readPDFPages(t, path)
				free, n := checkSignatureZones(t, where, pp, role)
				if n != signers {
					t.Errorf("%s: %d signature zones found, for %d signers", where, n, signers)
				}
				if address != nil {
					checkAddressWindow(t, where, pp, *address)
				}
				mu.Lock()
				defer mu.Unlock()
				kind := string(p.doc.Kind) + [2]string{" PDF", " DOCX"}[k]
				if v, ok := least[kind]; n > 0 && (!ok || free < v) {
					least[kind] = free
				}
			}()
		}
	}
	wg.Wait()
	t.Logf("least free height under a signature label, in millimetres: %v", least)
}
