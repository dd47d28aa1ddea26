package classeur

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"strings"

	"github.com/xuri/excelize/v2"

	"certidoc/referentiel"
)

// The hidden, protected Calculs sheet holds the helper columns behind the
// Décisions sheet: plain per-row formulas over fixed ranges (SUMIF, COUNTIF,
// INDEX of one cell), which Excel, LibreOffice and Gnumeric compute alike.
// Its rows never move: row r reads row r of Candidats and of each épreuve
// sheet through INDEX(fixed range, r-2), so that sorting, inserting or
// deleting rows there keeps every reference right.
//
// Section C (rows of candidates, 3…capacity+2): the candidate's number,
// which blocs are presented, how many, the running count of pairs, the
// rank of each presented bloc, the m-th presented bloc, and the proposal
// of each bloc. Section E (same rows): for each épreuve sheet, the row's
// number, each level read by the import's rule, and the row's counts.
// Section D (rows 3…pairRows+2): for the k-th pair candidate × bloc of the
// Décisions sheet, the candidate's slot and the bloc's index.

// presentedYes are the answers the import takes for « bloc présenté ».
var presentedYes = []string{"oui", "o", "x", "vrai", "true", "1", "yes"}

// calcEpreuve locates one épreuve's columns on the Calculs sheet.
type calcEpreuve struct {
	sheet  string // the épreuve sheet
	first  int    // first level column on that sheet
	others []int  // its other input columns
	ncrit  int    // its level columns: none in a marked épreuve without levels
	note   int    // its mark's column, 0 without a mark
	coef   referentiel.Decimal
	elim   *referentiel.Decimal
	key    int
	m      calcNote // the mark's helper columns, with a mark
	norm   int      // first of ncrit columns
	code   int      // first of ncrit columns
	// started and bad on every épreuve; req and excl with levels only.
	started, req, excl, bad, end int
}

// calcLayout places every helper column of the Calculs sheet.
type calcLayout struct {
	ref                      *referentiel.Referentiel
	nb                       int
	key, pres, n, s, ord, bm int // pres, ord, bm: first of nb columns
	prop                     int // first of nb columns
	moy, elim                int // with marks: first of nb columns, 0 otherwise
	ep                       [][]calcEpreuve
	slot, bloc               int // section D
	last                     int
}

func newCalcLayout(ref *referentiel.Referentiel) *calcLayout {
	l := &calcLayout{ref: ref, nb: len(ref.Blocs)}
	notes := ref.Echelle.Notes()
	col := 1
	next := func(n int) int { c := col; col += n; return c }
	l.key = next(1)
	l.pres = next(l.nb)
	l.n = next(1)
	l.s = next(1)
	l.ord = next(l.nb)
	l.bm = next(l.nb)
	l.prop = next(l.nb)
	if notes {
		l.moy = next(l.nb)
		l.elim = next(l.nb)
	}
	for i := range ref.Blocs {
		bl := &ref.Blocs[i]
		var eps []calcEpreuve
		for j := range bl.Epreuves {
			e := &bl.Epreuves[j]
			cols := epreuveColumns(ref, e)
			ce := calcEpreuve{sheet: epreuveSheet(bl, e), first: firstLevelCol, coef: e.Poids(), elim: e.NoteEliminatoire}
			if notes {
				ce.note, ce.first = firstLevelCol, firstLevelCol+1
			}
			if ref.Niveaux(e) {
				ce.ncrit = len(e.Competences)
			}
			for c := 3; c <= len(cols); c++ {
				if c != ce.note && (c < ce.first || c >= ce.first+ce.ncrit) {
					ce.others = append(ce.others, c)
				}
			}
			ce.key = next(1)
			if notes {
				ce.m = calcNote{num: next(1), txt: next(1), body: next(1), dot: next(1), whole: next(1), frac: next(1), ok: next(1), h: next(1), st: next(1), val: next(1)}
			}
			ce.norm = next(ce.ncrit)
			ce.code = next(ce.ncrit)
			if notes {
				ce.started, ce.bad = next(1), next(1)
			} else {
				ce.started, ce.req, ce.excl, ce.bad = next(1), next(1), next(1), next(1)
			}
			ce.end = col - 1
			eps = append(eps, ce)
		}
		l.ep = append(l.ep, eps)
	}
	l.slot = next(1)
	l.bloc = next(1)
	l.last = col - 1
	return l
}

