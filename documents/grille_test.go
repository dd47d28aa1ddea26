package documents

import (
	"errors"
	"testing"

	"certidoc/referentiel"
)

func TestGrilleDescribesEveryEvaluatedCompetence(t *testing.T) {
	r, err := referentiel.Embedded()
	if err != nil {
		t.Fatal(err)
	}
	docs, err := Grilles(r, "")
	if err != nil {
		t.Fatal(err)
	}
	if len(docs) != 10 {
		t.Fatalf("got %d grids, want 10", len(docs))
	}
	i := 0
	for bi := range r.Blocs {
		b := &r.Blocs[bi]
		for ei := range b.Epreuves {
			e := &b.Epreuves[ei]
			d := docs[i]
			i++
			if want := "grille-" + b.EpreuveID(e); d.Name != want {
				t.Errorf("name: got %s, want %s", d.Name, want)
			}
			var table *Table
			var sig *Signatures
			var find func([]Block)
			find = func(bs []Block) {
				for _, blk := range bs {
					switch blk := blk.(type) {
					case Table:
						table = &blk
					case Signatures:
						sig = &blk
					case Keep:
						find(blk.Blocks)
					}
				}
			}
			find(d.Blocks)
			if table == nil || sig == nil {
				t.Fatalf("%s: no table or no signatures", d.Name)
			}
			var codes []string
			for _, row := range table.Rows {
				if row.Group {
					continue
				}
				if len(row.Cells) != len(table.Columns) {
					t.Errorf("%s: row has %d cells for %d columns", d.Name, len(row.Cells), len(table.Columns))
				}
				codes = append(codes, row.Cells[0].Text)
				c, _, ok := b.Competence(row.Cells[0].Text)
				if !ok || row.Cells[2].Text != c.Critere || row.Cells[1].Text != c.Intitule {
					t.Errorf("%s: row %s does not carry the référentiel's text", d.Name, row.Cells[0].Text)
				}
			}
			if len(codes) != len(e.Competences) {
				t.Errorf("%s: %d rows for %d compétences", d.Name, len(codes), len(e.Competences))
			}
			if len(sig.Signers) != len(e.Evaluateurs) {
				t.Errorf("%s: %d signature blocks for %d evaluators", d.Name, len(sig.Signers), len(e.Evaluateurs))
			}
			width := 0.0
			for _, c := range table.Columns {
				width += c.Width
			}
			if width < d.ContentWidth()-0.01 || width > d.ContentWidth()+0.01 {
				t.Errorf("%s: columns are %.2f mm wide, page content %.2f mm", d.Name, width, d.ContentWidth())
			}
		}
	}
}

func TestGrillesUnknownBloc(t *testing.T) {
	r, err := referentiel.Embedded()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Grilles(r, "Z"); !errors.Is(err, ErrUnknownBloc) {
		t.Errorf("got %v, want ErrUnknownBloc", err)
	}
	docs, err := Grilles(r, "B")
	if err != nil || len(docs) != 2 {
		t.Errorf("bloc B: got %d docs, %v", len(docs), err)
	}
}
