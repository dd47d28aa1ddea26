package classeur

import (
	"certidoc/fr"
	"certidoc/referentiel"
	"certidoc/session"
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"
)

func (r *reader) sessionSheet() {
	rows, err := r.f.GetRows(sheetSession, excelize.Options{RawCellValue: true})
	if err != nil {
		r.add(session.Probleme{Chemin: sheetSession, Message: "feuille introuvable\u00a0: ne renommez ni ne supprimez les feuilles du classeur"})
		return
	}
	byLabel := map[string]int{}
	for i, rw := range rows {
		if len(rw) > 0 {
			byLabel[fold(rw[0])] = i
		}
	}
	for _, fl := range sessionFields {
		i, ok := byLabel[fold(fl.Label)]
		if !ok && fl.Label == labelRecours {
			continue // a workbook made before the row existed
		}
		if !ok {
			r.add(session.Probleme{Chemin: sheetSession + "!A:A", Message: fmt.Sprintf("rubrique «\u00a0%s\u00a0» introuvable en colonne A\u00a0: ne modifiez pas les intitulés", fl.Label)})
			continue
		}
		v := ""
		if len(rows[i]) > 1 {
			v = strings.TrimSpace(rows[i][1])
		}
		pl := place{sheet: sheetSession, cell: cell(2, i+1), value: v}
		switch p := fl.field(&r.s).(type) {
		case *fr.Date:
			*p = r.dateAt(sessionPaths[fl.Label], v, pl)
		case *fr.Heure:
			r.loc[sessionPaths[fl.Label]] = pl
			*p = fr.HeureText(v)
		case *string:
			r.loc[sessionPaths[fl.Label]] = pl
			*p = v
		}
	}
}

func (r *reader) jurySheet() {
	titles := make([]string, len(juryColumns))
	for i, c := range juryColumns {
		titles[i] = c.Title
	}
	cols, rows := r.table(sheetJury, titles)
	for _, rw := range rows {
		i := len(r.s.Jury)
		var m session.Membre
		g := func(title string) string {
			v, pl := r.get(sheetJury, cols, rw, title)
			for _, c := range append(juryColumns, juryOptional...) {
				if c.Title == title {
					r.loc[fmt.Sprintf("jury[%d].%s", i, c.Field)] = pl
				}
			}
			return v
		}
		m.Civilite = civilite(g("Civilité"))
		m.Nom = g("Nom")
		m.Prenom = g("Prénom")
		m.Role = role(g("Rôle"))
		m.Organisation = g("Organisation")
		m.Externe = r.yes(sheetJury, cols, rw, "Externe")
		m.VoixDeliberative = r.yes(sheetJury, cols, rw, "Voix délibérative")
		m.Adresse = lines(g("Adresse postale"))
		r.loc[fmt.Sprintf("jury[%d]", i)] = place{sheet: sheetJury, cell: cell(1, rw.n)}
		r.s.Jury = append(r.s.Jury, m)
	}
}