// firstLevelCol is the first level column of an épreuve sheet: number,
// name, date, place, then two columns per evaluator.
const firstLevelCol = 5 + 2*evaluatorsPerEp

// Rows of the data of each kind of sheet.
const (
	capacity = 300 // candidates: rows of Candidats, Jury, épreuve sheets…
)

func lastCandRow() int { return firstDataRow + capacity - 1 }

// pairRows is the number of rows of Décisions and Blocs acquis: one per
// candidate and bloc.
func (l *calcLayout) pairRows() int { return capacity * l.nb }

func lastPairRow(ref *referentiel.Referentiel) int {
	return firstDataRow + capacity*len(ref.Blocs) - 1
}

// abs is an absolute reference to a Calculs cell, for use on that sheet.
func abs(col, row int) string { return fmt.Sprintf("$%s$%d", colName(col), row) }

// rel refers to a cell of the same row (or the row above): the row stays
// relative, so that one formula, shared down the column, serves every row.
func rel(col, row int) string { return fmt.Sprintf("$%s%d", colName(col), row) }

// rowQ is the data row of the formula's own row, 1 for row 3: the Calculs
// sheet never moves, so its rows can count on ROW().
const rowQ = "ROW()-2"

// colRange is a fixed column range of candidate rows, $X$3:$X$302.
func colRange(col int) string { return abs(col, firstDataRow) + ":" + abs(col, lastCandRow()) }

// calcRange is the same range seen from another sheet.
func calcRange(col int) string { return sheetCalculs + "!" + colRange(col) }

// quoted names a sheet in a formula.
func quoted(sheet string) string { return "'" + strings.ReplaceAll(sheet, "'", "''") + "'" }

// inputAt reads the cell of data row q (1-based) of a column of an input
// sheet, as text, "" when the range has shrunk.
func inputAt(sheet string, col int, q string) string {
	return fmt.Sprintf(`IFERROR(INDEX(%s!%s,%s)&"","")`, quoted(sheet), colRange(col), q)
}

// levelNorm is the formula twin of levelText: tabs, line breaks and
// no-break spaces become spaces, then TRIM.
func levelNorm(x string) string {
	for _, c := range []string{"CHAR(9)", "CHAR(10)", "CHAR(13)", "_xlfn.UNICHAR(160)", "_xlfn.UNICHAR(8239)"} {
		x = fmt.Sprintf(`SUBSTITUTE(%s,%s," ")`, x, c)
	}
	return "TRIM(" + x + ")"
}

// str quotes a text for a formula.
func str(s string) string { return `"` + strings.ReplaceAll(s, `"`, `""`) + `"` }

// levelCode is the formula giving a normalised level cell's index in the
// scale (1…), 0 when empty, -1 when the import would refuse it. "=" on
// text ignores case in Excel, LibreOffice and Gnumeric, as the import does.
func levelCode(ref *referentiel.Referentiel, norm string) string {
	f := "-1"
	for i := len(ref.Echelle.Niveaux) - 1; i >= 0; i-- {
		n := ref.Echelle.Niveaux[i]
		f = fmt.Sprintf("IF(OR(%s=%s,%s=%s),%d,%s)", norm, str(levelText(string(n.Code))), norm, str(levelText(n.Libelle)), i+1, f)
	}
	return fmt.Sprintf(`IF(%s="",0,%s)`, norm, f)
}

func levelIndex(ref *referentiel.Referentiel, code referentiel.CodeNiveau) int {
	for i, n := range ref.Echelle.Niveaux {
		if n.Code == code {
			return i + 1
		}
	}
	return 0
}

// calcFormula is one formula of the Calculs sheet, shared by the rows
// from…to of its column.
type calcFormula struct {
	col, from, to int
	text          string
}

