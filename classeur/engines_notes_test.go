package classeur

import (
	"errors"
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"certidoc/generator"
	"certidoc/internal/testtool"
	"certidoc/referentiel"
	"certidoc/session"
)

// fillNotes has openpyxl fill the blank workbook of r with marks
// (testdata/remplir_notes.py); it returns the filled file.
func fillNotes(t *testing.T, dir string, r *referentiel.Referentiel, args ...string) string {
	filled, _ := fillScript(t, dir, r, "testdata/remplir_notes.py", args...)
	return filled
}

// fillScript has an openpyxl script fill the blank workbook of r; it
// returns the filled file and the lines the script printed.
func fillScript(t *testing.T, dir string, r *referentiel.Referentiel, script string, args ...string) (string, []string) {
	t.Helper()
	blank, filled := filepath.Join(dir, "vierge.xlsx"), filepath.Join(dir, "rempli.xlsx")
	if err := os.WriteFile(blank, workbookOf(t, r, nil), 0o644); err != nil {
		t.Fatal(err)
	}
	return filled, openpyxlFill(t, blank, script, []string{filled}, args...)
}

// importOf imports a workbook made for r and deliberates.
func importOf(t *testing.T, r *referentiel.Referentiel, path string) (*session.Session, *session.Resultats) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	s, _, err := Read(data, r, generator.Font(), DefaultLimits())
	if err != nil {
		t.Fatalf("import of %s: %v", filepath.Base(path), err)
	}
	return s, session.Deliberer(r, s)
}

// averages reads, on the Calculs sheet of a recalculated workbook, the
// average of each candidate (by Candidats row) and bloc, in hundredths.
func averages(t *testing.T, of sheets, r *referentiel.Referentiel) map[string]string {
	t.Helper()
	l := newCalcLayout(r)
	at := func(row []string, col int) string {
		if col > len(row) {
			return ""
		}
		return row[col-1]
	}
	out := map[string]string{}
	for _, row := range dataRows(of(sheetCalculs)) {
		num := at(row, l.key)
		if num == "" {
			break
		}
		for j, bl := range r.Blocs {
			out[num+"/"+bl.Lettre] = at(row, l.moy+j)
		}
	}
	return out
}

// variant is the marked référentiel with changes, for the boundaries:
// a step of 0.01, bloc A's épreuves of equal coefficient (so that marks
// of 9.99 and 10 average 9.995), and the given rounding and compensation.
func variant(t *testing.T, arrondi string, compensation bool) *referentiel.Referentiel {
	t.Helper()
	r := fictitious(t, "rncp99901")
	v := *r
	v.Echelle.Pas = referentiel.FromCentiemes(1)
	v.RegleBloc.Arrondi, v.RegleBloc.Compensation = arrondi, &compensation
	v.Blocs = append([]referentiel.Bloc{}, r.Blocs...)
	v.Blocs[0].Epreuves = append([]referentiel.Epreuve{}, r.Blocs[0].Epreuves...)
	for i := range v.Blocs[0].Epreuves {
		v.Blocs[0].Epreuves[i].Coefficient = referentiel.Unit(1)
	}
	return &v
}

