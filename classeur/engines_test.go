package classeur

import (
	"archive/zip"
	"bytes"
	"encoding/csv"
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/xuri/excelize/v2"

	"certidoc/generator"
	"certidoc/internal/testtool"
	"certidoc/session"
)

// sheets gives the values of a sheet of a recalculated workbook, row by
// row, as text: numbers as the engine writes them in CSV, without format.
type sheets func(sheet string) [][]string

// decisionRows reads the Décisions sheet of a recalculated workbook: the
// proposal of each number/bloc shown, in the order shown.
func decisionRows(t *testing.T, engine string, of sheets) (map[string]string, []string) {
	t.Helper()
	got, order := map[string]string{}, []string{}
	for _, r := range dataRows(of(sheetDecisions)) {
		if len(r) < 4 || r[0] == "" {
			continue
		}
		key := r[0] + "/" + r[2]
		if _, dup := got[key]; dup {
			t.Errorf("%s: %s shown twice", engine, key)
		}
		got[key] = r[3]
		order = append(order, key)
	}
	return got, order
}

// dataRows drops a sheet's header rows.
func dataRows(rows [][]string) [][]string {
	if len(rows) < firstDataRow {
		return nil
	}
	return rows[firstDataRow-1:]
}

// recalc has LibreOffice and Gnumeric recalculate a workbook and give the
// values of every sheet, by engine. Both export CSV, one file per sheet:
// saving the workbook as xlsx again costs LibreOffice more than loading
// and computing it (every formula written out), and the test as much
// again to parse it (bench/RESULTS.md); tests that import what an engine
// saved use resave.
func recalc(t *testing.T, in string) map[string]sheets {
	t.Helper()
	dir := t.TempDir()
	base := strings.TrimSuffix(filepath.Base(in), filepath.Ext(in))
	lo, gn := filepath.Join(dir, "libreoffice"), filepath.Join(dir, "gnumeric")
	if err := os.Mkdir(gn, 0o755); err != nil {
		t.Fatal(err)
	}
	// Each writes <base>-<sheet>.csv: LibreOffice with its sheet option -1,
	// Gnumeric with -S and %s.
	both(t, in, []string{"-S", "--export-type=Gnumeric_stf:stf_csv", in, filepath.Join(gn, base+"-%s.csv")},
		"csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1", lo)
	read := func(dir string) sheets {
		return func(sheet string) [][]string {
			t.Helper()
			f, err := os.Open(filepath.Join(dir, base+"-"+sheet+".csv"))
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			r := csv.NewReader(f)
			r.FieldsPerRecord = -1
			rows, err := r.ReadAll()
			if err != nil {
				t.Fatalf("%s: %v", f.Name(), err)
			}
			return rows
		}
	}
	return map[string]sheets{"LibreOffice": read(lo), "Gnumeric": read(gn)}
}

// resave has LibreOffice and Gnumeric recalculate a workbook and save it
// as xlsx; it returns the file each one saved, by engine.
func resave(t *testing.T, in string) map[string]string {
	t.Helper()
	dir := t.TempDir()
	lo, gn := filepath.Join(dir, "libreoffice"), filepath.Join(dir, "gnumeric.xlsx")
	both(t, in, []string{"--export-type=Gnumeric_Excel:xlsx2", in, gn}, "xlsx:Calc MS Excel 2007 XML", lo)
	return map[string]string{"LibreOffice": filepath.Join(lo, filepath.Base(in)), "Gnumeric": gn}
}

// both runs ssconvert --recalc with args while the package's LibreOffice
// converts in to loTo in loDir: two processes, two cores.
func both(t *testing.T, in string, args []string, loTo, loDir string) {
	t.Helper()
	ssconvert := testtool.Need(t, "ssconvert", "gnumeric")
	gnumeric := exec.Command(ssconvert, append([]string{"--recalc"}, args...)...)
	var gnOut bytes.Buffer
	gnumeric.Stdout, gnumeric.Stderr = &gnOut, &gnOut
	gnumeric.Env = append(os.Environ(), "LC_ALL=C.UTF-8") // a point before decimals in its CSV
	if err := gnumeric.Start(); err != nil {
		t.Fatalf("ssconvert: %v", err)
	}
	defer gnumeric.Process.Kill() // should LibreOffice fail the test
	office.Convert(t, loTo, loDir, in)
	if err := gnumeric.Wait(); err != nil {
		t.Fatalf("ssconvert: %v\n%s", err, gnOut.Bytes())
	}
}

