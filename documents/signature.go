package documents

import "certidoc/certificateur"

// Signatures is a set of signature blocks, laid out side by side. Rows
// says where each block goes and what it holds: every writer draws that.
type Signatures struct {
	Signers []Signer
	// PerRow is how many blocks share a line (default 2).
	PerRow int
	// Height is the least height of a framed block in millimetres.
	Height float64
	// Zone is the free height, in millimetres, left to sign in: under the
	// "Signature :" label of a framed block, between the role and the name
	// of a plain one (at least MinSignatureHeight).
	Zone float64
	// Right places a row with fewer blocks than PerRow against the right
	// margin, where a letter or a certificate is signed.
	Right bool
	// Plain prints the role, a zone to sign in, then the signatory's name
	// and title, without a frame or blanks: the signature of a letter or a
	// certificate.
	Plain bool
	// Stamp leaves room for the body's stamp beside a plain signature.
	Stamp bool
	// Aside, when set, is drawn on the left of a plain signature, at its
	// height: a certificate's verification code, so that it holds on
	// its one page.
	Aside *Verification
}

// Signer is one signature block: who signs, and blanks for name and date.
type Signer struct {
	Role string
	Name string
	// Title is the signatory's title, printed under the name (plain).
	Title string
	Date  string
	// Signature and Cachet are the images of the signatory's signature,
	// printed in the zone to sign, and of the body's stamp, in the stamp's
	// room (plain signatures only); nil for none: signed by hand.
	Signature, Cachet *certificateur.Image
}

// Sizes of signature blocks in millimetres: room to sign by hand and to
// stamp, and the space between two framed blocks.
const (
	MinSignatureHeight = 32.0
	SignatureWidth     = 72.0
	StampWidth         = 44.0
	SignatureGap       = 4.0
	// SignatureZone is the blank height laid out under a framed block's
	// "Signature :", SignatureZoneWidth its least width: room to sign by
	// hand. Whatever the line spacing of a writer (Word's lines are taller
	// than the PDF's), MinSignatureFree millimetres at least are left
	// free under the label.
	SignatureZone      = 27.0
	SignatureZoneWidth = 60.0
	MinSignatureFree   = 25.0
)

// The words of a signature block.
const (
	LabelNom       = "Nom\u00a0: "
	LabelDate      = "Date\u00a0: "
	LabelSignature = "Signature\u00a0:"
	LabelCachet    = "Cachet de l’organisme"
)

// SignatureRow is one line of signature blocks: parts side by side from
// the left margin, each as wide as it says.
type SignatureRow struct {
	Parts []SignaturePart
	// Height is the least height of the row's framed blocks.
	Height float64
	// After is the space under the row, in millimetres.
	After float64
}

// PartKind is what a part of a signature row holds.
type PartKind int

// The parts of a signature row.
const (
	PartGap   PartKind = iota // nothing: space between blocks
	PartBox                   // a signer's block (SignaturePart.Box)
	PartStamp                 // room for the stamp, its place said at the bottom
	PartAside                 // the verification block of Signatures.Aside
)

// SignaturePart is one part of a signature row.
type SignaturePart struct {
	Kind  PartKind
	Width float64
	Box   *SignatureBox // PartBox
	Label string        // PartStamp: where the stamp goes
	// Image is the stamp printed in its room (PartStamp), centred in the
	// height of the block's zone; Label is then empty.
	Image *certificateur.Image
}

// SignatureBox is one signer's block, top to bottom: the lines Above, a
// blank zone of Zone millimetres to sign in, the lines Below.
type SignatureBox struct {
	// Framed draws a frame around the block, in the small size; a plain
	// block has no frame and its lines are centred.
	Framed bool
	Above  []SignatureLine
	Zone   float64
	Below  []SignatureLine
	// Image is the scanned signature printed in the zone, centred, its
	// bottom 1 mm above the lines Below; nil for none.
	Image *certificateur.Image
}

