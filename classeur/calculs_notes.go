package classeur

import (
	"fmt"
	"strings"

	"certidoc/referentiel"
)

// The marks of a référentiel of marks, on the Calculs sheet. Each mark
// cell is read by the rule the import applies (readNote): a number cell
// is its value, which must be a whole number of hundredths (within a
// millionth: Excel writes 9.95 as 9.9499999999999993); a text cell is
// trimmed as a level is, its decimal comma made a point, then it must be
// digits with at most one point; the mark must lie on the scale, on its
// step. The bloc's average is then computed as referentiel.RegleBloc.Moyenne
// does, in whole hundredths: Σ mark × coefficient over Σ coefficient,
// rounded by INT((2S + W) / 2W) (a half up) or INT(S / W) (cut), which
// are exact for the sizes the référentiel's bounds allow.

// The states of a mark cell (calcNote.st), as readNote classes them.
const (
	noteVide    = 0 // empty
	noteBonne   = 1 // a mark of the scale
	noteLettres = 2 // not a number
	noteHors    = 3 // out of the scale
	notePas     = 4 // not on the step
)

// calcNote places the helper columns of one épreuve's mark.
type calcNote struct {
	num   int // 1 when the cell holds a number (not a boolean)
	txt   int // the text, trimmed, its comma made a point ("" for a number)
	body  int // txt without a leading minus sign
	dot   int // the position of the point in body, 0 without
	whole int // the digits before the point
	frac  int // the digits after it
	ok    int // 1 when the text is digits with at most one point
	h     int // the mark in hundredths (its first two decimals for a text)
	st    int // the state: noteVide, noteBonne, noteLettres, noteHors, notePas
	val   int // the mark in hundredths when noteBonne, 0 otherwise
}

func (m calcNote) titles(sheet string, titles map[int]string) {
	for col, t := range map[int]string{m.num: "note nombre", m.txt: "note texte lu", m.body: "note sans signe", m.dot: "note position du point",
		m.whole: "note partie entière", m.frac: "note décimales", m.ok: "note chiffres", m.h: "note en centièmes", m.st: "note état (0 vide, 1 bonne, 2 illisible, 3 hors échelle, 4 hors pas)", m.val: "note retenue (centièmes)"} {
		titles[col] = sheet + "\u00a0: " + t
	}
}

// digits is the formula that is true when the text x holds only the
// digits 0 to 9 (or nothing).
func digits(x string) string {
	for d := '0'; d <= '9'; d++ {
		x = fmt.Sprintf(`SUBSTITUTE(%s,"%c","")`, x, d)
	}
	return "LEN(" + x + ")=0"
}

// noteRow puts the helper formulas of one épreuve's mark.
func (l *calcLayout) noteRow(e calcEpreuve, put func(col int, f string)) {
	r := firstDataRow
	ech := l.ref.Echelle
	lo, hi, pas := ech.Minimum.Centiemes(), ech.Maximum.Centiemes(), ech.Pas.Centiemes()
	m := e.m
	v := fmt.Sprintf("INDEX(%s!%s,%s)", quoted(e.sheet), colRange(e.note), rowQ)
	num, txt, body, dot := rel(m.num, r), rel(m.txt, r), rel(m.body, r), rel(m.dot, r)
	whole, frac, ok, h, st := rel(m.whole, r), rel(m.frac, r), rel(m.ok, r), rel(m.h, r), rel(m.st, r)
	put(m.num, fmt.Sprintf("IFERROR(IF(AND(ISNUMBER(%s),NOT(ISLOGICAL(%s))),1,0),0)", v, v))
	put(m.txt, fmt.Sprintf(`IF(%s=1,"",SUBSTITUTE(%s,",","."))`, num, levelNorm(fmt.Sprintf(`IFERROR(%s&"","#")`, v))))
	put(m.body, fmt.Sprintf(`IF(LEFT(%s,1)="-",MID(%s,2,32767),%s)`, txt, txt, txt))
	put(m.dot, fmt.Sprintf(`IFERROR(FIND(".",%s),0)`, body))
	put(m.whole, fmt.Sprintf("IF(%s=0,%s,LEFT(%s,%s-1))", dot, body, body, dot))
	put(m.frac, fmt.Sprintf(`IF(%s=0,"",MID(%s,%s+1,32767))`, dot, body, dot))
	put(m.ok, fmt.Sprintf("IF(AND(OR(LEN(%s)>0,LEN(%s)>0),OR(%s=0,LEN(%s)>0),%s,%s),1,0)", whole, frac, dot, frac, digits(whole), digits(frac)))
	put(m.h, fmt.Sprintf(`IF(%s=1,IFERROR(ROUND(%s*100,0),0),IF(AND(%s=1,LEN(%s)<=9),VALUE("0"&%s)*100+VALUE(LEFT(%s&"00",2)),0))`, num, v, ok, whole, whole, frac))
	extra := fmt.Sprintf(`SUBSTITUTE(MID(%s,3,32767),"0","")<>""`, frac)
	number := fmt.Sprintf("IF(OR(%s*100<%d,%s*100>%d),%d,IF(ABS(%s*100-%s)>=0.000001,%d,IF(MOD(%s-%d,%d)<>0,%d,%d)))",
		v, lo, v, hi, noteHors, v, h, notePas, h, lo, pas, notePas, noteBonne)
	text := fmt.Sprintf(`IF(%s="",%d,IF(%s=0,%d,IF(OR(LEFT(%s,1)="-",LEN(%s)>9,%s<%d,%s>%d,AND(%s,%s>=%d)),%d,IF(OR(%s,MOD(%s-%d,%d)<>0),%d,%d))))`,
		txt, noteVide, ok, noteLettres, txt, whole, h, lo, h, hi, extra, h, hi, noteHors, extra, h, lo, pas, notePas, noteBonne)
	put(m.st, fmt.Sprintf("IFERROR(IF(%s=1,%s,%s),%d)", num, number, text, noteHors))
	put(m.val, fmt.Sprintf("IF(%s=%d,%s,0)", st, noteBonne, h))
}

