package classeur

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"certidoc/referentiel"
	"certidoc/session"
)

// Errors of Read for a file that is not a usable entry workbook; each comes
// wrapped in an *ImportError whose message, in French, says what to do.
var (
	ErrNotWorkbook = errors.New("classeur: not a workbook")
	ErrEncrypted   = errors.New("classeur: encrypted or legacy workbook")
	ErrTooLarge    = errors.New("classeur: workbook too large")
	ErrLayout      = errors.New("classeur: other layout or version")
)

// ImportError is a file that cannot be imported at all.
type ImportError struct {
	Kind    error
	Message string // in French
}

func (e *ImportError) Error() string { return e.Message }

// Unwrap lets errors.Is match the kind.
func (e *ImportError) Unwrap() error { return e.Kind }

// Limits bound what an import reads, so that a hostile file (a zip bomb, a
// sheet of a million rows) gets an answer quickly and in bounded memory.
type Limits struct {
	MaxBytes          int64 // the file itself
	UnzipSizeLimit    int64 // all its parts, unzipped
	UnzipXMLSizeLimit int64 // one sheet held in memory
	MaxRows           int   // data rows read per sheet
}

// DefaultLimits are generous for a session of a few hundred candidates.
func DefaultLimits() Limits {
	return Limits{MaxBytes: 20 << 20, UnzipSizeLimit: 200 << 20, UnzipXMLSizeLimit: 32 << 20, MaxRows: session.MaxCandidats * 5}
}

var oleMagic = []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}

// Read imports a filled entry workbook into a session and validates it with
// the session rules. Every problem names the sheet, the cell and the value.
// It returns the session and its warnings, or a *session.Report listing
// every problem, or an *ImportError for a file it cannot read at all.
func Read(data []byte, ref *referentiel.Referentiel, lim Limits) (*session.Session, *session.Report, error) {
	f, err := open(data, ref, lim)
	if err != nil {
		return nil, nil, err
	}
	defer f.Close()
	r := &reader{f: f, ref: ref, lim: lim, loc: map[string]place{}, num: map[string]int{}}
	r.read()
	if r.fatal != nil {
		return nil, nil, r.fatal
	}
	rep := session.Validate(&r.s, ref)
	out := &session.Report{Problemes: r.problems}
	named := map[string]bool{}
	for _, p := range r.problems {
		named[p.Chemin] = true
	}
	for _, p := range rep.Problemes {
		// A cell already named by the import is not named twice.
		if p = r.locate(p); !named[p.Chemin] {
			out.Problemes = append(out.Problemes, p)
		}
	}
	for _, p := range rep.Avertissements {
		out.Avertissements = append(out.Avertissements, r.locate(p))
	}
	if len(out.Problemes) > 0 {
		return nil, nil, out
	}
	return &r.s, out, nil
}

func open(data []byte, ref *referentiel.Referentiel, lim Limits) (*excelize.File, error) {
	fail := func(kind error, msg string) error { return &ImportError{Kind: kind, Message: msg} }
	if int64(len(data)) > lim.MaxBytes {
		return nil, fail(ErrTooLarge, fmt.Sprintf("Le fichier fait %d Mo : %d Mo au plus.", len(data)>>20, lim.MaxBytes>>20))
	}
	if bytes.HasPrefix(data, oleMagic) {
		return nil, fail(ErrEncrypted, "Ce classeur est protégé par un mot de passe, ou enregistré au format Excel 97-2003 (.xls). Retirez le mot de passe (Fichier > Informations > Protéger) et enregistrez-le au format .xlsx.")
	}
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, fail(ErrNotWorkbook, "Ce fichier n’est pas un classeur Excel (.xlsx) : déposez le classeur de saisie téléchargé depuis certidoc, enregistré au format .xlsx.")
	}
	var total uint64
	for _, zf := range zr.File {
		total += zf.UncompressedSize64
		if total > uint64(lim.UnzipSizeLimit) || zf.UncompressedSize64 > uint64(lim.UnzipSizeLimit) {
			return nil, fail(ErrTooLarge, fmt.Sprintf("Ce classeur se décompresse en plus de %d Mo : il est refusé (fichier anormal ou beaucoup trop grand).", lim.UnzipSizeLimit>>20))
		}
	}
	f, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{UnzipSizeLimit: lim.UnzipSizeLimit, UnzipXMLSizeLimit: lim.UnzipXMLSizeLimit, RawCellValue: true})
	if err != nil {
		return nil, fail(ErrNotWorkbook, "Ce fichier n’est pas un classeur Excel lisible (.xlsx) : ouvrez-le dans Excel ou LibreOffice et enregistrez-le au format .xlsx.")
	}
	meta := make([]string, 3)
	for i := range meta {
		meta[i], _ = f.GetCellValue(sheetMeta, cell(1, i+1))
	}
	switch {
	case meta[0] != metaMarker:
		f.Close()
		return nil, fail(ErrLayout, "Ce classeur n’est pas un classeur de saisie certidoc (ou sa structure a été modifiée) : téléchargez le classeur de saisie et recopiez-y vos données.")
	case meta[1] != Version:
		f.Close()
		return nil, fail(ErrLayout, fmt.Sprintf("Ce classeur de saisie est de la version %s ; certidoc lit la version %s : téléchargez le classeur à jour et recopiez-y vos données.", meta[1], Version))
	case meta[2] != ref.Certification.CodeRNCP:
		f.Close()
		return nil, fail(ErrLayout, fmt.Sprintf("Ce classeur a été fait pour la certification %s, pas pour %s.", meta[2], ref.Certification.CodeRNCP))
	}
	return f, nil
}

