package classeur

import (
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"certidoc/fr"
	"certidoc/referentiel"
	"certidoc/session"
)

// Write writes the entry workbook of the référentiel to w: blank, or
// pre-filled with a session when s is not nil. now dates the file.
func Write(w io.Writer, ref *referentiel.Referentiel, s *session.Session, now time.Time) error {
	f := excelize.NewFile()
	defer f.Close()
	b := &builder{f: f, ref: ref, s: s, calc: newCalcLayout(ref)}
	if s == nil {
		b.s = &session.Session{}
	}
	if err := b.build(now); err != nil {
		return fmt.Errorf("write classeur: %w", err)
	}
	if _, err := f.WriteTo(w); err != nil {
		return fmt.Errorf("write classeur: %w", err)
	}
	return nil
}

// builder lays out the sheets; the first error stops it.
type builder struct {
	f      *excelize.File
	ref    *referentiel.Referentiel
	s      *session.Session
	err    error
	styles struct{ title, help, input, date, formula, formulaOpen, label, text, note, average int }
	calc   *calcLayout
	lists  int // next free column of the Listes sheet
	// widths are the table sheets' column widths, in characters, and
	// lines the lines of wrapped text the tallest cell of a data row
	// written here needs: the rows are made that tall (see fitRows).
	widths map[string][]float64
	lines  map[sheetRow]int
}

// sheetRow is a row of a sheet, from 1.
type sheetRow struct {
	sheet string
	row   int
}

func (b *builder) check(err error) {
	if b.err == nil && err != nil {
		b.err = err
	}
}

func cell(col, row int) string {
	name, _ := excelize.CoordinatesToCellName(col, row)
	return name
}

func colName(col int) string {
	name, _ := excelize.ColumnNumberToName(col)
	return name
}

func (b *builder) build(now time.Time) error {
	f := b.f
	b.check(f.SetSheetName("Sheet1", sheetLisezMoi))
	b.check(f.SetDefaultFont("Arial"))
	b.newStyles()
	b.check(f.SetDocProps(&excelize.DocProperties{Title: "Classeur de saisie " + b.ref.Certification.Sigle, Creator: "certidoc", Language: "fr-FR",
		Created: now.UTC().Format(time.RFC3339), Modified: now.UTC().Format(time.RFC3339)}))
	for _, name := range []string{sheetSession, sheetJury, sheetCandidats, sheetAcquis, sheetPlanning} {
		_, err := f.NewSheet(name)
		b.check(err)
	}
	for i := range b.ref.Blocs {
		bl := &b.ref.Blocs[i]
		for j := range bl.Epreuves {
			_, err := f.NewSheet(epreuveSheet(bl, &bl.Epreuves[j]))
			b.check(err)
		}
	}
	for _, name := range []string{sheetDecisions, sheetIncidents, sheetListes, sheetCalculs, sheetMeta} {
		_, err := f.NewSheet(name)
		b.check(err)
	}
	b.lisezMoi()
	b.sessionSheet()
	b.jurySheet()
	b.candidatsSheet()
	b.acquisSheet()
	b.planningSheet()
	for i := range b.ref.Blocs {
		bl := &b.ref.Blocs[i]
		for j := range bl.Epreuves {
			b.epreuve(bl, &bl.Epreuves[j])
		}
	}
	b.decisionsSheet()
	b.incidentsSheet()
	b.meta()
	b.fitRows()
	for _, name := range f.GetSheetList() {
		if name != sheetCalculs {
			b.printLayout(name)
		}
	}
	// Formulas carry no computed value: compute them when the file opens.
	full := true
	b.check(f.SetCalcProps(&excelize.CalcPropsOptions{FullCalcOnLoad: &full}))
	b.check(f.SetSheetVisible(sheetListes, false))
	b.check(f.SetSheetVisible(sheetCalculs, false))
	b.check(f.SetSheetVisible(sheetMeta, false, true))
	f.SetActiveSheet(0)
	b.calculsSheet() // last: its part is written as XML, beyond excelize's reach
	return b.err
}

// printLayout prints a sheet on A4 landscape, as wide as the page.
func (b *builder) printLayout(sheet string) {
	size, orient, wide, tall, fit := 9, "landscape", 1, 0, true
	b.check(b.f.SetSheetProps(sheet, &excelize.SheetPropsOptions{FitToPage: &fit}))
	b.check(b.f.SetPageLayout(sheet, &excelize.PageLayoutOptions{Size: &size, Orientation: &orient, FitToWidth: &wide, FitToHeight: &tall}))
}

