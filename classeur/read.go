package classeur

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"strings"

	"github.com/xuri/excelize/v2"

	"certidoc/fr"
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
	// Counted in each sheet's XML before anything else reads it
	// (sheetlimits.go): cells of one sheet and of all, shared strings
	// (MaxCellsAll too), the last row and column a sheet may use.
	MaxCells, MaxCellsAll int
	MaxRow, MaxColumn     int
}

// DefaultLimits are generous for a session of a few hundred candidates:
// the workbook certidoc writes has 64,000 cells on its largest sheet
// (Calculs), 1,502 rows and 203 columns.
func DefaultLimits() Limits {
	return Limits{MaxBytes: 20 << 20, UnzipSizeLimit: 200 << 20, UnzipXMLSizeLimit: 32 << 20, MaxRows: session.MaxCandidats * 5,
		MaxCells: 200_000, MaxCellsAll: 1_000_000, MaxRow: 100_000, MaxColumn: 1024}
}

var oleMagic = []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}

// Read imports a filled entry workbook into a session and validates it with
// the session rules (font is the documents' font, as for session.Parse).
// Every problem names the sheet, the cell and the value.
// It returns the session and its warnings, or a *session.Report listing
// every problem, or an *ImportError for a file it cannot read at all,
// such as a workbook made for another référentiel or another version of
// this one.
func Read(data []byte, ref *referentiel.Referentiel, font session.Font, lim Limits) (*session.Session, *session.Report, error) {
	_, s, rep, err := ReadFrom(data, referentiel.Seul(ref), ref.Certification.CodeRNCP, font, lim)
	return s, rep, err
}

// ReadFrom is Read choosing the référentiel among ens: the one the
// workbook was made for, which must be the certification code names when
// code is not empty. It returns the référentiel too.
func ReadFrom(data []byte, ens *referentiel.Ensemble, code string, font session.Font, lim Limits) (*referentiel.Referentiel, *session.Session, *session.Report, error) {
	ref, s, rep, _, err := readFrom(data, ens, code, font, lim)
	return ref, s, rep, err
}

// readFrom is ReadFrom, and also returns the reader's locate, for problems
// found after the import.
func readFrom(data []byte, ens *referentiel.Ensemble, code string, font session.Font, lim Limits) (*referentiel.Referentiel, *session.Session, *session.Report, Locate, error) {
	f, meta, err := open(data, lim)
	if err != nil {
		return nil, nil, nil, nil, err
	}
	defer f.Close()
	ref, err := choose(meta, ens, code)
	if err != nil {
		return nil, nil, nil, nil, err
	}
	r := &reader{f: f, ref: ref, lim: lim, loc: map[string]place{}, num: map[string]int{}, numRow: map[string]int{}, slugRow: map[string]numbered{},
		named: map[string]bool{}, long: map[string]string{}}
	if ref != ens.Defaut() {
		// The session names its certification, unless it is the default
		// one, which a session need not name (and before several could be
		// held, none did).
		r.s.Certification = ref.Certification.CodeRNCP
	}
	r.read()
	if r.fatal != nil {
		return ref, nil, nil, nil, r.fatal
	}
	rep := session.Validate(&r.s, ref, font)
	out := &r.rep // the import's own problems first, then the session's rules'
	listed, omis := rep.Listed()
	for _, p := range listed {
		// A cell already named by the import is not named twice.
		if p = r.locate(p); !r.named[p.Chemin] {
			out.Add(p)
		}
	}
	out.Omit(omis)
	for _, p := range rep.Avertissements {
		out.Avertissements = append(out.Avertissements, r.locate(p))
	}
	if len(out.Problemes) > 0 {
		return ref, nil, nil, nil, out
	}
	// The locator keeps the paths' cells, not the workbook.
	return ref, &r.s, out, (&reader{loc: r.loc}).locate, nil
}

// meta is what the workbook's hidden sheet says of itself.
type meta struct {
	marker, layout, code, version string
}

// choose returns the référentiel the workbook was made for, refusing one
// made for another certification than code (when given), for a
// certification ens does not hold, or for another version of the
// référentiel. A workbook made before the version was written carries
// none and is taken as made for the current one.
func choose(m meta, ens *referentiel.Ensemble, code string) (*referentiel.Referentiel, error) {
	fail := func(msg string) error { return &ImportError{Kind: ErrLayout, Message: msg} }
	if code != "" && !strings.EqualFold(m.code, code) {
		want, _ := ens.Get(code)
		name := code
		if want != nil {
			name = describe(want.Certification.CodeRNCP, want)
		}
		got, _ := ens.Get(m.code)
		return nil, fail(fmt.Sprintf("Ce classeur a été fait pour la certification %s, pas pour %s : déposez-le pour sa certification, ou téléchargez le classeur de %s.", describe(fr.Extrait(m.code), got), name, fr.Extrait(code)))
	}
	ref, ok := ens.Get(m.code)
	if !ok {
		return nil, fail(fmt.Sprintf("Ce classeur a été fait pour la certification %s, que ce service ne tient pas (certifications tenues : %s).", fr.Extrait(m.code), strings.Join(ens.Codes(), ", ")))
	}
	if v := ref.Version(); m.version != "" && m.version != v {
		return nil, fail(fmt.Sprintf("Ce classeur a été fait pour la version %s du référentiel %s, pas pour sa version actuelle %s : téléchargez le classeur à jour et recopiez-y vos données.", fr.Extrait(m.version), m.code, v))
	}
	return ref, nil
}