// xlsxSheets reads the sheets of a workbook an engine saved.
func xlsxSheets(t *testing.T, path string) sheets {
	return func(sheet string) [][]string {
		t.Helper()
		f, err := excelize.OpenFile(path)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		rows, err := f.GetRows(sheet, excelize.Options{RawCellValue: true})
		if err != nil {
			t.Fatal(err)
		}
		return rows
	}
}

// fill has openpyxl fill a blank workbook (testdata/remplir_session.py)
// twice from one reading: without errors in dir/rempli.xlsx, with a few
// level cells spoiled in dir/erreurs.xlsx; it returns what the script
// printed of the spoiled one (cells and pairs).
func fill(t *testing.T, dir string) []string {
	t.Helper()
	blank := filepath.Join(dir, "vierge.xlsx")
	if err := os.WriteFile(blank, workbook(t, nil), 0o644); err != nil {
		t.Fatal(err)
	}
	return openpyxlFill(t, blank, "testdata/remplir_session.py", []string{filepath.Join(dir, "rempli.xlsx"), filepath.Join(dir, "erreurs.xlsx")})
}

// openpyxlFill runs an openpyxl script over the blank workbook (its
// Calculs sheet emptied) to write the files outs, gives them the blank's
// Calculs sheet back, and returns the lines the script printed. The
// script reads `script blank outs... args...`.
func openpyxlFill(t *testing.T, blank, script string, outs []string, args ...string) []string {
	t.Helper()
	py := testtool.Python(t, "openpyxl")
	argv := append(append([]string{script, emptyCalculs(t, blank)}, outs...), args...)
	out, err := exec.Command(py, argv...).CombinedOutput()
	if err != nil {
		t.Fatalf("openpyxl: %v\n%s", err, out)
	}
	keepCalculs(t, blank, outs...)
	var lines []string
	for _, l := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		if l != "" {
			lines = append(lines, l)
		}
	}
	return lines
}

// The workbooks openpyxl fills for the engines keep certidoc's Calculs
// sheet. openpyxl would read each of its shared formulas and write it out
// cell by cell, translated by its own code, in a sheet several times as
// large, which Gnumeric then takes longer to load (bench/RESULTS.md). The
// sheet is protected and holds only certidoc's formulas, none styled: no
// fill writes there. So openpyxl gets the blank with that sheet empty
// (emptyCalculs), and what it saves gets the blank's sheet back
// (keepCalculs): the engines compute the formulas certidoc wrote.

// emptyCalculs writes a copy of the blank workbook whose Calculs sheet is
// empty, beside it, and returns its path.
func emptyCalculs(t *testing.T, blank string) string {
	t.Helper()
	light := strings.TrimSuffix(blank, ".xlsx") + "-sans-calculs.xlsx"
	rewriteCalculs(t, blank, light, func(zw *zip.Writer, name string) error {
		w, err := zw.Create(name)
		if err == nil {
			_, err = io.WriteString(w, `<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData/></worksheet>`)
		}
		return err
	})
	return light
}

// keepCalculs puts back, in workbooks openpyxl filled, the Calculs sheet
// of the blank they were filled from.
func keepCalculs(t *testing.T, blank string, filled ...string) {
	t.Helper()
	br, err := zip.OpenReader(blank)
	if err != nil {
		t.Fatal(err)
	}
	defer br.Close()
	calculs := calculsPart(t, &br.Reader)
	for _, path := range filled {
		rewriteCalculs(t, path, path, func(zw *zip.Writer, name string) error {
			return copyRaw(zw, calculs, name)
		})
	}
}