func (b *builder) newStyle(s *excelize.Style) int {
	if s.Font == nil {
		s.Font = &excelize.Font{}
	}
	if s.Font.Family == "" {
		s.Font.Family = "Arial"
	}
	id, err := b.f.NewStyle(s)
	b.check(err)
	return id
}

func (b *builder) newStyles() {
	border := []excelize.Border{{Type: "left", Color: "A0A0A0", Style: 1}, {Type: "right", Color: "A0A0A0", Style: 1}, {Type: "top", Color: "A0A0A0", Style: 1}, {Type: "bottom", Color: "A0A0A0", Style: 1}}
	unlocked := &excelize.Protection{Locked: false}
	b.styles.title = b.newStyle(&excelize.Style{Font: &excelize.Font{Bold: true}, Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"DEE4EC"}},
		Alignment: &excelize.Alignment{WrapText: true, Vertical: "center"}, Border: border})
	b.styles.help = b.newStyle(&excelize.Style{Font: &excelize.Font{Italic: true, Size: 9, Color: "5A5A5A"}, Alignment: &excelize.Alignment{WrapText: true, Vertical: "top"}, Border: border})
	b.styles.input = b.newStyle(&excelize.Style{Protection: unlocked, Alignment: &excelize.Alignment{WrapText: true, Vertical: "top"}})
	dateFmt := "dd/mm/yyyy"
	b.styles.date = b.newStyle(&excelize.Style{Protection: unlocked, CustomNumFmt: &dateFmt, Alignment: &excelize.Alignment{Vertical: "top", Horizontal: "left"}})
	b.styles.text = b.newStyle(&excelize.Style{Protection: unlocked, NumFmt: 49, Alignment: &excelize.Alignment{WrapText: true, Vertical: "top"}})
	// A mark is a number (General format): 12,5 typed in a French Excel or
	// Calc stays a number; 12.5 typed there stays a text, which the import
	// reads too.
	b.styles.note = b.newStyle(&excelize.Style{Protection: unlocked, Alignment: &excelize.Alignment{Vertical: "top", Horizontal: "center"}})
	b.styles.formula = b.newStyle(&excelize.Style{Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"F1F3F6"}}, Alignment: &excelize.Alignment{Vertical: "top"}})
	// Formula cells of input rows stay unlocked, so that the rows sort.
	b.styles.formulaOpen = b.newStyle(&excelize.Style{Protection: unlocked, Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"F1F3F6"}}, Alignment: &excelize.Alignment{Vertical: "top"}})
	b.styles.average = b.newStyle(&excelize.Style{Protection: unlocked, NumFmt: 2, Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"F1F3F6"}}, Alignment: &excelize.Alignment{Vertical: "top", Horizontal: "center"}})
	b.styles.label = b.newStyle(&excelize.Style{Font: &excelize.Font{Bold: true}, Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"F1F3F6"}}, Alignment: &excelize.Alignment{WrapText: true, Vertical: "top"}, Border: border})
}

// protect locks the layout of a sheet; the input cells stay unlocked. No
// password: it only prevents accidents.
func (b *builder) protect(sheet string) {
	b.check(b.f.ProtectSheet(sheet, &excelize.SheetProtectionOptions{
		SelectLockedCells: true, SelectUnlockedCells: true, FormatColumns: true, FormatRows: true,
		InsertRows: true, DeleteRows: true, Sort: true, AutoFilter: true,
	}))
}

// noteColumns is how many columns right of a table stay unlocked for notes.
const noteColumns = 30