// SignatureLine is one line of a signature block: a label, then the value
// or, with Blank, a line to write it on by hand.
type SignatureLine struct {
	Label string
	Value string
	// Blank draws a dotted line to write on after the label.
	Blank bool
	Bold  bool
	// Beside, when set, shares the line: it starts at Split (a share of
	// the block's width, 0 to 1) and this line stops there. "Date : …"
	// beside "Nom : …" in a wide block.
	Beside *SignatureLine
	Split  float64
}

// splitWidth is the least width of a framed block whose name and date
// share a line.
const splitWidth = 80.0

// Rows lays the signature blocks out in the content width, in millimetres:
// PerRow framed blocks a line, the last line against the right margin with
// Right; a plain block against the right margin (Right) or centred, with
// the stamp's room and the aside on its left.
func (s Signatures) Rows(width float64) []SignatureRow {
	if s.Plain {
		return s.plainRows(width)
	}
	per := s.PerRow
	if per <= 0 {
		per = 2
	}
	w := (width - SignatureGap*float64(per-1)) / float64(per)
	var rows []SignatureRow
	for start := 0; start < len(s.Signers); start += per {
		n := min(per, len(s.Signers)-start)
		lead := 0
		if s.Right {
			lead = per - n
		}
		row := SignatureRow{Height: s.Height, After: SignatureGap}
		for i := range per {
			if i > 0 {
				row.Parts = append(row.Parts, SignaturePart{Kind: PartGap, Width: SignatureGap})
			}
			j := i - lead
			if j < 0 || j >= n {
				row.Parts = append(row.Parts, SignaturePart{Kind: PartGap, Width: w})
				continue
			}
			sg := s.Signers[start+j]
			nom, date := SignatureLine{Label: LabelNom, Value: sg.Name, Blank: true}, SignatureLine{Label: LabelDate, Value: sg.Date, Blank: true}
			lines := []SignatureLine{{Value: sg.Role, Bold: true}, nom, date, {Label: LabelSignature}}
			if w >= splitWidth {
				// the name and the date on one line: more room to sign
				nom.Beside, nom.Split = &date, 0.64
				lines = []SignatureLine{lines[0], nom, lines[3]}
			}
			row.Parts = append(row.Parts, SignaturePart{Kind: PartBox, Width: w, Box: &SignatureBox{
				Framed: true,
				Above:  lines,
				Zone:   s.Zone,
			}})
		}
		rows = append(rows, row)
	}
	return rows
}

// plainRows lays out plain signatures, one a row: the room left of the
// block (where the aside goes), the stamp's room, a gap, the block.
func (s Signatures) plainRows(width float64) []SignatureRow {
	w, stamp := SignatureWidth, 0.0
	if s.Stamp {
		stamp = StampWidth
	}
	lead := width - w - stamp - SignatureGap
	if !s.Right {
		lead = (width-w)/2 - stamp - SignatureGap
	}
	rows := make([]SignatureRow, 0, len(s.Signers))
	for _, sg := range s.Signers {
		left := SignaturePart{Kind: PartGap, Width: lead}
		if s.Aside != nil {
			left.Kind = PartAside
		}
		st := SignaturePart{Kind: PartGap, Width: stamp}
		switch {
		case s.Stamp && sg.Cachet != nil:
			st = SignaturePart{Kind: PartStamp, Width: stamp, Image: sg.Cachet}
		case s.Stamp:
			st = SignaturePart{Kind: PartStamp, Width: stamp, Label: LabelCachet}
		}
		rows = append(rows, SignatureRow{After: SignatureGap, Parts: []SignaturePart{
			left, st, {Kind: PartGap, Width: SignatureGap},
			{Kind: PartBox, Width: w, Box: &SignatureBox{
				Above: []SignatureLine{{Value: sg.Role}},
				Zone:  max(s.Zone, MinSignatureHeight),
				Below: []SignatureLine{{Value: sg.Name, Bold: true}, {Value: sg.Title}},
				Image: sg.Signature,
			}},
		}})
	}
	return rows
}
