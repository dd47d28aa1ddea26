package classeur

import (
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"

	"certidoc/fr"
	"certidoc/session"
)

// The Planning sheet: one row per candidate convened to a sitting. The
// sitting's columns are written on each of its rows; on the rows after its
// first, they may be left empty (the first row's apply), and a value that
// differs from the first row's is a problem at its cell.
const sheetPlanning = "Planning"

// evaluatorsPerSeance is how many evaluators the Planning sheet takes.
const evaluatorsPerSeance = 3

// Session-sheet rows of the planning; workbooks made before they existed
// lack them and import as if they were empty.
const (
	labelContact         = "Planning – contact pour un aménagement d’épreuve"
	labelDateConvocation = "Planning – date d’envoi des convocations (facultative)"
)

// planningColumns are the Planning sheet's columns.
func planningColumns() []column {
	cols := []column{
		{"Séance", "identifiant, par exemple S1", 10, "id"},
		{"Épreuves", "par exemple B-1 (plusieurs\u00a0: B-1\u202f; C-2)", 12, "epreuves"},
		{"Forme", "écrit, oral ou remise de dossier", 16, "forme"},
		{"Date", "JJ/MM/AAAA", 13, "date"},
		{"Heure de début", "HH:MM", 10, "heure"},
		{"Durée (minutes)", "de la séance", 10, "duree_minutes"},
		{"Lieu", "adresse du lieu", 34, "lieu"},
		{"Salle", "", 16, "salle"},
	}
	for i := 1; i <= evaluatorsPerSeance; i++ {
		cols = append(cols,
			column{fmt.Sprintf("Évaluateur %d – nom", i), "", 20, fmt.Sprintf("evaluateurs[%d].nom", i-1)},
			column{fmt.Sprintf("Évaluateur %d – rôle", i), "", 18, fmt.Sprintf("evaluateurs[%d].role", i-1)})
	}
	return append(cols,
		column{"Durée de passage (minutes)", "séance orale\u00a0: par candidat", 12, "duree_passage_minutes"},
		column{"Numéro du candidat", "une ligne par candidat convoqué", 14, ""},
		column{"Candidat", "rappel", 26, ""},
		column{"Heure de passage", "séance orale\u00a0: HH:MM", 10, "heure"},
	)
}

// Positions of the Planning sheet's columns (1-based).
const (
	plSeance = 1
	plForme  = 3
	plDate   = 4
)

// planningRows is how many data rows the Planning sheet prepares: every
// candidate convened to every épreuve.
func (b *builder) planningRows() int {
	n := 0
	for _, bl := range b.ref.Blocs {
		n += len(bl.Epreuves)
	}
	return capacity * n
}

// formeLabels are the forms as the workbook writes them.
var formeLabels = map[session.Forme]string{
	session.FormeEcrit:  "écrit",
	session.FormeOral:   "oral",
	session.FormeRemise: "remise de dossier",
}

func forme(v string) session.Forme {
	for f, l := range formeLabels {
		if fold(v) == fold(l) || fold(v) == fold(string(f)) {
			return f
		}
	}
	switch fold(v) {
	case "ecrite", "remise":
		if fold(v) == "remise" {
			return session.FormeRemise
		}
		return session.FormeEcrit
	case "orale":
		return session.FormeOral
	}
	return session.Forme(v)
}