// table writes the titles and help line of a table sheet, sizes and styles
// its columns, freezes the header and returns nothing; rows come after.
func (b *builder) table(sheet string, cols []column, dateCols map[int]bool, freezeCols int) {
	f := b.f
	// Columns on the right take the user's notes: unlocked. (Styled first,
	// while the sheet has no cell: excelize restyles existing cells.)
	b.check(f.SetColStyle(sheet, colName(len(cols)+1)+":"+colName(len(cols)+noteColumns), b.styles.text))
	if b.widths == nil {
		b.widths = map[string][]float64{}
	}
	b.widths[sheet] = nil
	for i, c := range cols {
		col := i + 1
		b.widths[sheet] = append(b.widths[sheet], c.Width)
		b.check(f.SetCellValue(sheet, cell(col, 1), c.Title))
		b.check(f.SetCellValue(sheet, cell(col, 2), c.Help))
		b.check(f.SetColWidth(sheet, colName(col), colName(col), c.Width))
		style := b.styles.text
		if dateCols[col] {
			style = b.styles.date
		}
		if c.Field == fieldNote {
			style = b.styles.note
		}
		b.check(f.SetColStyle(sheet, colName(col), style))
	}
	last := colName(len(cols))
	b.check(f.SetCellStyle(sheet, "A1", last+"1", b.styles.title))
	b.check(f.SetCellStyle(sheet, "A2", last+"2", b.styles.help))
	b.check(f.SetRowHeight(sheet, 1, 32))
	b.check(f.SetRowHeight(sheet, 2, 30))
	b.check(f.SetPanes(sheet, &excelize.Panes{Freeze: true, XSplit: freezeCols, YSplit: 2, TopLeftCell: cell(freezeCols+1, 3), ActivePane: "bottomRight"}))
	b.protect(sheet)
}

// set writes a value in a data cell, keeping the column's input style.
func (b *builder) set(sheet string, col, row int, v any, date bool) {
	ref := cell(col, row)
	style := b.styles.text
	if date {
		style = b.styles.date
		if d, ok := v.(fr.Date); ok {
			if t, ok := d.Time(); ok {
				v = t
			} else {
				v = d.String() // not a day: kept as text for the import to name it
			}
		}
	}
	if s, ok := v.(string); ok && s == "" {
		return
	}
	b.check(b.f.SetCellValue(sheet, ref, v))
	b.check(b.f.SetCellStyle(sheet, ref, ref, style))
	if s, ok := v.(string); ok && !date && col <= len(b.widths[sheet]) {
		if n := wrappedLines(s, b.widths[sheet][col-1]); n > 1 {
			if b.lines == nil {
				b.lines = map[sheetRow]int{}
			}
			at := sheetRow{sheet, row}
			b.lines[at] = max(b.lines[at], n)
		}
	}
}

// fitRows makes each data row written with a text longer than its cell's
// line as tall as that text wraps to: neither Excel nor Calc sizes the
// rows of a file as it opens, and a long motif or comment would show its
// first line only. Rows typed later are sized by the program as the user
// types. A row stays within Excel's 409 points.
func (b *builder) fitRows() {
	for at, n := range b.lines {
		b.check(b.f.SetRowHeight(at.sheet, at.row, min(409, float64(n)*lineHeight+3)))
	}
}

// lineHeight is the height in points of a line of the workbook's text
// (Arial 11, the default font).
const lineHeight = 15

// dropList attaches a drop-down list to a range. Lists longer than Excel's
// 255 characters go through the hidden Listes sheet.
func (b *builder) dropList(sheet, sqref string, values []string, prompt string) {
	b.dropListStyle(sheet, sqref, values, prompt, true)
}

// dropListStyle is dropList; with stop, a value outside the list is
// refused as it is typed; without, it is only warned about.
func (b *builder) dropListStyle(sheet, sqref string, values []string, prompt string, stop bool) {
	dv := excelize.NewDataValidation(true)
	dv.SetSqref(sqref)
	if len(strings.Join(values, ",")) <= 250 && !strings.ContainsAny(strings.Join(values, ""), `,"`) {
		b.check(dv.SetDropList(values))
	} else {
		b.lists++
		col := colName(b.lists)
		for i, v := range values {
			b.check(b.f.SetCellValue(sheetListes, fmt.Sprintf("%s%d", col, i+1), v))
		}
		dv.SetSqrefDropList(fmt.Sprintf("%s!$%s$1:$%s$%d", sheetListes, col, col, max(len(values), 1)))
	}
	style := excelize.DataValidationErrorStyleWarning
	if stop {
		style = excelize.DataValidationErrorStyleStop
	}
	dv.SetError(style, "Valeur inattendue", "Choisissez une valeur de la liste\u00a0: "+prompt)
	b.check(b.f.AddDataValidation(sheet, dv))
}

func rangeOf(col, from, to int) string { return cell(col, from) + ":" + cell(col, to) }