// The blank workbook of the marked référentiel, filled by openpyxl with 24
// candidates whose marks are typed as users type them ("12,5", "12.5",
// "12", " 9,75 ", numbers), recalculated by LibreOffice and by Gnumeric,
// shows in Décisions the proposal the import computes for every candidate
// × bloc, and on Calculs the average the PV prints. The boundaries of the
// rule are among them: averages of exactly 10, of 9.995 rounded either
// way, an eliminatory mark under a high average, a mark equal to the
// eliminatory one, compensation on and off.
func TestEnginesComputeTheImportsMarks(t *testing.T) {
	t.Parallel() // waits on openpyxl, LibreOffice and Gnumeric: other tests run meanwhile
	cases := []struct {
		name string
		ref  func(t *testing.T) *referentiel.Referentiel
		args []string
		// want: proposals and averages the boundaries must give, by pair.
		want map[string]string
	}{
		{"RNCP99901", func(t *testing.T) *referentiel.Referentiel { return fictitious(t, "rncp99901") }, nil, map[string]string{
			"2025-301/A": "validé 1000", "2025-302/A": "validé 1000", "2025-303/A": "non validé 992", "2025-304/A": "validé 1333",
			"2025-301/B": "non validé 1528", "2025-302/B": "validé 1533", "2025-303/B": "validé 1194",
		}},
		{"step 0.01, rounding to the nearest", func(t *testing.T) *referentiel.Referentiel { return variant(t, referentiel.ArrondiPlusProche, true) }, []string{"bornes"}, map[string]string{
			"2025-301/A": "validé 1000", "2025-302/A": "non validé 999", "2025-303/A": "validé 1000", "2025-304/A": "non validé 999", "2025-305/A": "validé 1000",
			"2025-301/B": "non validé 1533", "2025-302/B": "validé 1533", // 5,99 is under the eliminatory 6, 6 is not
		}},
		{"step 0.01, rounding down, no compensation", func(t *testing.T) *referentiel.Referentiel {
			return variant(t, referentiel.ArrondiInferieur, false)
		}, []string{"bornes"}, map[string]string{
			"2025-301/A": "non validé 999", "2025-302/A": "non validé 999", "2025-303/A": "validé 1000", "2025-304/A": "non validé 999", "2025-305/A": "non validé 1000",
			"2025-301/B": "non validé 1533", "2025-302/B": "non validé 1533", // 6 is under the threshold, without compensation
		}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := c.ref(t)
			filled := fillNotes(t, t.TempDir(), r, c.args...)
			_, res := importOf(t, r, filled)
			want, moy, order := map[string]string{}, map[string]string{}, []string{}
			shown := map[string]string{} // the average and remark Décisions shows
			kinds := map[string]int{}
			for _, rc := range res.Candidats {
				for _, e := range rc.Blocs {
					if e.Statut != session.Presente {
						continue
					}
					key := rc.Candidat.Numero + "/" + e.Bloc.Lettre
					want[key] = e.Proposition.String()
					kinds[want[key]]++
					order = append(order, key)
					if e.Moyenne != nil {
						moy[key] = strconv.FormatInt(e.Moyenne.Centiemes(), 10)
					}
					shown[key] = remark(r, e, rc.Candidat)
				}
			}
			remarks := map[string]bool{}
			for _, v := range shown {
				remarks[v[strings.Index(v, "|")+2:]] = true
			}
			if !remarks["note éliminatoire"] || c.args != nil && !remarks["note sous le seuil, sans compensation"] && !*r.RegleBloc.Compensation {
				t.Errorf("the fill does not cover the remarks: %v", remarks)
			}
			if len(order) < 50 || kinds["validé"] == 0 || kinds["non validé"] == 0 || kinds["à établir"] == 0 {
				t.Fatalf("the fill does not cover every proposal: %d pairs, %v", len(order), kinds)
			}
			for k, w := range c.want {
				if got := want[k] + " " + moy[k]; got != w {
					t.Errorf("the import gives %s %q, want %q", k, got, w)
				}
			}
			for engine, values := range recalc(t, filled) {
				got, gotOrder := decisionRows(t, engine, values)
				avg := averages(t, values, r)
				for k, v := range decisionAveragesShown(t, values) {
					if v != shown[k] {
						t.Errorf("%s: %s shows %q in Décisions, want %q", engine, k, v, shown[k])
					}
				}
				for _, k := range order {
					if got[k] != want[k] {
						t.Errorf("%s: %s proposed %q in Décisions, %q by the import", engine, k, got[k], want[k])
					}
					if m, ok := moy[k]; ok && avg[k] != m {
						t.Errorf("%s: %s averages %q hundredths on Calculs, %s by the import", engine, k, avg[k], m)
					}
				}
				if fmt.Sprint(gotOrder) != fmt.Sprint(order) {
					t.Errorf("%s: Décisions shows %v\nwant %v", engine, gotOrder, order)
				}
			}
		})
	}
}

