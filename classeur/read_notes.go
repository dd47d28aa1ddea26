package classeur

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"

	"certidoc/fr"
	"certidoc/referentiel"
	"certidoc/session"
)

// readNote reads a mark cell by the rule the workbook's formulas apply
// too (calcLayout.noteRow): a number cell is its value, a whole number of
// hundredths within a millionth (Excel writes 9.95 as 9.9499999999999993);
// a text cell ("12,5", "12.5", "12", " 9,75 ", as French users type them)
// is trimmed as a level is (tabs, line breaks and no-break spaces count as
// spaces), its decimal comma made a point, then must be digits with at
// most one point. The mark must then lie on the scale and on its step. It
// returns the mark and the state of the cell (noteVide, noteBonne…).
func readNote(ech referentiel.Echelle, raw string, typ excelize.CellType) (referentiel.Decimal, int) {
	lo, hi, pas := ech.Minimum.Centiemes(), ech.Maximum.Centiemes(), ech.Pas.Centiemes()
	onStep := func(h int64) bool { return (h-lo)%pas == 0 }
	switch typ {
	case excelize.CellTypeUnset, excelize.CellTypeNumber:
		if raw == "" {
			return 0, noteVide
		}
		v, err := strconv.ParseFloat(raw, 64)
		if err != nil {
			break // not a number after all: read as text
		}
		x := v * 100
		h := math.Round(x)
		switch {
		case math.IsNaN(x) || x < float64(lo) || x > float64(hi):
			return 0, noteHors
		case math.Abs(x-h) >= 0.000001 || !onStep(int64(h)):
			return 0, notePas
		}
		return referentiel.FromCentiemes(int64(h)), noteBonne
	case excelize.CellTypeBool:
		raw = "#" // TRUE or FALSE, not a number
	case excelize.CellTypeError:
		raw = "#"
	}
	t := strings.ReplaceAll(levelText(raw), ",", ".")
	if t == "" {
		return 0, noteVide
	}
	body := strings.TrimPrefix(t, "-")
	whole, frac, dot := strings.Cut(body, ".")
	if whole == "" && frac == "" || dot && frac == "" || !allDigits(whole) || !allDigits(frac) {
		return 0, noteLettres
	}
	var h int64
	if len(whole) <= 9 {
		w, _ := strconv.ParseInt("0"+whole, 10, 64)
		f, _ := strconv.ParseInt((frac + "00")[:2], 10, 64)
		h = w*100 + f
	}
	extra := len(frac) > 2 && strings.Trim(frac[2:], "0") != ""
	switch {
	case body != t || len(whole) > 9 || h < lo || h > hi || extra && h >= hi:
		return 0, noteHors
	case extra || !onStep(h):
		return 0, notePas
	}
	return referentiel.FromCentiemes(h), noteBonne
}

func allDigits(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// noteMessage says, in French, why a mark cell is refused; who names the
// candidate (" du candidat 2022-101") or is empty. A whole number of a
// thousand or more in a number cell is most likely a date: a French Excel
// reads 12.5 typed in a cell as the 12th of May.
func noteMessage(ech referentiel.Echelle, state int, who string, raw string, typ excelize.CellType) string {
	scale := fmt.Sprintf("de %s à %s", ech.Minimum.Francais(), ech.Maximum.Francais())
	switch state {
	case noteLettres:
		return fmt.Sprintf("note%s illisible\u00a0: écrivez un nombre %s, avec une virgule ou un point (12,5 ou 12.5)", who, scale)
	case noteHors:
		msg := fmt.Sprintf("note%s hors de l’échelle\u00a0: attendu %s", who, scale)
		if v, err := strconv.ParseFloat(raw, 64); err == nil && (typ == excelize.CellTypeUnset || typ == excelize.CellTypeNumber) && v >= 1000 && v == math.Trunc(v) && ech.Maximum.Float() < 1000 {
			msg += "\u202f; la cellule contient peut-être une date (Excel lit 12.5 comme le 12 mai)\u00a0: effacez-la, puis tapez la note avec une virgule (12,5)"
		}
		return msg
	}
	mid := ech.Minimum + (ech.Maximum-ech.Minimum)/2
	mid -= (mid - ech.Minimum) % ech.Pas
	return fmt.Sprintf("note%s hors du pas de l’échelle\u00a0: attendu %s par pas de %s (par exemple %s ou %s)", who, scale, ech.Pas.Francais(), mid.Francais(), (mid + ech.Pas).Francais())
}

// note reads the mark of an épreuve row into ev, when the référentiel is
// of marks: a mark refused is named at its cell, with the candidate's
// number; it returns whether the cell holds anything.
func (r *reader) note(sheet string, cols map[string]int, rw row, ev *session.Evaluation, places map[string]place) bool {
	if !r.ref.Echelle.Notes() {
		return false
	}
	v, pl := r.get(sheet, cols, rw, titleNote)
	places["note"] = pl
	raw := rawAt(cols, rw, titleNote)
	typ := excelize.CellTypeUnset
	if raw != "" {
		t, err := r.f.GetCellType(sheet, pl.cell)
		if err == nil {
			typ = t
		}
	}
	n, state := readNote(r.ref.Echelle, raw, typ)
	switch state {
	case noteVide:
		return v != ""
	case noteBonne:
		ev.Note = &n
		return true
	}
	who := ""
	if num, _ := r.get(sheet, cols, rw, "Numéro du candidat"); num != "" {
		who = " du candidat " + fr.Extrait(num)
	}
	r.problem(pl, "%s", noteMessage(r.ref.Echelle, state, who, raw, typ))
	return true
}
