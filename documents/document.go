package documents

// Document is one document, described once for every output format.
type Document struct {
	// Kind is what the document is: a grid, the PV, an attestation…
	Kind Kind
	// Name is the file name without extension, such as "grille-A-1".
	Name string
	// Title and Subject go into the file's metadata.
	Title   string
	Subject string
	Author  string
	// Landscape selects A4 landscape; the default is A4 portrait.
	Landscape bool
	// Footer is printed on the left of every page's footer.
	Footer string
	// Pagination, when set, is printed on the right of every page's
	// footer, {page} and {pages} replaced by the page's number and the
	// number of pages (Paginee).
	Pagination string
	// Initials, when set, is the label of a box for initials in every
	// page's footer, such as "Paraphe du président :".
	Initials string
	// Frame draws a double border around every page (certificates); a
	// framed document carries no running header.
	Frame bool
	// Band, when set, is printed on every page in a shaded band at the top
	// (PDF) or in the page header (DOCX): "PV préparatoire — décisions à
	// prendre".
	Band string
	// RunningHead, when set, is printed at the top of every page, under
	// the band: what every page must name (a grid's épreuve and candidate).
	RunningHead string
	// Centered places the body in the middle of its page, top to bottom,
	// when it holds on one page (a certificate).
	Centered bool
	Blocks   []Block
}

// Block is one element of a document's body. Renderers switch on its type.
type Block interface{ block() }

// Paginee numbers a document's pages in its footer: "page 2 / 3".
const Paginee = "page {page} / {pages}"

// Heading is a title: level 1 for the document's title, 2 for a section.
type Heading struct {
	Level int
	Text  string
}

// Paragraph is running text.
type Paragraph struct {
	Text  string
	Style Style
	Align Align
}

// Align is the horizontal alignment of a paragraph.
type Align int

// Alignments.
const (
	Left Align = iota
	Center
	Right
	Justify
)

// Style is the look of a paragraph.
type Style int

// Paragraph styles.
const (
	Normal  Style = iota
	Small         // a smaller size, for notes and legends
	Strong        // bold
	Note          // small italic
	Large         // a larger bold size, for a certificate's mentions
	Display       // the largest size, for a certificate's title and holder
)

// List is a list of items, each printed with a bullet unless the text
// carries its own numbering.
type List struct {
	Items []string
	Small bool
}

// Facts is a two-column table of labels and values ("Bloc : …").
type Facts struct {
	Rows []Fact
}

// Fact is one label and its value.
type Fact struct {
	Label string
	Value string
}

// Labels (of Fields, Choices, WritingBox, Document.Initials) carry their
// colon: the writers print every word as the description gives it.

// Fields is a line of labelled blanks to fill in by hand (or pre-filled).
type Fields struct {
	Items []Field
}

// Field is one labelled blank; Width is its share of the line (relative).
type Field struct {
	Label string
	Value string
	Width float64
}

// Table is a table whose header row repeats on every page it spans and
// whose rows are never cut across pages.
type Table struct {
	Columns []Column
	Rows    []Row
	// Small sets the rows in the small size, for dense tables.
	Small bool
	// KeepWithNext keeps the table's last row on the page of the block that
	// follows (a grid's last criterion with its comment and signatures).
	KeepWithNext bool
}

// Column is one column of a table. Width is in millimetres.
type Column struct {
	Header string
	Width  float64
	// Check makes every cell of the column a check box, ticked when the
	// cell's Checked is true.
	Check bool
}

// Row is one row of a table. A Group row spans every column and heads the
// rows that follow it (it is kept with the next row); its cells are stacked
// lines, each in its own style.
type Row struct {
	Cells     []Cell
	Group     bool
	MinHeight float64 // millimetres; 0 for the text's height
}

// Cell is one cell of a row.
type Cell struct {
	Text    string
	Bold    bool
	Checked bool
}

// Choices is a labelled line of check boxes, such as the proposed result.
type Choices struct {
	Label    string
	Options  []string
	Selected int // index of the ticked option, -1 for none
}

// WritingBox is a framed space to write in by hand, or holding Text.
type WritingBox struct {
	Label  string
	Text   string
	Height float64 // millimetres
}

// Keep is a group of blocks kept together on one page when they fit on one.
type Keep struct {
	Blocks []Block
}

// Address is a letter's recipient block, on the first page where the
// window of an envelope shows it: every line within the rectangle Left,
// Top, Width, Height (millimetres from the page's left and top edges),
// left-aligned and centred top to bottom, in the largest size at which it
// holds there, lines broken only between words.
type Address struct {
	Lines                    []string
	Left, Top, Width, Height float64
}

// Spacer is vertical space in millimetres.
type Spacer struct {
	Height float64
}

// PageBreak starts a new page.
type PageBreak struct{}

func (Heading) block()    {}
func (Paragraph) block()  {}
func (List) block()       {}
func (Facts) block()      {}
func (Fields) block()     {}
func (Table) block()      {}
func (Choices) block()    {}
func (WritingBox) block() {}
func (Signatures) block() {}
func (Keep) block()       {}
func (Address) block()    {}
func (Spacer) block()     {}
func (PageBreak) block()  {}

// Page geometry shared by every renderer, in millimetres.
const (
	PageWidth    = 210.0
	PageHeight   = 297.0
	MarginLeft   = 15.0
	MarginRight  = 15.0
	MarginTop    = 15.0
	MarginBottom = 18.0
)

// ContentWidth returns the width between the margins.
func (d Document) ContentWidth() float64 {
	if d.Landscape {
		return PageHeight - MarginLeft - MarginRight
	}
	return PageWidth - MarginLeft - MarginRight
}