// place is where a value was read: a sheet, a cell and the value.
type place struct {
	sheet, cell, value string
}

func (p place) String() string { return p.sheet + "!" + p.cell }

// reader builds a session from the sheets, remembering where each value
// came from so that problems can name the cell.
type reader struct {
	f        *excelize.File
	ref      *referentiel.Referentiel
	lim      Limits
	s        session.Session
	loc      map[string]place // JSON path → cell
	num      map[string]int   // candidate number → index
	problems []session.Probleme
	fatal    error
}

func (r *reader) problem(p place, format string, args ...any) {
	msg := fmt.Sprintf(format, args...)
	if p.value != "" {
		msg += fmt.Sprintf(" (valeur « %s »)", p.value)
	}
	r.problems = append(r.problems, session.Probleme{Chemin: p.String(), Message: msg})
}

// locate turns a JSON path of the session's rules into the cell it came
// from: the path itself, or the nearest enclosing one that was read.
func (r *reader) locate(p session.Probleme) session.Probleme {
	path := p.Chemin
	for path != "" {
		if pl, ok := r.loc[path]; ok {
			msg := p.Message
			if pl.value != "" && !strings.Contains(msg, "« "+pl.value+" »") {
				msg += fmt.Sprintf(" (valeur « %s »)", pl.value)
			}
			return session.Probleme{Chemin: pl.String(), Message: msg}
		}
		i := strings.LastIndexAny(path, ".[")
		if i < 0 {
			break
		}
		path = path[:i]
	}
	return p
}

// row is one non-empty data row of a table sheet.
type row struct {
	n     int      // 1-based row number
	cells []string // trimmed raw values, by column index (0-based)
}

// table reads a table sheet: the titles of row 1 locate the columns (extra
// columns are ignored), data start at row 3, empty rows are skipped.
func (r *reader) table(sheet string, want []string) (map[string]int, []row) {
	rows, err := r.f.Rows(sheet)
	if err != nil {
		r.problems = append(r.problems, session.Probleme{Chemin: sheet, Message: "feuille introuvable : ne renommez ni ne supprimez les feuilles du classeur"})
		return nil, nil
	}
	defer rows.Close()
	cols := map[string]int{}
	var out []row
	n := 0
	for rows.Next() {
		n++
		vals, err := rows.Columns(excelize.Options{RawCellValue: true})
		if err != nil {
			r.problems = append(r.problems, session.Probleme{Chemin: fmt.Sprintf("%s!A%d", sheet, n), Message: "ligne illisible"})
			continue
		}
		if n == 1 {
			for i, v := range vals {
				if _, dup := cols[fold(v)]; !dup {
					cols[fold(v)] = i
				}
			}
			for _, w := range want {
				if _, ok := cols[fold(w)]; !ok {
					r.problems = append(r.problems, session.Probleme{Chemin: sheet + "!1:1", Message: fmt.Sprintf("colonne « %s » introuvable en ligne 1 : ne renommez pas les titres des colonnes", w)})
				}
			}
			continue
		}
		if n < firstDataRow {
			continue
		}
		empty := true
		for i := range vals {
			vals[i] = strings.TrimSpace(vals[i])
			empty = empty && vals[i] == ""
		}
		if empty {
			continue
		}
		if len(out) >= r.lim.MaxRows {
			r.fatal = &ImportError{Kind: ErrTooLarge, Message: fmt.Sprintf("La feuille « %s » compte plus de %d lignes remplies : ce n’est pas un classeur de session (%d candidats au plus).", sheet, r.lim.MaxRows, session.MaxCandidats)}
			return cols, out
		}
		out = append(out, row{n: n, cells: vals})
	}
	if err := rows.Error(); err != nil {
		r.fatal = &ImportError{Kind: ErrNotWorkbook, Message: fmt.Sprintf("La feuille « %s » est illisible.", sheet)}
	}
	return cols, out
}

