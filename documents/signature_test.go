package documents

import (
	"math"
	"testing"
)

// Rows fills the content width, puts each block where the document says
// (a short last row against the right margin, a plain block with its
// stamp on its left) and gives every block its labels.
func TestSignatureRows(t *testing.T) {
	four := []Signer{{Role: "a"}, {Role: "b"}, {Role: "c"}, {Role: "Président", Name: "M. X", Date: "24/11/2022"}}
	for _, tt := range []struct {
		name  string
		s     Signatures
		width float64
		// the left edge of each box, row by row
		want [][]float64
	}{
		{"grid", Signatures{Signers: four[:2], PerRow: 2, Zone: SignatureZone}, 180, [][]float64{{0, 92}}},
		{"PV, the président alone on the right", Signatures{Signers: four, PerRow: 3, Right: true, Zone: SignatureZone}, 267, [][]float64{{0, 91, 182}, {182}}},
		{"PV, left", Signatures{Signers: four, PerRow: 3, Zone: SignatureZone}, 267, [][]float64{{0, 91, 182}, {0}}},
		{"letter", Signatures{Signers: four[3:], Plain: true, Stamp: true, Right: true}, 180, [][]float64{{180 - SignatureWidth}}},
		{"centred", Signatures{Signers: four[3:], Plain: true}, 180, [][]float64{{(180 - SignatureWidth) / 2}}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			rows := tt.s.Rows(tt.width)
			if len(rows) != len(tt.want) {
				t.Fatalf("got %d rows, want %d", len(rows), len(tt.want))
			}
			for i, row := range rows {
				x, total := 0.0, 0.0
				var got []float64
				for _, p := range row.Parts {
					if p.Kind == PartBox {
						got = append(got, math.Round(x))
						if p.Box.Framed != !tt.s.Plain {
							t.Errorf("row %d: framed %v for a plain %v signature", i, p.Box.Framed, tt.s.Plain)
						}
					}
					if p.Kind == PartStamp && p.Label != LabelCachet {
						t.Errorf("row %d: the stamp's room says %q", i, p.Label)
					}
					x += p.Width
					total += p.Width
				}
				if math.Abs(total-tt.width) > 0.01 && !(tt.s.Plain && !tt.s.Right) {
					t.Errorf("row %d: parts %.1f mm wide, want %.1f", i, total, tt.width)
				}
				if len(got) != len(tt.want[i]) {
					t.Fatalf("row %d: boxes at %v, want %v", i, got, tt.want[i])
				}
				for k := range got {
					if math.Abs(got[k]-math.Round(tt.want[i][k])) > 1 {
						t.Errorf("row %d: boxes at %v, want %v", i, got, tt.want[i])
						break
					}
				}
			}
			last := rows[len(rows)-1].Parts
			box := last[len(last)-1].Box
			if box == nil {
				for _, p := range last {
					if p.Box != nil {
						box = p.Box
					}
				}
			}
			var labels []string
			for _, l := range append(box.Above, box.Below...) {
				labels = append(labels, l.Label)
			}
			if !tt.s.Plain {
				// the name and the date share a line in a wide block
				above := box.Above
				if above[1].Beside != nil {
					above = []SignatureLine{above[0], above[1], *above[1].Beside, above[2]}
				}
				if len(above) != 4 || above[1].Label != LabelNom || above[2].Label != LabelDate || above[3].Label != LabelSignature {
					t.Errorf("a framed block's labels are %q", labels)
				}
				if box.Zone < MinSignatureFree {
					t.Errorf("a framed block leaves %.0f mm to sign, want %.0f", box.Zone, MinSignatureFree)
				}
			}
		})
	}
}