// formulas lists every formula of the Calculs sheet, one per column (two
// for the running count, whose first row has no row above).
func (l *calcLayout) formulas() []calcFormula {
	var out []calcFormula
	r, last := firstDataRow, lastCandRow()
	put := func(col int, f string) { out = append(out, calcFormula{col, r, last, f}) }
	key := rel(l.key, r)
	put(l.key, "TRIM("+inputAt(sheetCandidats, 1, rowQ)+")")
	var pres []string
	for j := range l.nb {
		y := "TRIM(" + inputAt(sheetCandidats, len(candidatColumns)+j+1, rowQ) + ")"
		var eq []string
		for _, v := range presentedYes {
			eq = append(eq, y+"="+str(v))
		}
		put(l.pres+j, fmt.Sprintf(`IF(%s="",0,IF(OR(%s),1,0))`, key, strings.Join(eq, ",")))
		pres = append(pres, rel(l.pres+j, r))
	}
	put(l.n, "SUM("+rel(l.pres, r)+":"+rel(l.pres+l.nb-1, r)+")")
	out = append(out, calcFormula{l.s, r, r, rel(l.n, r)},
		calcFormula{l.s, r + 1, last, rel(l.s, r) + "+" + rel(l.n, r+1)})
	for j := range l.nb {
		put(l.ord+j, fmt.Sprintf("IF(%s=1,SUM(%s:%s),0)", pres[j], rel(l.pres, r), rel(l.pres+j, r)))
		put(l.bm+j, fmt.Sprintf("IF(%d>%s,0,MATCH(%d,%s:%s,0))", j+1, rel(l.n, r), j+1, rel(l.ord, r), rel(l.ord+l.nb-1, r)))
		if l.moy > 0 {
			put(l.moy+j, fmt.Sprintf(`IF(%s=0,"",%s)`, pres[j], l.moyenne(j, key)))
			put(l.elim+j, fmt.Sprintf(`IF(%s=0,0,%s)`, pres[j], l.eliminee(j, key)))
			put(l.prop+j, fmt.Sprintf(`IF(%s=0,"",%s)`, pres[j], l.proposalNotes(j, key, rel(l.moy+j, r), rel(l.elim+j, r))))
			continue
		}
		put(l.prop+j, fmt.Sprintf(`IF(%s=0,"",%s)`, pres[j], l.proposal(j, key)))
	}
	for _, eps := range l.ep {
		for _, e := range eps {
			out = append(out, l.epreuveRow(e)...)
		}
	}
	total := abs(l.s, lastCandRow())
	last = firstDataRow + l.pairRows() - 1
	put(l.slot, fmt.Sprintf(`IF(%s>%s,0,COUNTIF(%s,"<"&(%s))+1)`, rowQ, total, colRange(l.s), rowQ))
	slot := rel(l.slot, r)
	bmRange := abs(l.bm, firstDataRow) + ":" + abs(l.bm+l.nb-1, lastCandRow())
	put(l.bloc, fmt.Sprintf("IF(%s=0,0,INDEX(%s,%s,%s-INDEX(%s,%s)+INDEX(%s,%s)))", slot, bmRange, slot, rowQ, colRange(l.s), slot, colRange(l.n), slot))
	return out
}

// epreuveRow lists the helper formulas of one épreuve sheet.
func (l *calcLayout) epreuveRow(e calcEpreuve) []calcFormula {
	r := firstDataRow
	var out []calcFormula
	put := func(col int, f string) { out = append(out, calcFormula{col, r, lastCandRow(), f}) }
	put(e.key, "TRIM("+inputAt(e.sheet, 1, rowQ)+")")
	var codes, started []string
	if e.note > 0 {
		l.noteRow(e, put)
		started = append(started, fmt.Sprintf("(%s<>0)", rel(e.m.st, r)))
	}
	for k := range e.ncrit {
		put(e.norm+k, levelNorm(inputAt(e.sheet, e.first+k, rowQ)))
		put(e.code+k, levelCode(l.ref, rel(e.norm+k, r)))
		codes = append(codes, rel(e.code+k, r))
		started = append(started, fmt.Sprintf("(%s<>0)", rel(e.code+k, r)))
	}
	for _, c := range e.others {
		started = append(started, fmt.Sprintf("(LEN(TRIM(%s))>0)", inputAt(e.sheet, c, rowQ)))
	}
	put(e.started, fmt.Sprintf("IF(%s>0,1,0)", strings.Join(started, "+")))
	count := func(idx int) string {
		if len(codes) == 0 {
			return "0"
		}
		var t []string
		for _, c := range codes {
			t = append(t, fmt.Sprintf("(%s=%d)", c, idx))
		}
		// 0+ makes a number of a lone comparison: SUMIF skips booleans in
		// Excel and Gnumeric.
		return "0+" + strings.Join(t, "+")
	}
	if e.note > 0 {
		// A mark refused, or a mark or a level missing on a row begun.
		st := rel(e.m.st, r)
		put(e.bad, fmt.Sprintf("%s+IF(%s>=2,1,0)+%s*(%s+IF(%s=0,1,0))", count(-1), st, rel(e.started, r), count(0), st))
		return out
	}
	rule := l.ref.RegleBloc
	put(e.req, count(levelIndex(l.ref, rule.NiveauRequis)))
	excl := "0"
	if len(rule.NiveauxExclus) > 0 {
		var t []string
		for _, x := range rule.NiveauxExclus {
			t = append(t, count(levelIndex(l.ref, x)))
		}
		excl = strings.Join(t, "+")
	}
	put(e.excl, excl)
	put(e.bad, fmt.Sprintf("%s+%s*(%s)", count(-1), rel(e.started, r), count(0)))
	return out
}