// describe names a certification by its code and, when known, its sigle.
func describe(code string, ref *referentiel.Referentiel) string {
	if ref == nil || ref.Certification.Sigle == "" {
		return code
	}
	return code + " (" + ref.Certification.Sigle + ")"
}

func open(data []byte, lim Limits) (*excelize.File, meta, error) {
	fail := func(kind error, msg string) (*excelize.File, meta, error) {
		return nil, meta{}, &ImportError{Kind: kind, Message: msg}
	}
	if int64(len(data)) > lim.MaxBytes {
		return fail(ErrTooLarge, fmt.Sprintf("Le fichier fait %d Mo\u00a0: %d Mo au plus.", len(data)>>20, lim.MaxBytes>>20))
	}
	if bytes.HasPrefix(data, oleMagic) {
		return fail(ErrEncrypted, "Ce classeur est protégé par un mot de passe, ou enregistré au format Excel 97-2003 (.xls). Retirez le mot de passe (Fichier > Informations > Protéger) et enregistrez-le au format .xlsx.")
	}
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return fail(ErrNotWorkbook, "Ce fichier n’est pas un classeur Excel (.xlsx)\u00a0: déposez le classeur de saisie téléchargé depuis certidoc, enregistré au format .xlsx.")
	}
	var total uint64
	for _, zf := range zr.File {
		total += zf.UncompressedSize64
		if total > uint64(lim.UnzipSizeLimit) || zf.UncompressedSize64 > uint64(lim.UnzipSizeLimit) {
			return fail(ErrTooLarge, fmt.Sprintf("Ce classeur se décompresse en plus de %d Mo\u00a0: il est refusé (fichier anormal ou beaucoup trop grand).", lim.UnzipSizeLimit>>20))
		}
	}
	names := sheetNames(zr)
	if err := checkParts(zr, names, lim); err != nil {
		return nil, meta{}, err
	}
	f, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{UnzipSizeLimit: lim.UnzipSizeLimit, UnzipXMLSizeLimit: lim.UnzipXMLSizeLimit, RawCellValue: true})
	if err != nil {
		return fail(ErrNotWorkbook, "Ce fichier n’est pas un classeur Excel lisible (.xlsx)\u00a0: ouvrez-le dans Excel ou LibreOffice et enregistrez-le au format .xlsx.")
	}
	dropFormulas(f, names, sheetCalculs) // Calculs is never read
	var m meta
	for i, dst := range []*string{&m.marker, &m.layout, &m.code, &m.version} {
		*dst, _ = f.GetCellValue(sheetMeta, cell(1, i+1))
		*dst = strings.TrimSpace(*dst)
	}
	switch {
	case m.marker != metaMarker:
		f.Close()
		return fail(ErrLayout, "Ce classeur n’est pas un classeur de saisie certidoc (ou sa structure a été modifiée)\u00a0: téléchargez le classeur de saisie et recopiez-y vos données.")
	case m.layout != Version:
		f.Close()
		return fail(ErrLayout, fmt.Sprintf("Ce classeur de saisie est de la version %s\u202f; certidoc lit la version %s\u00a0: téléchargez le classeur à jour et recopiez-y vos données.", fr.Extrait(m.layout), Version))
	}
	return f, m, nil
}

// place is where a value was read: a sheet, a cell and the value.
type place struct {
	sheet, cell, value string
}

func (p place) String() string { return p.sheet + "!" + p.cell }

// reader builds a session from the sheets, remembering where each value
// came from so that problems can name the cell.
type reader struct {
	f       *excelize.File
	ref     *referentiel.Referentiel
	lim     Limits
	s       session.Session
	loc     map[string]place    // JSON path → cell
	num     map[string]int      // candidate number → index
	numRow  map[string]int      // candidate number → its row on Candidats
	slugRow map[string]numbered // fr.Slug of a candidate number, the part of its document numbers → its row
	slots   []slot              // Candidats rows, in order, as the formulas see them
	rep     session.Report      // the import's own problems
	named   map[string]bool     // the cells they name, listed or not
	long    map[string]string   // long cell values, each kept once (internLong)
	fatal   error
}

// numbered is a candidate's number as typed and its row on Candidats.
type numbered struct {
	numero string
	row    int
}

// add reports a problem of the import.
func (r *reader) add(p session.Probleme) {
	r.named[p.Chemin] = true
	r.rep.Add(p)
}