// get returns the value of a titled column in a row, and its place.
func (r *reader) get(sheet string, cols map[string]int, rw row, title string) (string, place) {
	i, ok := cols[fold(title)]
	if !ok {
		return "", place{sheet: sheet, cell: cell(1, rw.n)}
	}
	v := ""
	if i < len(rw.cells) {
		v = rw.cells[i]
	}
	return v, place{sheet: sheet, cell: cell(i+1, rw.n), value: v}
}

func (r *reader) read() {
	r.sessionSheet()
	r.jurySheet()
	r.candidatsSheet()
	if r.fatal != nil {
		return
	}
	r.acquisSheet()
	for i := range r.ref.Blocs {
		b := &r.ref.Blocs[i]
		for j := range b.Epreuves {
			r.epreuveSheet(b, &b.Epreuves[j])
		}
	}
	r.decisionsSheet()
	r.incidentsSheet()
}

func (r *reader) sessionSheet() {
	rows, err := r.f.GetRows(sheetSession, excelize.Options{RawCellValue: true})
	if err != nil {
		r.problems = append(r.problems, session.Probleme{Chemin: sheetSession, Message: "feuille introuvable : ne renommez ni ne supprimez les feuilles du classeur"})
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
		if !ok {
			r.problems = append(r.problems, session.Probleme{Chemin: sheetSession + "!A:A", Message: fmt.Sprintf("rubrique « %s » introuvable en colonne A : ne modifiez pas les intitulés", fl.Label)})
			continue
		}
		v := ""
		if len(rows[i]) > 1 {
			v = strings.TrimSpace(rows[i][1])
		}
		pl := place{sheet: sheetSession, cell: cell(2, i+1), value: v}
		if fl.Date {
			v = r.date(v, pl)
		}
		*fl.get(&r.s) = v
		r.loc[sessionPaths[fl.Label]] = pl
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
			for _, c := range juryColumns {
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
		r.loc[fmt.Sprintf("jury[%d]", i)] = place{sheet: sheetJury, cell: cell(1, rw.n)}
		r.s.Jury = append(r.s.Jury, m)
	}
}

func (r *reader) yes(sheet string, cols map[string]int, rw row, title string) bool {
	v, pl := r.get(sheet, cols, rw, title)
	switch fold(v) {
	case "oui", "o", "x", "vrai", "true", "1", "yes":
		return true
	case "non", "n", "faux", "false", "0", "no", "":
		return false
	}
	r.problem(pl, "réponse attendue : Oui ou Non")
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
	all := append(append([]column{}, candidatColumns...), candidatTail...)
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
		c.Sexe = strings.ToUpper(g("Sexe"))
		if v := g("Date de naissance"); v != "" {
			_, pl := r.get(sheetCandidats, cols, rw, "Date de naissance")
			c.Naissance.Date = r.date(v, pl)
		}
		c.Naissance.Commune = g("Commune de naissance")
		c.Naissance.CodeINSEE = strings.ToUpper(g("Code INSEE de la commune"))
		c.Naissance.Pays = strings.ToUpper(g("Pays de naissance (code)"))
		c.Naissance.PaysLibelle = g("Pays de naissance")
		if a := g("Adresse postale"); a != "" {
			for _, l := range strings.Split(strings.ReplaceAll(a, "\r\n", "\n"), "\n") {
				if l = strings.TrimSpace(l); l != "" {
					c.Adresse = append(c.Adresse, l)
				}
			}
		}
		c.Voie = voie(g("Voie d’accès"))
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
			case "", "non", "n", "0", "faux", "false":
			default:
				r.problem(pl, "attendu « Oui » si le bloc %s est présenté, vide sinon", b.Lettre)
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
		r.loc[p] = place{sheet: sheetCandidats, cell: cell(1, rw.n)}
		if j, dup := r.num[c.Numero]; dup && c.Numero != "" {
			_, pl := r.get(sheetCandidats, cols, rw, "Numéro")
			r.problem(pl, "numéro déjà donné au candidat de la ligne %d", j)
		}
		if c.Numero != "" {
			r.num[c.Numero] = i
		}
		r.s.Candidats = append(r.s.Candidats, c)
	}
}