// proposal is the formula of bloc j's proposal for the candidate whose
// number is in key: « à corriger » while a level of its épreuves would be
// refused by the import (or an épreuve is evaluated twice), « à établir »
// while an épreuve has no evaluation, then the référentiel's rule.
func (l *calcLayout) proposal(j int, key string) string {
	sum := func(e calcEpreuve, col int) string {
		return fmt.Sprintf("SUMIF(%s,%s,%s)", colRange(e.key), key, colRange(col))
	}
	var bad, twice, none, req, excl []string
	total := 0
	for _, e := range l.ep[j] {
		bad = append(bad, sum(e, e.bad))
		twice = append(twice, sum(e, e.started)+">1")
		none = append(none, sum(e, e.started)+"=0")
		req = append(req, sum(e, e.req))
		excl = append(excl, sum(e, e.excl))
		total += e.ncrit
	}
	rule := l.ref.RegleBloc
	cond := fmt.Sprintf("(%s)=%d", strings.Join(req, "+"), total)
	if rule.Type == referentiel.ReglePartMinimale {
		cond = fmt.Sprintf("(%s)>=%v*%d", strings.Join(req, "+"), rule.PartMinimale, total)
	}
	if len(rule.NiveauxExclus) > 0 {
		cond = fmt.Sprintf("AND(%s,(%s)=0)", cond, strings.Join(excl, "+"))
	}
	return fmt.Sprintf(`IF(OR((%s)>0,%s),"à corriger",IF(OR(%s),"à établir",IF(%s,"validé","non validé")))`,
		strings.Join(bad, "+"), strings.Join(twice, ","), strings.Join(none, ","), cond)
}

// calculsSheet writes the Calculs sheet. Its tens of thousands of formula
// cells are written as XML directly (one formula shared down each column),
// which costs a fraction of building them cell by cell in excelize.
func (b *builder) calculsSheet() {
	titles := map[int]string{b.calc.key: "numéro", b.calc.n: "blocs présentés", b.calc.s: "paires cumulées", b.calc.slot: "décision k\u00a0: ligne du candidat", b.calc.bloc: "décision k\u00a0: bloc"}
	for j, bl := range b.ref.Blocs {
		titles[b.calc.pres+j] = "présente " + bl.Lettre
		titles[b.calc.ord+j] = "rang de " + bl.Lettre
		titles[b.calc.bm+j] = fmt.Sprintf("bloc n° %d", j+1)
		titles[b.calc.prop+j] = "proposition " + bl.Lettre
		for _, e := range b.calc.ep[j] {
			titles[e.key] = e.sheet + "\u00a0: numéro"
			for k := range e.ncrit {
				titles[e.norm+k] = fmt.Sprintf("%s\u00a0: niveau %d lu", e.sheet, k+1)
				titles[e.code+k] = fmt.Sprintf("%s\u00a0: niveau %d (0 vide, -1 refusé)", e.sheet, k+1)
			}
			titles[e.started] = e.sheet + "\u00a0: ligne commencée"
			titles[e.bad] = e.sheet + "\u00a0: à corriger"
			if e.note > 0 {
				e.m.titles(e.sheet, titles)
			} else {
				titles[e.req], titles[e.excl] = e.sheet+"\u00a0: niveaux requis", e.sheet+"\u00a0: niveaux exclus"
			}
		}
		if b.calc.moy > 0 {
			titles[b.calc.moy+j] = "moyenne " + bl.Lettre + " (centièmes)"
			titles[b.calc.elim+j] = "éliminé " + bl.Lettre + " (1 note éliminatoire, 2 note sous le seuil)"
		}
	}
	path, err := sheetPath(b.f, sheetCalculs)
	if err != nil {
		b.check(err)
		return
	}
	b.f.Sheet.Delete(path)
	b.f.Pkg.Store(path, calculsXML(b.calc.formulas(), titles, b.calc.last))
}

