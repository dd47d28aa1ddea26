package generator

import (
	"strings"
	"testing"

	"certidoc/documents"
)

// A group's heading (an activity of a grid: "D6 – Intégration…") never
// ends a page: it starts the page its first criterion starts, even when
// that criterion is the grid's last and goes with the comment and the
// signatures. (Grid D-2 left "D6 – …" alone at the foot of its page 2.)
func TestGroupHeadingKeepsItsFirstRow(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("renders every grid of two dossiers")
	}
	r := embedded(t)
	var grids []documents.Document
	blank, err := documents.Grilles(r, "")
	if err != nil {
		t.Fatal(err)
	}
	grids = append(grids, blank...)
	for _, ex := range []exempleT{loadExemple(t, nil), loadSession(t, "../testdata/session-longue.json", nil)} {
		for e := range documents.Dossier(r, ex.sess, ex.delib, nil, nil, nil) {
			if e.Doc.Kind == documents.KindGrille {
				e.Doc.Name = strings.ReplaceAll(e.Dir, "/", "-") + "-" + e.Doc.Name
				grids = append(grids, e.Doc)
			}
		}
	}
	var paths []string
	for _, d := range grids {
		paths = append(paths, renderPDF(t, d))
	}
	readAhead(t, paths, false, []string{"-enc", "UTF-8", "-layout"})
	for i, d := range grids {
		var heads []string
		for _, b := range d.Blocks {
			if tb, ok := b.(documents.Table); ok {
				for _, row := range tb.Rows {
					if row.Group {
						var cells []string
						for _, c := range row.Cells {
							cells = append(cells, c.Text)
						}
						heads = append(heads, normalize(strings.Join(cells, " ")))
					}
				}
			}
		}
		pages := strings.Split(pdftotext(t, paths[i], "-layout"), "\f")
		for n, page := range pages {
			var body []string
			for _, line := range strings.Split(page, "\n") {
				if l := normalize(line); l != "" && !strings.HasPrefix(l, firstWords(d.Footer, 5)) {
					body = append(body, l)
				}
			}
			text := strings.Join(body, " ")
			for _, h := range heads {
				if text != "" && strings.HasSuffix(text, h) {
					t.Errorf("%s: page %d ends with the heading %q, its first row on the next page", d.Name, n+1, h)
				}
			}
		}
	}
}

// The same, on a table whose only group heads its last row, kept with a
// block after the table, the whole starting low on a page: the heading
// (nor the table's header) is left alone at the foot of the page.
func TestGroupHeadingKeptWithTheLastRow(t *testing.T) {
	cols := []documents.Column{{Header: "Code", Width: 20}, {Header: "Compétence", Width: 160}}
	d := documents.Document{Name: "groupe", Blocks: []documents.Block{
		documents.Spacer{Height: 220},
		documents.Table{Columns: cols, KeepWithNext: true, Rows: []documents.Row{
			{Group: true, Cells: []documents.Cell{{Text: "D6 – Intégration d’une position de médiateur", Bold: true}}},
			{Cells: []documents.Cell{{Text: "4.9"}, {Text: "Favoriser le dialogue"}}, MinHeight: 21},
		}},
		documents.Keep{Blocks: []documents.Block{documents.WritingBox{Label: "Appréciation générale\u00a0:", Height: 40}}},
	}}
	pages := strings.Split(pdftotext(t, renderPDF(t, d), "-layout"), "\f")
	if len(pages) < 2 {
		t.Fatalf("%d page: the case is not made", len(pages))
	}
	first := normalize(pages[0])
	for _, alone := range []string{"D6 – Intégration", "Compétence"} {
		if strings.Contains(first, alone) {
			t.Errorf("page 1 ends with %q, what follows on page 2:\n%s", alone, pages[0])
		}
	}
}