func (b *builder) planningSheet() {
	sheet := sheetPlanning
	cols := planningColumns()
	b.table(sheet, cols, map[int]bool{plDate: true}, 1)
	last := firstDataRow + b.planningRows() - 1
	b.dropListStyle(sheet, rangeOf(2, firstDataRow, last), b.ref.EpreuveIDs(), strings.Join(b.ref.EpreuveIDs(), ", "), false)
	formes := make([]string, len(session.Formes))
	for i, f := range session.Formes {
		formes[i] = formeLabels[f]
	}
	b.dropList(sheet, rangeOf(plForme, firstDataRow, last), formes, strings.Join(formes, ", "))
	numCol := len(cols) - 2
	// The reminder of each row's name: one shared formula, as on the
	// épreuve sheets.
	shared, names := excelize.STCellFormulaTypeShared, rangeOf(numCol+1, firstDataRow, last)
	b.check(b.f.SetCellFormula(sheet, cell(numCol+1, firstDataRow), b.nameFormulaOf(colName(numCol), firstDataRow),
		excelize.FormulaOpts{Type: &shared, Ref: &names}))
	b.check(b.f.SetCellStyle(sheet, cell(numCol+1, firstDataRow), cell(numCol+1, last), b.styles.formulaOpen))
	dv := excelize.NewDataValidation(true)
	dv.SetSqref(rangeOf(numCol, firstDataRow, last))
	dv.SetSqrefDropList(fmt.Sprintf("%s!$A$%d:$A$%d", sheetCandidats, firstDataRow, lastCandRow()))
	dv.SetError(excelize.DataValidationErrorStyleWarning, "Numéro inconnu", "Ce numéro n’est pas sur la feuille Candidats.")
	b.check(b.f.AddDataValidation(sheet, dv))
	if b.s.Planning == nil {
		return
	}
	row := firstDataRow
	for _, se := range b.s.Planning.Seances {
		for j, cv := range se.Candidats {
			vals := []any{se.ID}
			if j == 0 {
				vals = append(vals, strings.Join(se.Epreuves, "\u202f; "), formeLabels[se.Forme], se.Date, se.Heure.String(), minutesOrEmpty(se.DureeMinutes), se.Lieu, se.Salle)
				for k := range evaluatorsPerSeance {
					if k < len(se.Evaluateurs) {
						vals = append(vals, se.Evaluateurs[k].Nom, se.Evaluateurs[k].Role)
					} else {
						vals = append(vals, "", "")
					}
				}
				vals = append(vals, minutesOrEmpty(se.DureePassageMinutes))
			} else {
				for range 8 + 2*evaluatorsPerSeance {
					vals = append(vals, "")
				}
			}
			vals = append(vals, cv.Numero, "", cv.Heure.String())
			for col, v := range vals {
				if col+1 == numCol+1 {
					continue // the reminder's formula
				}
				b.set(sheet, col+1, row, v, col+1 == plDate)
			}
			row++
		}
	}
}

// planningSessionRow is the Session sheet's row of the planning's first
// field: the rows after the session's own.
func planningSessionRow() int { return len(sessionFields) + 2 }

// planningSessionRows writes the planning's rows of the Session sheet,
// after the session's own.
func (b *builder) planningSessionRows() {
	row := planningSessionRow()
	var contact string
	var envoi fr.Date
	if b.s.Planning != nil {
		contact, envoi = b.s.Planning.ContactAmenagement, b.s.Planning.DateConvocation
	}
	for i, l := range []string{labelContact, labelDateConvocation} {
		b.check(b.f.SetCellValue(sheetSession, cell(1, row+i), l))
		b.check(b.f.SetCellStyle(sheetSession, cell(1, row+i), cell(1, row+i), b.styles.label))
	}
	b.check(b.f.SetCellStyle(sheetSession, cell(2, row), cell(2, row), b.styles.text))
	b.set(sheetSession, 2, row, contact, false)
	b.check(b.f.SetCellStyle(sheetSession, cell(2, row+1), cell(2, row+1), b.styles.date))
	b.set(sheetSession, 2, row+1, envoi, true)
}

// planningSessionRows reads the planning's rows of the Session sheet:
// empty places for a workbook made before they existed.
func (r *reader) planningSessionRows() (contact, envoi place) {
	rows, _ := r.f.GetRows(sheetSession, excelize.Options{RawCellValue: true})
	for i, rw := range rows {
		if len(rw) == 0 {
			continue
		}
		v := ""
		if len(rw) > 1 {
			v = strings.TrimSpace(rw[1])
		}
		pl := place{sheet: sheetSession, cell: cell(2, i+1), value: v}
		switch fold(rw[0]) {
		case fold(labelContact):
			contact = pl
		case fold(labelDateConvocation):
			envoi = pl
		}
	}
	return contact, envoi
}