// The mark column refuses, as a user types, a number off the scale or its
// step, lets a text through for the Calculs sheet to judge, and shows in
// red what the import would refuse.
func TestMarkCellsValidate(t *testing.T) {
	r := fictitious(t, "rncp99901")
	f, err := excelize.OpenReader(strings.NewReader(string(workbookOf(t, r, nil))))
	if err != nil {
		t.Fatal(err)
	}
	const sheet = "Bloc B – épreuve 2"
	note := colName(firstLevelCol)
	dvs, err := f.GetDataValidations(sheet)
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, dv := range dvs {
		if dv.Sqref == fmt.Sprintf("%s3:%s302", note, note) {
			found = dv.Type == "custom" && dv.ErrorStyle != nil && *dv.ErrorStyle == "stop" &&
				strings.Contains(dv.Formula1, "ISTEXT(I3)") && strings.Contains(dv.Formula1, "I3*100<=2000") && strings.Contains(dv.Formula1, ",25)=0") &&
				dv.Prompt != nil && strings.Contains(*dv.Prompt, "coefficient 1\u202f; éliminatoire sous 6") &&
				dv.Error != nil && strings.Contains(*dv.Error, "avec une virgule (12,5).") && !strings.Contains(*dv.Error, "12.5")
		}
	}
	if !found {
		for _, dv := range dvs {
			t.Logf("%+v %s %v", *dv, dv.Formula1, dv.Prompt)
		}
		t.Errorf("no validation of the scale on %s3:%s302", note, note)
	}
	cf, err := f.GetConditionalFormats(sheet)
	if err != nil {
		t.Fatal(err)
	}
	if opts := cf[fmt.Sprintf("%s3:%s302", note, note)]; len(opts) == 0 || !strings.Contains(opts[0].Criteria, sheetCalculs+"!") {
		t.Errorf("no highlight on the mark cells: %v", cf)
	}
	help, _ := f.GetCellValue(sheet, note+"2")
	if want := "de 0 à 20 par pas de 0,25, avec une virgule (12,5)\u202f; coefficient 1\u202f; éliminatoire sous 6"; help != want {
		t.Errorf("help under the mark's title: got %q, want %q", help, want)
	}
}

// The fictitious référentiel of levels and part_minimale (four blocs, a
// share of the criteria at the required level, an excluded level), filled
// by openpyxl as the CISP's is, recalculated by LibreOffice and Gnumeric:
// Décisions shows the import's proposal for every candidate × bloc.
func TestEnginesPartMinimale(t *testing.T) {
	t.Parallel() // waits on openpyxl, LibreOffice and Gnumeric: other tests run meanwhile
	r := fictitious(t, "rncp99902")
	filled, _ := fillScript(t, t.TempDir(), r, "testdata/remplir_session.py")
	_, res := importOf(t, r, filled)
	want, order, kinds := map[string]string{}, []string{}, map[string]int{}
	for _, rc := range res.Candidats {
		for _, e := range rc.Blocs {
			if e.Statut == session.Presente {
				key := rc.Candidat.Numero + "/" + e.Bloc.Lettre
				want[key] = e.Proposition.String()
				kinds[want[key]]++
				order = append(order, key)
			}
		}
	}
	if len(order) < 50 || kinds["validé"] == 0 || kinds["non validé"] == 0 || kinds["à établir"] == 0 {
		t.Fatalf("the fill does not cover every proposal: %d pairs, %v", len(order), kinds)
	}
	for engine, values := range recalc(t, filled) {
		got, gotOrder := decisionRows(t, engine, values)
		for _, k := range order {
			if got[k] != want[k] {
				t.Errorf("%s: %s proposed %q in Décisions, %q by the import", engine, k, got[k], want[k])
			}
		}
		if fmt.Sprint(gotOrder) != fmt.Sprint(order) {
			t.Errorf("%s: Décisions shows %v\nwant %v", engine, gotOrder, order)
		}
	}
}

// remark is what Décisions shows right of the jury's columns for a bloc:
// the average to two decimals once proposed, and why it fails whatever
// its average.
func remark(r *referentiel.Referentiel, e session.EtatBloc, c *session.Candidat) string {
	if e.Proposition == session.Inconnue || e.Moyenne == nil {
		return " | "
	}
	why := ""
	if e.Proposition == session.NonValidee {
		notes, _ := session.Notes(e.Bloc, c)
		for _, n := range notes {
			if r.RegleBloc.Compensation != nil && !*r.RegleBloc.Compensation && n.Note < r.RegleBloc.Seuil && why == "" {
				why = "note sous le seuil, sans compensation"
			}
		}
		if e.Eliminee {
			why = "note éliminatoire"
		}
	}
	return e.Moyenne.Deux() + " | " + why
}

// decisionAveragesShown reads the average and the remark of each row of
// Décisions, by number/bloc.
func decisionAveragesShown(t *testing.T, of sheets) map[string]string {
	t.Helper()
	rows := dataRows(of(sheetDecisions))
	out := map[string]string{}
	for _, r := range rows {
		if len(r) < 4 || r[0] == "" {
			continue
		}
		for len(r) < 8 {
			r = append(r, "")
		}
		avg := r[6]
		if avg != "" {
			x, err := strconv.ParseFloat(avg, 64)
			if err != nil {
				t.Fatalf("average %q: %v", avg, err)
			}
			avg = referentiel.FromCentiemes(int64(math.Round(x * 100))).Deux()
		}
		out[r[0]+"/"+r[2]] = avg + " | " + r[7]
	}
	return out
}

