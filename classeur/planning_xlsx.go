package classeur

import (
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"certidoc/documents"
	"certidoc/fr"
	"certidoc/referentiel"
	"certidoc/session"
)

// planningSheetTitle names the one sheet of the planning workbook.
const planningSheetTitle = "Planning"

// PlanningXLSXColumns are the planning workbook's columns: those of the
// printable planning (documents.PlanningColumns), its duration in minutes
// and the passage's in a column of its own, so that both are numbers.
func PlanningXLSXColumns() []string {
	var out []string
	for _, c := range documents.PlanningColumns {
		if c == "Durée" {
			out = append(out, "Durée (minutes)", "Passage (minutes)")
			continue
		}
		out = append(out, c)
	}
	return out
}

// planningXLSXWidths are the columns' widths, in characters.
var planningXLSXWidths = []float64{12, 8, 13, 44, 22, 10, 10, 40, 30, 22}

// WritePlanning writes the session's planning as a workbook of one sheet:
// a row per sitting in the order of the printable planning, then the
// deliberation's; dates are date cells, hours time cells, durations whole
// minutes. The session has a planning.
func WritePlanning(w io.Writer, ref *referentiel.Referentiel, s *session.Session, now time.Time) error {
	f := excelize.NewFile()
	defer f.Close()
	var err error
	check := func(e error) {
		if err == nil && e != nil {
			err = e
		}
	}
	style := func(st *excelize.Style) int {
		st.Font = &excelize.Font{Family: "Arial", Bold: st.Font != nil && st.Font.Bold}
		st.Alignment = &excelize.Alignment{Vertical: "top", Horizontal: "left", WrapText: true}
		id, e := f.NewStyle(st)
		check(e)
		return id
	}
	dateFmt, timeFmt := "dd/mm/yyyy", "hh:mm"
	head := style(&excelize.Style{Font: &excelize.Font{Bold: true}, Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"DEE4EC"}}})
	text := style(&excelize.Style{})
	bold := style(&excelize.Style{Font: &excelize.Font{Bold: true}})
	date := style(&excelize.Style{CustomNumFmt: &dateFmt})
	hour := style(&excelize.Style{CustomNumFmt: &timeFmt})
	number := style(&excelize.Style{NumFmt: 1})

	check(f.SetSheetName("Sheet1", planningSheetTitle))
	check(f.SetDefaultFont("Arial"))
	stamp := now.UTC().Format(time.RFC3339)
	check(f.SetDocProps(&excelize.DocProperties{Title: "Planning de la session " + s.Session.Identifiant,
		Subject: ref.Certification.Sigle + " – " + ref.Certification.CodeRNCP, Creator: "certidoc", Created: stamp, Modified: stamp}))
	// Printed (set before the stream, which writes the sheet whole): A4 landscape, as wide as the page, the header on every page.
	landscape, a4, wide, tall := "landscape", 9, 1, 0
	check(f.SetPageLayout(planningSheetTitle, &excelize.PageLayoutOptions{Orientation: &landscape, Size: &a4, FitToWidth: &wide, FitToHeight: &tall}))
	fit := true
	check(f.SetSheetProps(planningSheetTitle, &excelize.SheetPropsOptions{FitToPage: &fit}))
	check(f.SetDefinedName(&excelize.DefinedName{Name: "_xlnm.Print_Titles", RefersTo: planningSheetTitle + "!$1:$1", Scope: planningSheetTitle}))
	sw, e := f.NewStreamWriter(planningSheetTitle)
	check(e)
	if err != nil {
		return fmt.Errorf("write planning: %w", err)
	}
	check(sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}))
	for i, wd := range planningXLSXWidths {
		check(sw.SetColWidth(i+1, i+1, wd))
	}
	cols := PlanningXLSXColumns()
	header := make([]any, len(cols))
	for i, c := range cols {
		header[i] = excelize.Cell{StyleID: head, Value: c}
	}
	check(sw.SetRow("A1", header, excelize.RowOpts{Height: rowHeight(header)}))

	dateCell := func(d fr.Date) excelize.Cell {
		if t, ok := d.Time(); ok {
			return excelize.Cell{StyleID: date, Value: t}
		}
		return excelize.Cell{StyleID: text}
	}
	hourCell := func(h fr.Heure) excelize.Cell {
		if m, ok := h.Minutes(); ok {
			return excelize.Cell{StyleID: hour, Value: float64(m) / (24 * 60)}
		}
		return excelize.Cell{StyleID: text}
	}
	minutes := func(n int) excelize.Cell {
		if n <= 0 {
			return excelize.Cell{StyleID: text}
		}
		return excelize.Cell{StyleID: number, Value: n}
	}
	str := func(v string) excelize.Cell { return excelize.Cell{StyleID: text, Value: v} }
	// Each row is as high as its tallest cell: the stream writes no
	// height a spreadsheet would compute on opening.
	setRow := func(r int, cells []any) {
		check(sw.SetRow(cell(1, r), cells, excelize.RowOpts{Height: rowHeight(cells)}))
	}
	rows := documents.PlanningRows(ref, s)
	r := 2
	for i, se := range documents.PlanningSeances(s) {
		t := rows[i] // the columns of documents.PlanningColumns
		passage := 0
		if se.Forme == session.FormeOral {
			passage = se.DureePassageMinutes
		}
		setRow(r, []any{dateCell(se.Date), hourCell(se.Heure), excelize.Cell{StyleID: bold, Value: se.ID}, str(t[3]), str(t[4]),
			minutes(se.DureeMinutes), minutes(passage), str(t[6]), str(t[7]), str(t[8])})
		r++
	}
	delib := s.Session.Deliberation
	setRow(r, []any{dateCell(delib.Date), hourCell(delib.Heure), excelize.Cell{StyleID: bold, Value: "Délibération"}, str(""),
		str("Délibération du jury"), str(""), str(""), str(delib.Lieu), str(strings.Join(documents.PlanningJury(s), "\n")), str("")})
	check(sw.Flush())
	if err != nil {
		return fmt.Errorf("write planning: %w", err)
	}
	if _, err := f.WriteTo(w); err != nil {
		return fmt.Errorf("write planning: %w", err)
	}
	return nil
}

// rowHeight is the height in points of a row of wrapped cells: its
// tallest cell's lines, each cut at its column's width.
func rowHeight(cells []any) float64 {
	lines := 1
	for i, c := range cells {
		v, ok := c.(excelize.Cell).Value.(string)
		if !ok || i >= len(planningXLSXWidths) {
			continue
		}
		lines = max(lines, wrappedLines(v, planningXLSXWidths[i]))
	}
	return float64(lines)*12.75 + 3
}