// sheetPath returns the part name of a sheet, such as xl/worksheets/sheet3.xml.
func sheetPath(f *excelize.File, sheet string) (string, error) {
	for id, name := range f.GetSheetMap() {
		if name == sheet {
			path := fmt.Sprintf("xl/worksheets/sheet%d.xml", id)
			if _, ok := f.Sheet.Load(path); ok {
				return path, nil
			}
		}
	}
	return "", fmt.Errorf("classeur: no part for sheet %s", sheet)
}

// calculsXML writes the Calculs worksheet: a note in A1, the columns'
// titles in row 2, the formulas from row 3, each shared down its rows,
// and the sheet protected.
func calculsXML(formulas []calcFormula, titles map[int]string, lastCol int) []byte {
	var w bytes.Buffer
	size := 4096 // the rows of titles, the head and the tail
	for _, f := range formulas {
		size += len(f.text) + 48*(f.to-f.from+1) // a shared cell: <c r="AB123"><f t="shared" si="99"/></c>
	}
	w.Grow(size)
	text := func(s string) { _ = xml.EscapeText(&w, []byte(s)) }
	inline := func(col, row int, s string) {
		fmt.Fprintf(&w, `<c r="%s" t="inlineStr"><is><t>`, cell(col, row))
		text(s)
		w.WriteString(`</t></is></c>`)
	}
	w.WriteString(xml.Header)
	w.WriteString(`<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheetData>`)
	w.WriteString(`<row r="1">`)
	inline(1, 1, "Calculs de la feuille Décisions\u00a0: ne pas modifier (feuille protégée, recalculée par Excel ou LibreOffice).")
	w.WriteString(`</row><row r="2">`)
	for col := 1; col <= lastCol; col++ {
		if t, ok := titles[col]; ok {
			inline(col, 2, t)
		}
	}
	w.WriteString(`</row>`)
	byCol := make([][]int, lastCol+1) // indexes of formulas, by column
	si := make([]int, len(formulas))  // shared formula numbers, 0…
	last, shared := firstDataRow, 0
	for i, f := range formulas {
		byCol[f.col] = append(byCol[f.col], i)
		last = max(last, f.to)
		if f.to > f.from {
			si[i], shared = shared, shared+1
		}
	}
	for row := firstDataRow; row <= last; row++ {
		fmt.Fprintf(&w, `<row r="%d">`, row)
		for col := 1; col <= lastCol; col++ {
			for _, i := range byCol[col] {
				f := formulas[i]
				switch {
				case row < f.from || row > f.to:
					continue
				case f.from == f.to:
					fmt.Fprintf(&w, `<c r="%s"><f>`, cell(col, row))
					text(f.text)
					w.WriteString(`</f></c>`)
				case row == f.from:
					fmt.Fprintf(&w, `<c r="%s"><f t="shared" ref="%s:%s" si="%d">`, cell(col, row), cell(col, f.from), cell(col, f.to), si[i])
					text(f.text)
					w.WriteString(`</f></c>`)
				default:
					fmt.Fprintf(&w, `<c r="%s"><f t="shared" si="%d"/></c>`, cell(col, row), si[i])
				}
			}
		}
		w.WriteString(`</row>`)
	}
	w.WriteString(`</sheetData><sheetProtection sheet="1" objects="1" scenarios="1"/></worksheet>`)
	return w.Bytes()
}

// epreuve returns the helper columns of an épreuve.
func (l *calcLayout) epreuve(bl *referentiel.Bloc, e *referentiel.Epreuve) calcEpreuve {
	for i := range l.ref.Blocs {
		if l.ref.Blocs[i].Lettre != bl.Lettre {
			continue
		}
		for j := range bl.Epreuves {
			if bl.Epreuves[j].Numero == e.Numero {
				return l.ep[i][j]
			}
		}
	}
	return calcEpreuve{}
}