// lines splits a cell of several lines (an address), leaving out empty
// lines.
func lines(v string) []string {
	var out []string
	for _, l := range strings.Split(strings.ReplaceAll(v, "\r\n", "\n"), "\n") {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return out
}

func (r *reader) yes(sheet string, cols map[string]int, rw row, title string) bool {
	v, pl := r.get(sheet, cols, rw, title)
	switch fold(v) {
	case "oui", "o", "x", "vrai", "true", "1", "yes":
		return true
	case "non", "n", "faux", "false", "0", "no", "":
		return false
	}
	r.problem(pl, "réponse attendue\u00a0: Oui ou Non")
	return false
}

func (r *reader) candidatsSheet() {
	var titles []string
	for _, c := range candidatColumns {
		titles = append(titles, c.Title)
	}
	for _, b := range r.ref.Blocs {
		titles = append(titles, "Bloc "+b.Lettre+" présenté")
	}
	for _, c := range candidatTail {
		titles = append(titles, c.Title)
	}
	cols, rows := r.table(sheetCandidats, titles)
	all := append(append(append([]column{}, candidatColumns...), candidatTail...), candidatOptional...)
	for _, rw := range rows {
		i := len(r.s.Candidats)
		p := fmt.Sprintf("candidats[%d]", i)
		var c session.Candidat
		g := func(title string) string {
			v, pl := r.get(sheetCandidats, cols, rw, title)
			for _, col := range all {
				if col.Title == title {
					r.loc[p+"."+col.Field] = pl
				}
			}
			return v
		}
		c.Numero = g("Numéro")
		c.Civilite = civilite(g("Civilité"))
		c.NomNaissance = g("Nom de naissance")
		c.NomUsage = g("Nom d’usage")
		c.Prenoms = g("Prénoms")
		c.Sexe = session.Sexe(upper(g("Sexe")))
		if v, pl := r.get(sheetCandidats, cols, rw, "Date de naissance"); v != "" {
			c.Naissance.Date = r.dateAt(p+".naissance.date", v, pl)
		} else {
			r.loc[p+".naissance.date"] = pl
		}
		c.Naissance.Commune = g("Commune de naissance")
		c.Naissance.CodeINSEE = upper(g("Code INSEE de la commune"))
		c.Naissance.Pays = upper(g("Pays de naissance (code)"))
		c.Naissance.PaysLibelle = g("Pays de naissance")
		c.Adresse = lines(g("Adresse postale"))
		c.Voie = voie(g("Voie d’accès"))
		sl := slot{row: rw.n, numero: c.Numero}
		first := true
		for _, b := range r.ref.Blocs {
			v, pl := r.get(sheetCandidats, cols, rw, "Bloc "+b.Lettre+" présenté")
			if first {
				r.loc[p+".blocs_presentes"] = pl
				first = false
			}
			switch fold(v) {
			case "oui", "o", "x", "vrai", "true", "1", "yes":
				r.loc[fmt.Sprintf("%s.blocs_presentes[%d]", p, len(c.BlocsPresentes))] = pl
				c.BlocsPresentes = append(c.BlocsPresentes, b.Lettre)
				sl.blocs = append(sl.blocs, b.Lettre)
			case "", "non", "n", "0", "faux", "false":
			default:
				r.problem(pl, "attendu «\u00a0Oui\u00a0» si le bloc %s est présenté, vide sinon", b.Lettre)
			}
		}
		if v := g("Formateurs"); v != "" {
			for _, f := range strings.Split(v, ";") {
				if f = strings.TrimSpace(f); f != "" {
					c.Formateurs = append(c.Formateurs, f)
				}
			}
		}
		c.Preconisations = g("Préconisations du jury")
		if v := g("Début de formation"); v != "" {
			_, pl := r.get(sheetCandidats, cols, rw, "Début de formation")
			c.DebutFormation = r.dateAt(p+".debut_formation", v, pl)
		}
		if c.Numero != "" && rw.n <= lastCandRow() {
			r.slots = append(r.slots, sl)
		}
		r.loc[p] = place{sheet: sheetCandidats, cell: cell(1, rw.n)}
		if first, dup := r.numRow[c.Numero]; dup && c.Numero != "" {
			_, pl := r.get(sheetCandidats, cols, rw, "Numéro")
			r.problem(pl, "numéro en double\u00a0: les lignes %d et %d de la feuille Candidats portent le même numéro\u202f; chaque candidat a le sien", first, rw.n)
		} else if c.Numero != "" {
			// Document numbers keep only the letters and digits of the
			// candidate's number: "2022-001" and "2022 001" would share theirs.
			if near, ok := r.slugRow[fr.Slug(c.Numero)]; ok {
				_, pl := r.get(sheetCandidats, cols, rw, "Numéro")
				r.problem(pl, "numéro trop proche de «\u00a0%s\u00a0», celui de la ligne %d de la feuille Candidats\u00a0: les deux donnent les mêmes numéros de document\u202f; deux numéros de candidat doivent différer par au moins une lettre ou un chiffre, pas seulement par la ponctuation, les espaces, les accents ou la casse", fr.Extrait(near.numero), near.row)
			} else {
				r.slugRow[fr.Slug(c.Numero)] = numbered{c.Numero, rw.n}
			}
			r.num[c.Numero] = i
			r.numRow[c.Numero] = rw.n
		}
		r.s.Candidats = append(r.s.Candidats, c)
	}
}

// candidat finds the candidate of a row by its number, or reports it.
func (r *reader) candidat(sheet string, cols map[string]int, rw row, title string) (int, bool) {
	v, pl := r.get(sheet, cols, rw, title)
	return r.candidatNumbered(v, pl)
}

func (r *reader) candidatNumbered(v string, pl place) (int, bool) {
	i, ok := r.num[v]
	if !ok {
		if v == "" {
			r.problem(pl, "numéro du candidat manquant")
		} else {
			r.problem(pl, "candidat absent de la feuille Candidats")
		}
	}
	return i, ok
}

func (r *reader) acquisSheet() {
	titles := make([]string, len(acquisColumns))
	for i, c := range acquisColumns {
		titles[i] = c.Title
	}
	cols, rows := r.table(sheetAcquis, titles)
	for _, rw := range rows {
		i, ok := r.candidat(sheetAcquis, cols, rw, "Numéro du candidat")
		if !ok {
			continue
		}
		c := &r.s.Candidats[i]
		p := fmt.Sprintf("candidats[%d].blocs_acquis[%d]", i, len(c.BlocsAcquis))
		var a session.BlocAcquis
		for _, col := range acquisColumns[1:] {
			v, pl := r.get(sheetAcquis, cols, rw, col.Title)
			r.loc[p+"."+col.Field] = pl
			switch col.Field {
			case "bloc":
				a.Bloc = upper(v)
			case "date":
				a.Date = r.dateAt(p+".date", v, pl)
			case "session":
				a.Session = v
			}
		}
		r.loc[p] = place{sheet: sheetAcquis, cell: cell(1, rw.n)}
		c.BlocsAcquis = append(c.BlocsAcquis, a)
	}
}

func (r *reader) epreuveSheet(b *referentiel.Bloc, e *referentiel.Epreuve) {
	sheet := epreuveSheet(b, e)
	cols := epreuveColumns(r.ref, e)
	titles := make([]string, len(cols))
	for i, c := range cols {
		titles[i] = c.Title
	}
	colIdx, rows := r.table(sheet, titles)
	levels := r.ref.Niveaux(e) // criteria assessed by level, or comments only
	for _, rw := range rows {
		ev := session.Evaluation{Bloc: b.Lettre, Epreuve: e.Numero, Criteres: []session.Critere{}}
		places := map[string]place{}
		val := func(title, field string) string {
			v, pl := r.get(sheet, colIdx, rw, title)
			if field != "" {
				places[field] = pl
			}
			return v
		}
		dateText := val("Date", "date")
		ev.Lieu = val("Lieu", "lieu")
		for k := 1; k <= evaluatorsPerEp; k++ {
			nom := val(fmt.Sprintf("Évaluateur %d – nom", k), "")
			rl := val(fmt.Sprintf("Évaluateur %d – rôle", k), "")
			if nom != "" || rl != "" {
				_, pn := r.get(sheet, colIdx, rw, fmt.Sprintf("Évaluateur %d – nom", k))
				_, pr := r.get(sheet, colIdx, rw, fmt.Sprintf("Évaluateur %d – rôle", k))
				places[fmt.Sprintf("evaluateurs[%d].nom", len(ev.Evaluateurs))] = pn
				places[fmt.Sprintf("evaluateurs[%d].role", len(ev.Evaluateurs))] = pr
				ev.Evaluateurs = append(ev.Evaluateurs, session.Evaluateur{Nom: nom, Role: rl})
			}
		}
		noted := r.note(sheet, colIdx, rw, &ev, places)
		var missing []place // level cells left empty
		var missingCodes []string
		for _, code := range e.Competences {
			com, pc := r.get(sheet, colIdx, rw, "Commentaire "+code)
			if !levels {
				if com != "" {
					k := len(ev.Criteres)
					places[fmt.Sprintf("criteres[%d].competence", k)] = pc
					ev.Criteres = append(ev.Criteres, session.Critere{Competence: code, Commentaire: com})
				}
				continue
			}
			lv, pl := r.get(sheet, colIdx, rw, "Niveau "+code)
			if lv == "" {
				missing = append(missing, pl)
				missingCodes = append(missingCodes, code)
			}
			if lv == "" && com == "" {
				continue
			}
			k := len(ev.Criteres)
			places[fmt.Sprintf("criteres[%d].niveau", k)] = pl
			places[fmt.Sprintf("criteres[%d].competence", k)] = pl
			ev.Criteres = append(ev.Criteres, session.Critere{Competence: code, Niveau: r.level(rawAt(colIdx, rw, "Niveau "+code)), Commentaire: com})
		}
		ev.Appreciation = val("Appréciation générale", "appreciation")
		if dateText == "" && ev.Lieu == "" && len(ev.Evaluateurs) == 0 && len(ev.Criteres) == 0 && ev.Appreciation == "" && !noted {
			continue // a candidate listed but not evaluated yet
		}
		// An empty level is named at its cell, once: the session's rules
		// would name the evaluation, or an empty level « ».
		// It names the criterion and the candidate besides the cell.
		who := ""
		if num, _ := r.get(sheet, colIdx, rw, "Numéro du candidat"); num != "" {
			who = " du candidat " + num
		}
		for k, pl := range missing {
			r.problem(pl, "niveau manquant pour le critère %s%s\u00a0: choisissez %s", missingCodes[k], who, levelChoices(r.ref))
		}
		if len(missing) > 0 {
			places["criteres"] = missing[0]
			kept := ev.Criteres[:0]
			for _, cr := range ev.Criteres {
				if cr.Niveau != "" {
					kept = append(kept, cr)
				}
			}
			ev.Criteres = kept
		}
		if pl := places["date"]; dateText != "" {
			ev.Date = r.date(dateText, pl)
			if ev.Date.Valid() {
				pl.value = ev.Date.Courte()
				places["date"] = pl
			}
		}
		i, ok := r.candidat(sheet, colIdx, rw, "Numéro du candidat")
		if !ok {
			continue
		}
		c := &r.s.Candidats[i]
		p := fmt.Sprintf("candidats[%d].evaluations[%d]", i, len(c.Evaluations))
		r.loc[p] = place{sheet: sheet, cell: cell(1, rw.n)}
		for field, pl := range places {
			r.loc[p+"."+field] = pl
		}
		c.Evaluations = append(c.Evaluations, ev)
	}
}

func (r *reader) decisionsSheet() {
	titles := make([]string, len(decisionColumns))
	for i, c := range decisionColumns {
		titles[i] = c.Title
	}
	cols, rows := r.table(sheetDecisions, titles)
	for _, rw := range rows {
		bloc, pb := r.get(sheetDecisions, cols, rw, "Bloc")
		dec, pd := r.get(sheetDecisions, cols, rw, "Décision du jury")
		motif, pm := r.get(sheetDecisions, cols, rw, "Motif")
		if dec == "" && motif == "" {
			continue // the jury has not decided yet
		}
		num, pn := r.get(sheetDecisions, cols, rw, "Numéro du candidat")
		if num == "" && bloc == "" {
			// Formulas never computed (a file written by a program):
			// the pair is the one the formulas give.
			if n, l, ok := r.pairOf(pn); ok {
				num, bloc = n, l
			}
		}
		i, ok := r.candidatNumbered(num, pn)
		if !ok {
			continue
		}
		c := &r.s.Candidats[i]
		p := fmt.Sprintf("candidats[%d].decisions[%d]", i, len(c.Decisions))
		r.loc[p] = place{sheet: sheetDecisions, cell: cell(1, rw.n)}
		r.loc[p+".bloc"], r.loc[p+".decision"], r.loc[p+".motif"] = pb, pd, pm
		c.Decisions = append(c.Decisions, session.Decision{Bloc: upper(bloc), Decision: decision(dec), Motif: motif})
	}
}

func (r *reader) incidentsSheet() {
	cols, rows := r.table(sheetIncidents, []string{"Incident"})
	for _, rw := range rows {
		v, pl := r.get(sheetIncidents, cols, rw, "Incident")
		if v == "" {
			continue
		}
		r.loc[fmt.Sprintf("incidents[%d]", len(r.s.Incidents))] = pl
		r.s.Incidents = append(r.s.Incidents, v)
	}
}

// rawAt returns the untrimmed value of a titled column in a row.
func rawAt(cols map[string]int, rw row, title string) string {
	if i, ok := cols[fold(title)]; ok && i < len(rw.raw) {
		return rw.raw[i]
	}
	return ""
}

// levelChoices lists the levels a cell may hold, for messages.
func levelChoices(ref *referentiel.Referentiel) string {
	var out []string
	for _, n := range ref.Echelle.Niveaux {
		out = append(out, string(n.Code)+" ("+n.Libelle+")")
	}
	return strings.Join(out, ", ")
}

// slot is a row of Candidats as the Décisions formulas see it: its number
// and the blocs it presents, in the référentiel's order.
type slot struct {
	row    int
	numero string
	blocs  []string
}

// reDecisionPair finds k in a Décisions formula: INDEX(Calculs!…,k).
var reDecisionPair = regexp.MustCompile(`INDEX\(` + sheetCalculs + `!\$[A-Z]+\$\d+:\$[A-Z]+\$\d+,(\d+)\)`)

// pairOf returns the pair candidate × bloc that the formula of a Décisions
// number cell shows: the k-th pair of Candidats, in row order then bloc
// order, as the Calculs sheet counts them.
func (r *reader) pairOf(pl place) (numero, bloc string, ok bool) {
	f, err := r.f.GetCellFormula(pl.sheet, pl.cell)
	m := reDecisionPair.FindStringSubmatch(f)
	if err != nil || m == nil {
		return "", "", false
	}
	k, _ := strconv.Atoi(m[1])
	for _, sl := range r.slots {
		if k <= len(sl.blocs) {
			return sl.numero, sl.blocs[k-1], true
		}
		k -= len(sl.blocs)
	}
	return "", "", false
}

// upper is strings.ToUpper for the short codes a cell holds (sex, INSEE
// code, country, bloc); a long value, which no code is, stays as typed
// for the session's rules to refuse, instead of being copied for each
// cell that holds it.
func upper(v string) string {
	if len(v) > 64 {
		return v
	}
	return strings.ToUpper(v)
}
