package classeur

import (
	"encoding/csv"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"certidoc/fr"
	"certidoc/referentiel"
	"certidoc/session"
)

// ResultatsColumns are the stable column names of the results sheet and
// CSV, for the systems that import them (documented in docs/classeur.md).
var ResultatsColumns = []string{
	"numero_candidat", "civilite", "nom_naissance", "nom_usage", "prenoms", "sexe", "date_naissance", "voie_acces",
	"type_ligne", "code", "intitule", "proposition", "decision", "date_decision", "session", "moyenne",
}

// resultRows lists one row per candidate and bloc (presented this session,
// or acquired earlier), then one row per candidate for the certification.
// Dates are time.Time values, or nil when empty; a bloc's average is a
// referentiel.Decimal, or nil.
func resultRows(ref *referentiel.Referentiel, s *session.Session, d *session.Resultats) [][]any {
	date := func(d fr.Date) any {
		t, ok := d.Time()
		if !ok {
			return nil
		}
		return t
	}
	var out [][]any
	for i := range d.Candidats {
		rc := &d.Candidats[i]
		c := rc.Candidat
		id := []any{c.Numero, c.Civilite, c.NomNaissance, c.NomUsage, c.Prenoms, c.Sexe, date(c.Naissance.Date), c.Voie.Libelle()}
		for _, e := range rc.Blocs {
			switch e.Statut {
			case session.AcquisAvant:
				out = append(out, append(append([]any{}, id...), "bloc", e.Bloc.Code, e.Bloc.Intitule, "", "acquis", date(e.Acquis.Date), e.Acquis.Session, nil))
			case session.Presente:
				dec := verdictLabel(e.Decision)
				prop := e.Proposition.String()
				if e.Decision == session.DecisionAbsent {
					prop = ""
				}
				var moyenne any
				if e.Moyenne != nil && e.Decision != session.DecisionAbsent {
					moyenne = *e.Moyenne
				}
				out = append(out, append(append([]any{}, id...), "bloc", e.Bloc.Code, e.Bloc.Intitule, prop, dec, date(s.Session.Deliberation.Date), s.Session.Identifiant, moyenne))
			}
		}
		result := strings.ToLower(rc.Libelle()) // "absente" for a woman
		if rc.Resultat == session.EnAttente {
			result = ""
		}
		out = append(out, append(append([]any{}, id...), "certification", ref.Certification.CodeRNCP, ref.Certification.Intitule,
			certProposition(rc), result, date(s.Session.Deliberation.Date), s.Session.Identifiant, nil))
	}
	return out
}

// certProposition is the certification's result by the grids' proposals
// alone, whatever the jury decided: "à établir" while a presented bloc's
// proposal is to be established, empty for a candidate the jury declared
// absent from every bloc presented (the bloc rows' proposals are empty too).
func certProposition(rc *session.ResultatCandidat) string {
	if rc.Resultat == session.Absent {
		return ""
	}
	if rc.Propose == session.EnAttente {
		return session.Inconnue.String()
	}
	return strings.ToLower(rc.Propose.String())
}

// Resultats writes the results workbook: one flat sheet with typed cells.
func Resultats(w io.Writer, ref *referentiel.Referentiel, s *session.Session, d *session.Resultats, now time.Time) error {
	f := excelize.NewFile()
	defer f.Close()
	const sheet = "Résultats"
	var err error
	check := func(e error) {
		if err == nil {
			err = e
		}
	}
	check(f.SetSheetName("Sheet1", sheet))
	check(f.SetDefaultFont("Arial"))
	check(f.SetDocProps(&excelize.DocProperties{Title: "Résultats " + s.Session.Identifiant, Creator: "certidoc", Created: now.UTC().Format(time.RFC3339), Modified: now.UTC().Format(time.RFC3339)}))
	sw, e := f.NewStreamWriter(sheet)
	check(e)
	if err != nil {
		return fmt.Errorf("write resultats: %w", err)
	}
	head, e := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true, Family: "Arial"}, Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"DEE4EC"}}})
	check(e)
	dateFmt := "yyyy-mm-dd"
	dateStyle, e := f.NewStyle(&excelize.Style{CustomNumFmt: &dateFmt, Font: &excelize.Font{Family: "Arial"}})
	check(e)
	markFmt := "0.00"
	markStyle, e := f.NewStyle(&excelize.Style{CustomNumFmt: &markFmt, Font: &excelize.Font{Family: "Arial"}})
	check(e)
	check(sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}))
	widths := []float64{14, 8, 22, 18, 22, 6, 14, 26, 14, 16, 50, 14, 20, 14, 14, 10}
	for i, wd := range widths {
		check(sw.SetColWidth(i+1, i+1, wd))
	}
	header := make([]any, len(ResultatsColumns))
	for i, c := range ResultatsColumns {
		header[i] = excelize.Cell{StyleID: head, Value: c}
	}
	check(sw.SetRow("A1", header))
	for i, r := range resultRows(ref, s, d) {
		row := make([]any, len(r))
		for j, v := range r {
			switch v := v.(type) {
			case time.Time:
				row[j] = excelize.Cell{StyleID: dateStyle, Value: v}
			case referentiel.Decimal:
				row[j] = excelize.Cell{StyleID: markStyle, Value: v.Float()}
			default:
				row[j] = v
			}
		}
		check(sw.SetRow(cell(1, i+2), row))
	}
	check(sw.Flush())
	if err != nil {
		return fmt.Errorf("write resultats: %w", err)
	}
	if _, err := f.WriteTo(w); err != nil {
		return fmt.Errorf("write resultats: %w", err)
	}
	return nil
}

// ResultatsCSV writes the same rows as CSV (RFC 4180, UTF-8, dates as
// AAAA-MM-JJ, averages with a decimal point). A value that a spreadsheet
// would run as a formula (starting with =, +, -, @, a tab or a carriage
// return) is prefixed with a quote.
func ResultatsCSV(w io.Writer, ref *referentiel.Referentiel, s *session.Session, d *session.Resultats) error {
	cw := csv.NewWriter(w)
	cw.UseCRLF = true
	if err := cw.Write(ResultatsColumns); err != nil {
		return fmt.Errorf("write resultats csv: %w", err)
	}
	for _, r := range resultRows(ref, s, d) {
		rec := make([]string, len(r))
		for j, v := range r {
			switch v := v.(type) {
			case time.Time:
				rec[j] = v.Format(time.DateOnly)
			case referentiel.Decimal:
				rec[j] = v.String()
			case string:
				rec[j] = Neutralize(v)
			case nil:
			default:
				rec[j] = Neutralize(fmt.Sprint(v))
			}
		}
		if err := cw.Write(rec); err != nil {
			return fmt.Errorf("write resultats csv: %w", err)
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return fmt.Errorf("write resultats csv: %w", err)
	}
	return nil
}

// Neutralize defuses a CSV value against formula injection.
func Neutralize(v string) string {
	if v != "" && strings.ContainsRune("=+-@\t\r", rune(v[0])) {
		return "'" + v
	}
	return v
}
