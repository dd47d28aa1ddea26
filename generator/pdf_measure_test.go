package generator

import (
	"maps"
	"strings"
	"testing"

	"certidoc/documents"
)

// Measuring a document (for the DOCX's page breaks) skips drawing, and must
// still lay it out exactly as drawing does: the same breaks, pages and
// last position, for every document of the example dossier and for texts
// longer than a page.
func TestMeasureLaysOutAsDrawing(t *testing.T) {
	ex := loadExemple(t, nil)
	var docs []documents.Document
	for e := range documents.Dossier(embedded(t), ex.sess, ex.delib, ex.rep.Avertissements, nil, nil) {
		if e.File == nil {
			docs = append(docs, e.Doc)
		}
	}
	long := strings.Repeat("Un commentaire très long sur ce critère, ", 400)
	docs = append(docs, namesDocument(), documents.Document{Name: "long", Blocks: []documents.Block{
		documents.Paragraph{Text: long},
		documents.Table{Columns: []documents.Column{{Header: "Critère", Width: 60}, {Header: "Oui", Width: 15, Check: true}, {Header: "Commentaire", Width: 105}},
			Rows: []documents.Row{{Cells: []documents.Cell{{Text: "C1"}, {Checked: true}, {Text: long}}}, {Group: true, Cells: []documents.Cell{{Text: "Groupe"}}}}},
	}})
	if len(docs) < 60 {
		t.Fatalf("only %d documents", len(docs))
	}
	for _, d := range docs {
		drawn, dtop, err := layout(d, fixed, addParsedFonts, false)
		if err != nil {
			t.Fatal(err)
		}
		measured, mtop, err := layout(d, fixed, addParsedFonts, true)
		if err != nil {
			t.Fatal(err)
		}
		if dtop != mtop || drawn.f.PageNo() != measured.f.PageNo() || drawn.f.GetY() != measured.f.GetY() || !maps.Equal(drawn.breaks, measured.breaks) {
			t.Errorf("%s: drawn: top %v, %d pages, ends at %v, breaks %v; measured: top %v, %d pages, ends at %v, breaks %v",
				d.Name, dtop, drawn.f.PageNo(), drawn.f.GetY(), drawn.breaks, mtop, measured.f.PageNo(), measured.f.GetY(), measured.breaks)
		}
	}
}