// candidat finds the candidate of a row by its number, or reports it.
func (r *reader) candidat(sheet string, cols map[string]int, rw row, title string) (int, bool) {
	v, pl := r.get(sheet, cols, rw, title)
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
				a.Bloc = strings.ToUpper(v)
			case "date":
				a.Date = r.date(v, pl)
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
	cols := epreuveColumns(e)
	titles := make([]string, len(cols))
	for i, c := range cols {
		titles[i] = c.Title
	}
	colIdx, rows := r.table(sheet, titles)
	for _, rw := range rows {
		var ev session.Evaluation
		ev.Bloc, ev.Epreuve = b.Lettre, e.Numero
		places := map[string]place{}
		val := func(title, field string) string {
			v, pl := r.get(sheet, colIdx, rw, title)
			if field != "" {
				places[field] = pl
			}
			return v
		}
		ev.Date = val("Date", "date")
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
		for _, code := range e.Competences {
			lv, pl := r.get(sheet, colIdx, rw, "Niveau "+code)
			com, _ := r.get(sheet, colIdx, rw, "Commentaire "+code)
			if lv == "" && com == "" {
				continue
			}
			k := len(ev.Criteres)
			places[fmt.Sprintf("criteres[%d].niveau", k)] = pl
			places[fmt.Sprintf("criteres[%d].competence", k)] = pl
			ev.Criteres = append(ev.Criteres, session.Critere{Competence: code, Niveau: r.level(lv), Commentaire: com})
		}
		ev.Appreciation = val("Appréciation générale", "appreciation")
		if ev.Date == "" && ev.Lieu == "" && len(ev.Evaluateurs) == 0 && len(ev.Criteres) == 0 && ev.Appreciation == "" {
			continue // a candidate listed but not evaluated yet
		}
		ev.Date = r.date(ev.Date, places["date"])
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
		i, ok := r.candidat(sheetDecisions, cols, rw, "Numéro du candidat")
		if !ok {
			continue
		}
		c := &r.s.Candidats[i]
		p := fmt.Sprintf("candidats[%d].decisions[%d]", i, len(c.Decisions))
		r.loc[p] = place{sheet: sheetDecisions, cell: cell(1, rw.n)}
		r.loc[p+".bloc"], r.loc[p+".decision"], r.loc[p+".motif"] = pb, pd, pm
		c.Decisions = append(c.Decisions, session.Decision{Bloc: strings.ToUpper(bloc), Decision: decision(dec), Motif: motif})
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

var (
	reFrenchDate = regexp.MustCompile(`^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$`)
	reNumber     = regexp.MustCompile(`^\d+(\.\d+)?$`)
)

// date reads what Excel and Calc write for a date: a serial number, or text
// as 25/11/2026 or 2026-11-25. Anything else is a problem at its cell.
func (r *reader) date(v string, pl place) string {
	switch {
	case v == "":
		return ""
	case reNumber.MatchString(v):
		serial, err := strconv.ParseFloat(v, 64)
		if err == nil && serial > 0 && serial < 2958466 {
			if t, err := excelize.ExcelDateToTime(serial, false); err == nil {
				return t.Format(time.DateOnly)
			}
		}
	case reFrenchDate.MatchString(v):
		m := reFrenchDate.FindStringSubmatch(v)
		d, _ := strconv.Atoi(m[1])
		mo, _ := strconv.Atoi(m[2])
		iso := fmt.Sprintf("%s-%02d-%02d", m[3], mo, d)
		if _, err := time.Parse(time.DateOnly, iso); err == nil {
			return iso
		}
	default:
		if len(v) >= 10 {
			if _, err := time.Parse(time.DateOnly, v[:10]); err == nil && (len(v) == 10 || v[10] == 'T' || v[10] == ' ') {
				return v[:10]
			}
		}
	}
	r.problem(pl, "date impossible ou illisible : écrivez-la JJ/MM/AAAA, par exemple 25/11/2026")
	return v
}

// level accepts a level's code or label in any case ("pa", "Acquis").
func (r *reader) level(v string) string {
	for _, n := range r.ref.Echelle.Niveaux {
		if fold(v) == fold(n.Code) || fold(v) == fold(n.Libelle) {
			return n.Code
		}
	}
	return v
}

func civilite(v string) string {
	switch fold(v) {
	case "mme", "madame", "mme.":
		return "Mme"
	case "m.", "m", "monsieur", "mr", "mr.":
		return "M."
	}
	return v
}

func role(v string) string {
	switch fold(v) {
	case "president", "presidente", "president(e)":
		return session.RolePresident
	case "membre":
		return session.RoleMembre
	}
	return v
}

func voie(v string) string {
	for _, x := range session.Voies {
		if fold(v) == fold(x.Libelle) || fold(v) == fold(x.Code) {
			return x.Code
		}
	}
	return v
}

func decision(v string) string {
	switch fold(v) {
	case "valide", "validee":
		return session.DecisionValide
	case "non valide", "non validee", "non_valide":
		return session.DecisionNonValide
	case "absent", "absente":
		return session.DecisionAbsent
	}
	return v
}