func minutesOrEmpty(n int) any {
	if n == 0 {
		return ""
	}
	return n
}

// planningSheet reads the Planning sheet, when the workbook has one, and
// the planning's rows of the Session sheet.
func (r *reader) planningSheet(contact, envoi place) {
	if idx, err := r.f.GetSheetIndex(sheetPlanning); err != nil || idx < 0 {
		if contact.value != "" {
			r.s.Planning = &session.Planning{ContactAmenagement: contact.value}
		}
		return // a workbook made before the sheet existed
	}
	cols := planningColumns()
	titles := make([]string, len(cols))
	for i, c := range cols {
		titles[i] = c.Title
	}
	colIdx, rows := r.table(sheetPlanning, titles)
	if len(rows) == 0 && contact.value == "" && envoi.value == "" {
		return
	}
	pl := &session.Planning{ContactAmenagement: contact.value}
	r.loc["planning.contact_amenagement"] = contact
	if envoi.value != "" {
		pl.DateConvocation = r.dateAt("planning.date_convocation", envoi.value, envoi)
	}
	r.loc["planning"] = place{sheet: sheetPlanning, cell: "A1"}
	r.loc["planning.seances"] = place{sheet: sheetPlanning, cell: "A1"}
	byID := map[string]int{}  // sitting id → index
	firstRow := map[int]row{} // sitting → its first row
	seen := map[int]map[string]bool{}
	for _, rw := range rows {
		id, idPl := r.get(sheetPlanning, colIdx, rw, "Séance")
		if id == "" {
			r.problem(idPl, "séance manquante\u00a0: chaque ligne du planning nomme sa séance (par exemple S1)")
			continue
		}
		i, known := byID[id]
		if !known {
			i = len(pl.Seances)
			byID[id] = i
			firstRow[i] = rw
			seen[i] = map[string]bool{}
			p := fmt.Sprintf("planning.seances[%d]", i)
			r.loc[p] = place{sheet: sheetPlanning, cell: cell(plSeance, rw.n)}
			r.loc[p+".id"] = idPl
			pl.Seances = append(pl.Seances, r.seance(p, colIdx, rw, id))
		} else {
			r.sameAsFirst(colIdx, rw, firstRow[i])
		}
		se := &pl.Seances[i]
		p := fmt.Sprintf("planning.seances[%d]", i)
		num, numPl := r.get(sheetPlanning, colIdx, rw, "Numéro du candidat")
		heure, heurePl := r.get(sheetPlanning, colIdx, rw, "Heure de passage")
		if num == "" {
			if heure != "" {
				r.problem(numPl, "numéro du candidat manquant pour cette heure de passage")
			}
			continue
		}
		cp := fmt.Sprintf("%s.candidats[%d]", p, len(se.Candidats))
		r.loc[cp] = numPl
		r.loc[cp+".numero"] = numPl
		r.loc[cp+".heure"] = heurePl
		if seen[i][num] {
			r.problem(numPl, "candidat convoqué deux fois à la séance %s", id)
			continue
		}
		seen[i][num] = true
		se.Candidats = append(se.Candidats, session.Convoque{Numero: num, Heure: r.heure(heure, heurePl)})
	}
	r.s.Planning = pl
}