// What the import refuses in a marked épreuve — a word, a mark above the
// scale, off its step, negative, with two commas, a mark or a level
// missing on a row begun — shows « à corriger » in Décisions for the
// pairs it touches, in LibreOffice and Gnumeric; the import names exactly
// those cells; the other pairs keep the proposal of the same fill without
// errors.
func TestEnginesShowWhatTheImportRefusesMarks(t *testing.T) {
	t.Parallel() // waits on openpyxl, LibreOffice and Gnumeric: other tests run meanwhile
	r := fictitious(t, "rncp99901")
	clean := fillNotes(t, t.TempDir(), r)
	_, res := importOf(t, r, clean)
	want := map[string]string{}
	for _, rc := range res.Candidats {
		for _, e := range rc.Blocs {
			if e.Statut == session.Presente {
				want[rc.Candidat.Numero+"/"+e.Bloc.Lettre] = e.Proposition.String()
			}
		}
	}
	filled, printed := fillScript(t, t.TempDir(), r, "testdata/remplir_notes.py", "erreurs")
	spoiled, touched := map[string]bool{}, map[string]bool{}
	for _, p := range printed {
		if strings.Contains(p, "!") {
			spoiled[p] = true
		} else {
			touched[p] = true
		}
	}
	if len(spoiled) < 6 || len(touched) < 4 {
		t.Fatalf("the fill spoiled too little: %v %v", spoiled, touched)
	}
	data, err := os.ReadFile(filled)
	if err != nil {
		t.Fatal(err)
	}
	_, _, err = Read(data, r, generator.Font(), DefaultLimits())
	var rep *session.Report
	if !errors.As(err, &rep) {
		t.Fatalf("import: got %v, want problems", err)
	}
	named := map[string]bool{}
	for _, p := range rep.Problemes {
		named[p.Chemin] = true
		if !spoiled[p.Chemin] {
			t.Errorf("unexpected problem %s", p)
		}
	}
	for c := range spoiled {
		if !named[c] {
			t.Errorf("the import does not name %s: %v", c, rep.Problemes)
		}
	}
	for engine, values := range recalc(t, filled) {
		got, _ := decisionRows(t, engine, values)
		for k, w := range want {
			if touched[k] {
				w = "à corriger"
			}
			if got[k] != w {
				t.Errorf("%s: %s proposed %q in Décisions, want %q", engine, k, got[k], w)
			}
		}
	}
}

// LibreOffice's own validation of a mark cell, as it runs when a user
// types (Données > Validité > Marquer les données incorrectes): a number
// of the scale and its step passes; off the step, off the scale, a date
// (a French Excel turns 12.5 into the 12th of May) does not.
//
// Not parallel: it drives the package's office itself, which no conversion
// may use meanwhile.
func TestLibreOfficeValidatesMarks(t *testing.T) {
	py := testtool.Python(t, "uno")
	dir := t.TempDir()
	path := filepath.Join(dir, "vierge.xlsx")
	if err := os.WriteFile(path, workbookOf(t, fictitious(t, "rncp99901"), nil), 0o644); err != nil {
		t.Fatal(err)
	}
	want := map[string]string{
		"n:12.5": "valide", "n:20": "valide", "n:0": "valide", "n:9.75": "valide", "n:12.25": "valide",
		"n:12.3": "invalide", "n:9.95": "invalide", "n:20.25": "invalide", "n:-0.25": "invalide", "n:46154": "invalide", "n:12.2500001": "invalide",
	}
	args := []string{"testdata/valider_notes.py", office.Connection(t), path, "Bloc B – épreuve 2", colName(firstLevelCol) + "5"}
	for v := range want {
		args = append(args, v)
	}
	out, err := exec.Command(py, args...).CombinedOutput()
	if err != nil {
		t.Fatalf("valider_notes.py: %v\n%s", err, out)
	}
	got := map[string]string{}
	for _, l := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		if v, verdict, ok := strings.Cut(l, " "); ok {
			got[v] = verdict
		}
	}
	for v, w := range want {
		if got[v] != w {
			t.Errorf("LibreOffice finds %s %q, want %q", v, got[v], w)
		}
	}
}