// rewriteCalculs copies the workbook src to dst, every part as it is but
// the Calculs sheet's, which put writes under its name.
func rewriteCalculs(t *testing.T, src, dst string, put func(zw *zip.Writer, name string) error) {
	t.Helper()
	data, err := os.ReadFile(src)
	if err != nil {
		t.Fatal(err)
	}
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	calculs := calculsPart(t, zr)
	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	for _, f := range zr.File {
		if f == calculs {
			err = put(zw, f.Name)
		} else {
			err = zw.Copy(f)
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(dst, out.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}

// calculsPart finds the Calculs sheet's part in a workbook (sheetNames).
func calculsPart(t *testing.T, zr *zip.Reader) *zip.File {
	t.Helper()
	names := sheetNames(zr)
	for _, f := range zr.File {
		if names[strings.TrimPrefix(f.Name, "/")] == sheetCalculs {
			return f
		}
	}
	t.Fatal("no Calculs sheet")
	return nil
}

// copyRaw copies f into zw as it is stored, compressed, under name.
func copyRaw(zw *zip.Writer, f *zip.File, name string) error {
	h := f.FileHeader
	h.Name = name
	raw, err := f.OpenRaw()
	if err != nil {
		return err
	}
	w, err := zw.CreateRaw(&h)
	if err != nil {
		return err
	}
	_, err = io.Copy(w, raw)
	return err
}

// importProposals imports a workbook and returns the proposal of each
// candidate × bloc presented, by number/bloc, in the Décisions order.
func importProposals(t *testing.T, path string) (map[string]string, []string) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	s, _, err := Read(data, ref(t), generator.Font(), DefaultLimits())
	if err != nil {
		t.Fatalf("import of %s: %v", filepath.Base(path), err)
	}
	want, order := map[string]string{}, []string{}
	for _, rc := range session.Deliberer(ref(t), s).Candidats {
		for _, e := range rc.Blocs {
			if e.Statut == session.Presente {
				key := rc.Candidat.Numero + "/" + e.Bloc.Lettre
				want[key] = e.Proposition.String()
				order = append(order, key)
			}
		}
	}
	return want, order
}

// filled is the fill with and without errors and the import of the one
// without, made once per run.
var filled struct {
	sync.Mutex
	clean, spoiled string   // the files
	printed        []string // by the script, of the spoiled one
	want           map[string]string
	order          []string
}

// fills returns the fill without errors, its import's proposals and their
// order, and the fill with errors and what the script printed of it; the
// files live in a directory removed at the end of the run.
func fills(t *testing.T) (clean string, want map[string]string, order []string, spoiled string, printed []string) {
	t.Helper()
	filled.Lock()
	defer filled.Unlock()
	if filled.clean == "" {
		dir, err := os.MkdirTemp("", "classeur-moteurs")
		if err != nil {
			t.Fatal(err)
		}
		cleanups = append(cleanups, func() { os.RemoveAll(dir) })
		filled.printed = fill(t, dir)
		filled.spoiled = filepath.Join(dir, "erreurs.xlsx")
		path := filepath.Join(dir, "rempli.xlsx")
		filled.want, filled.order = importProposals(t, path)
		filled.clean = path
	}
	return filled.clean, filled.want, filled.order, filled.spoiled, filled.printed
}

// The blank workbook filled by openpyxl (24 candidates, every bloc, every
// accepted spelling of each level), recalculated by LibreOffice and by
// Gnumeric, shows in Décisions every candidate × bloc presented with the
// proposal the import computes: not one differs.
func TestEnginesComputeTheImportsProposals(t *testing.T) {
	t.Parallel() // waits on openpyxl, LibreOffice and Gnumeric: other tests run meanwhile
	clean, want, order, _, _ := fills(t)
	if len(want) < 60 {
		t.Fatalf("only %d pairs candidate × bloc: the fill is too small", len(want))
	}
	kinds := map[string]int{}
	blocs := map[string]bool{}
	for k, v := range want {
		kinds[v]++
		blocs[k[strings.Index(k, "/")+1:]] = true
	}
	if kinds["validé"] == 0 || kinds["non validé"] == 0 || kinds["à établir"] == 0 || len(blocs) != len(ref(t).Blocs) {
		t.Fatalf("the fill does not cover every bloc and every proposal: %v, blocs %v", kinds, blocs)
	}
	// resave: LibreOffice's file is imported too.
	for engine, path := range resave(t, clean) {
		got, gotOrder := decisionRows(t, engine, xlsxSheets(t, path))
		for _, k := range order {
			if got[k] != want[k] {
				t.Errorf("%s: %s proposed %q in Décisions, %q by the import", engine, k, got[k], want[k])
			}
		}
		if strings.Join(gotOrder, " ") != strings.Join(order, " ") {
			t.Errorf("%s: Décisions shows %d pairs %v\nwant %d %v", engine, len(gotOrder), gotOrder, len(order), order)
		}
		if engine == "LibreOffice" {
			// The file LibreOffice saved imports, with the same proposals.
			again, _ := importProposals(t, path)
			for _, k := range order {
				if again[k] != want[k] {
					t.Errorf("LibreOffice's file imports %s as %q, want %q", k, again[k], want[k])
				}
			}
		}
	}
}

// What the import refuses as a level shows « à corriger » in Décisions for
// the pairs it touches, in both engines; the import names those cells.
func TestEnginesShowWhatTheImportRefuses(t *testing.T) {
	t.Parallel() // waits on openpyxl, LibreOffice and Gnumeric: other tests run meanwhile
	_, want, _, spoiledFile, printed := fills(t)
	spoiled, touched := map[string]bool{}, map[string]bool{}
	for _, p := range printed {
		if strings.Contains(p, "!") {
			spoiled[p] = true
		} else {
			touched[p] = true
		}
	}
	if len(spoiled) < 3 || len(touched) < 3 {
		t.Fatalf("the fill spoiled too little: %v %v", spoiled, touched)
	}
	data, err := os.ReadFile(spoiledFile)
	if err != nil {
		t.Fatal(err)
	}
	_, _, err = Read(data, ref(t), generator.Font(), DefaultLimits())
	var rep *session.Report
	if !errors.As(err, &rep) {
		t.Fatalf("import: got %v, want problems", err)
	}
	var named []string
	for _, p := range rep.Problemes {
		named = append(named, p.Chemin)
		if !spoiled[p.Chemin] {
			t.Errorf("unexpected problem %s", p)
		}
	}
	sort.Strings(named)
	for c := range spoiled {
		if !strings.Contains(strings.Join(named, "\n"), c) {
			t.Errorf("the import does not name %s: %v", c, rep.Problemes)
		}
	}
	// The same fill without errors gives the other pairs' proposals.
	for engine, values := range recalc(t, spoiledFile) {
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

// Level cells are highlighted when refused, and their list refuses
// other values, on the rows of the capacity.
func TestLevelCellsHighlight(t *testing.T) {
	f, err := excelize.OpenReader(bytes.NewReader(workbook(t, nil)))
	if err != nil {
		t.Fatal(err)
	}
	cf, err := f.GetConditionalFormats("Bloc B – épreuve 1")
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for sqref, opts := range cf {
		for _, o := range opts {
			found = found || (strings.HasPrefix(sqref, "I3:") && strings.Contains(o.Criteria, sheetCalculs+"!"))
		}
	}
	if !found {
		t.Errorf("no highlight on the level cells: %v", cf)
	}
	dvs, err := f.GetDataValidations("Bloc B – épreuve 1")
	if err != nil {
		t.Fatal(err)
	}
	stop := false
	for _, dv := range dvs {
		if strings.HasPrefix(dv.Sqref, "I3:") {
			stop = dv.ErrorStyle != nil && *dv.ErrorStyle == "stop" && strings.HasSuffix(dv.Sqref, "302")
		}
	}
	if !stop {
		t.Error("the level drop-downs do not refuse other values (stop style) down to row 302")
	}
}

// cleanups run once every test has run.
var cleanups []func()

// office is the LibreOffice of this package's tests.
var office testtool.Office

func TestMain(m *testing.M) {
	code := testtool.Main(m, &office)
	for _, f := range cleanups {
		f()
	}
	os.Exit(code)
}