// problem reports a problem at a cell, quoting an excerpt of its value.
func (r *reader) problem(p place, format string, args ...any) {
	if r.rep.Full() {
		r.named[p.String()] = true
		r.rep.Omit(1) // counted, its message not even written
		return
	}
	msg := fmt.Sprintf(format, args...)
	if p.value != "" {
		msg += " (valeur «\u00a0" + fr.Extrait(p.value) + "\u00a0»)"
	}
	r.add(session.Probleme{Chemin: p.String(), Message: msg})
}

// internLong returns the one copy kept of a long cell value: excelize
// makes a new string each time it reads a shared string, and a workbook
// may point thousands of cells at one string of 32,767 characters.
func (r *reader) internLong(v string) string {
	if len(v) < 64 {
		return v
	}
	if kept, ok := r.long[v]; ok {
		return kept
	}
	r.long[v] = v
	return v
}

// locate turns a JSON path of the session's rules into the cell it came
// from: the path itself, or the nearest enclosing one that was read.
func (r *reader) locate(p session.Probleme) session.Probleme {
	path := p.Chemin
	for path != "" {
		if pl, ok := r.loc[path]; ok {
			msg := p.Message
			if v := fr.Extrait(pl.value); v != "" && !strings.Contains(msg, "«\u00a0"+v+"\u00a0»") {
				msg += " (valeur «\u00a0" + v + "\u00a0»)"
			}
			// The cells ask for dates as JJ/MM/AAAA.
			msg = strings.ReplaceAll(msg, session.DateLayoutText, dateLayoutText)
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
	raw   []string // the same, untrimmed
}

// table reads a table sheet: the titles of row 1 locate the columns (extra
// columns are ignored), data start at row 3, empty rows are skipped.
func (r *reader) table(sheet string, want []string) (map[string]int, []row) {
	rows, err := r.f.Rows(sheet)
	if err != nil {
		r.add(session.Probleme{Chemin: sheet, Message: "feuille introuvable\u00a0: ne renommez ni ne supprimez les feuilles du classeur"})
		return nil, nil
	}
	defer rows.Close()
	cols := map[string]int{}
	var out []row
	n := 0
	beyond := false
	for rows.Next() {
		n++
		vals, err := rows.Columns(excelize.Options{RawCellValue: true})
		if err != nil {
			r.add(session.Probleme{Chemin: fmt.Sprintf("%s!A%d", sheet, n), Message: "ligne illisible"})
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
					r.add(session.Probleme{Chemin: sheet + "!1:1", Message: fmt.Sprintf("colonne «\u00a0%s\u00a0» introuvable en ligne 1\u00a0: ne renommez pas les titres des colonnes", w)})
				}
			}
			continue
		}
		if n < firstDataRow {
			continue
		}
		raw := make([]string, len(vals))
		empty := true
		for i := range vals {
			raw[i] = r.internLong(vals[i])
			vals[i] = strings.TrimSpace(raw[i])
			empty = empty && vals[i] == ""
		}
		if empty {
			continue
		}
		if limit := r.lastRow(sheet); n > limit && !beyond {
			beyond = true
			r.add(session.Probleme{Chemin: fmt.Sprintf("%s!A%d", sheet, n), Message: fmt.Sprintf(
				"ligne %d au-delà de la capacité du classeur (%d candidats\u00a0: lignes %d à %d de cette feuille)\u202f; les formules, les listes et la feuille Décisions s’arrêtent là\u00a0: répartissez la session sur deux classeurs, ou passez par le fichier JSON",
				n, capacity, firstDataRow, limit)})
		}
		if len(out) >= r.lim.MaxRows {
			r.fatal = &ImportError{Kind: ErrTooLarge, Message: fmt.Sprintf("La feuille «\u00a0%s\u00a0» compte plus de %d lignes remplies\u00a0: ce n’est pas un classeur de session (%d candidats au plus).", sheet, r.lim.MaxRows, session.MaxCandidats)}
			return cols, out
		}
		out = append(out, row{n: n, cells: vals, raw: raw})
	}
	if err := rows.Error(); err != nil {
		r.fatal = &ImportError{Kind: ErrNotWorkbook, Message: fmt.Sprintf("La feuille «\u00a0%s\u00a0» est illisible.", sheet)}
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

// lastRow is the last data row the workbook prepares on a sheet.
func (r *reader) lastRow(sheet string) int {
	if sheet == sheetDecisions || sheet == sheetAcquis {
		return lastPairRow(r.ref)
	}
	if sheet == sheetPlanning {
		return firstDataRow + capacity*len(r.ref.EpreuveIDs()) - 1
	}
	return lastCandRow()
}

func (r *reader) read() {
	r.sessionSheet()
	r.jurySheet()
	r.candidatsSheet()
	if r.fatal != nil {
		return
	}
	r.acquisSheet()
	r.planningSheet(r.planningSessionRows())
	for i := range r.ref.Blocs {
		b := &r.ref.Blocs[i]
		for j := range b.Epreuves {
			r.epreuveSheet(b, &b.Epreuves[j])
		}
	}
	r.decisionsSheet()
	r.incidentsSheet()
}