// seance reads a sitting's columns from its first row.
func (r *reader) seance(p string, cols map[string]int, rw row, id string) session.Seance {
	se := session.Seance{ID: id}
	g := func(title, field string) (string, place) {
		v, pl := r.get(sheetPlanning, cols, rw, title)
		r.loc[p+"."+field] = pl
		return v, pl
	}
	if v, _ := g("Épreuves", "epreuves"); v != "" {
		for _, e := range strings.FieldsFunc(v, func(c rune) bool { return c == ';' || c == ',' }) {
			if e = strings.ToUpper(strings.Join(strings.Fields(e), "")); e != "" {
				se.Epreuves = append(se.Epreuves, e)
			}
		}
	}
	v, _ := g("Forme", "forme")
	se.Forme = forme(v)
	if v, pl := g("Date", "date"); v != "" {
		se.Date = r.dateAt(p+".date", v, pl)
	}
	v, pl := g("Heure de début", "heure")
	se.Heure = r.heure(v, pl)
	v, pl = g("Durée (minutes)", "duree_minutes")
	se.DureeMinutes = r.minutes(v, pl)
	se.Lieu, _ = g("Lieu", "lieu")
	se.Salle, _ = g("Salle", "salle")
	for k := 1; k <= evaluatorsPerSeance; k++ {
		nom, nomPl := r.get(sheetPlanning, cols, rw, fmt.Sprintf("Évaluateur %d – nom", k))
		roleV, rolePl := r.get(sheetPlanning, cols, rw, fmt.Sprintf("Évaluateur %d – rôle", k))
		if nom == "" && roleV == "" {
			continue
		}
		ep := fmt.Sprintf("%s.evaluateurs[%d]", p, len(se.Evaluateurs))
		r.loc[ep+".nom"], r.loc[ep+".role"], r.loc[ep] = nomPl, rolePl, nomPl
		se.Evaluateurs = append(se.Evaluateurs, session.Evaluateur{Nom: nom, Role: roleV})
	}
	v, pl = g("Durée de passage (minutes)", "duree_passage_minutes")
	se.DureePassageMinutes = r.minutes(v, pl)
	return se
}

// sameAsFirst reports each sitting column of a row that differs from the
// sitting's first row; an empty cell takes the first row's value.
func (r *reader) sameAsFirst(cols map[string]int, rw, first row) {
	all := planningColumns()
	for _, c := range all[1 : len(all)-3] {
		v, pl := r.get(sheetPlanning, cols, rw, c.Title)
		w, wpl := r.get(sheetPlanning, cols, first, c.Title)
		if v != "" && fold(v) != fold(w) {
			r.problem(pl, "«\u00a0%s\u00a0» diffère de la première ligne de cette séance (%s\u00a0: «\u00a0%s\u00a0»)\u00a0: laissez la cellule vide ou recopiez la même valeur", c.Title, wpl, fr.Extrait(w))
		}
	}
}

var reHeure = regexp.MustCompile(`^(\d{1,2})\s*(?:[:hH]\s*(\d{2})?)?$`)

// heure reads a time of day as the workbook's cells take it: text such as
// 09:00, 9:00, 9h, 9 h 30, or the fraction of a day a time cell holds.
// Anything else is kept as typed for the session's rules to name.
func (r *reader) heure(v string, pl place) fr.Heure {
	if v == "" {
		return fr.Heure{}
	}
	if f, err := strconv.ParseFloat(v, 64); err == nil && f >= 0 && f < 1 {
		return fr.HeureMinutes(int(math.Round(f*24*60)) % (24 * 60))
	}
	if m := reHeure.FindStringSubmatch(strings.TrimSpace(v)); m != nil {
		h, _ := strconv.Atoi(m[1])
		mi := 0
		if m[2] != "" {
			mi, _ = strconv.Atoi(m[2])
		}
		if h < 24 && mi < 60 {
			return fr.HeureMinutes(h*60 + mi)
		}
	}
	return fr.HeureText(v)
}

// minutes reads a number of minutes; anything else is a problem at its
// cell (0 is returned, for the session's rules to name the field too).
func (r *reader) minutes(v string, pl place) int {
	if v == "" {
		return 0
	}
	f, err := strconv.ParseFloat(strings.ReplaceAll(v, ",", "."), 64)
	if err != nil || f != math.Trunc(f) || f < 0 || f > 24*60 {
		r.problem(pl, "durée illisible\u00a0: écrivez un nombre entier de minutes, par exemple 90")
		return 0
	}
	return int(f)
}