// sumNote is the formula of the candidate's retained mark (hundredths) in
// an épreuve: 0 when none.
func sumNote(e calcEpreuve, key string) string {
	return fmt.Sprintf("SUMIF(%s,%s,%s)", colRange(e.key), key, colRange(e.m.val))
}

// moyenne is the formula of bloc j's average for the candidate whose
// number is in key, in whole hundredths, rounded as the rule says.
func (l *calcLayout) moyenne(j int, key string) string {
	var terms []string
	var w int64
	for _, e := range l.ep[j] {
		terms = append(terms, fmt.Sprintf("%d*%s", e.coef.Centiemes(), sumNote(e, key)))
		w += e.coef.Centiemes()
	}
	s := strings.Join(terms, "+")
	if l.ref.RegleBloc.Arrondi == referentiel.ArrondiInferieur {
		return fmt.Sprintf("INT((%s)/%d)", s, w)
	}
	return fmt.Sprintf("INT((2*(%s)+%d)/%d)", s, w, 2*w)
}

// eliminee is the formula saying why bloc j fails whatever its average: 1
// when a mark is below its épreuve's eliminatory mark, 2 when, without
// compensation, a mark is below the threshold, 0 otherwise.
func (l *calcLayout) eliminee(j int, key string) string {
	rule := l.ref.RegleBloc
	var elim, below []string
	for _, e := range l.ep[j] {
		if e.elim != nil {
			elim = append(elim, fmt.Sprintf("%s<%d", sumNote(e, key), e.elim.Centiemes()))
		}
		if rule.Compensation != nil && !*rule.Compensation {
			below = append(below, fmt.Sprintf("%s<%d", sumNote(e, key), rule.Seuil.Centiemes()))
		}
	}
	f := "0"
	if len(below) > 0 {
		f = fmt.Sprintf("IF(OR(%s),2,0)", strings.Join(below, ","))
	}
	if len(elim) > 0 {
		f = fmt.Sprintf("IF(OR(%s),1,%s)", strings.Join(elim, ","), f)
	}
	return f
}

// proposalNotes is proposal for a référentiel of marks: « à corriger »
// while a mark or a level of its épreuves would be refused by the import
// (or is missing on a row begun, or an épreuve is evaluated twice), « à
// établir » while an épreuve has no evaluation, then the rule: not
// validated when elim says so, else validated when the average (moy)
// reaches the threshold.
func (l *calcLayout) proposalNotes(j int, key, moy, elim string) string {
	sum := func(e calcEpreuve, col int) string {
		return fmt.Sprintf("SUMIF(%s,%s,%s)", colRange(e.key), key, colRange(col))
	}
	var bad, twice, none []string
	for _, e := range l.ep[j] {
		bad = append(bad, sum(e, e.bad))
		twice = append(twice, sum(e, e.started)+">1")
		none = append(none, sum(e, e.started)+"=0")
	}
	return fmt.Sprintf(`IF(OR((%s)>0,%s),"à corriger",IF(OR(%s),"à établir",IF(%s>0,"non validé",IF(%s>=%d,"validé","non validé"))))`,
		strings.Join(bad, "+"), strings.Join(twice, ","), strings.Join(none, ","), elim, moy, l.ref.RegleBloc.Seuil.Centiemes())
}
