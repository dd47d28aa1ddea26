package classeur

import (
	"bytes"
	"errors"
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

// python returns Debian's python3 with openpyxl, or skips (fails in CI).
func python(t *testing.T) string {
	t.Helper()
	py := "/usr/bin/python3"
	if _, err := os.Stat(py); err != nil {
		py = testtool.Need(t, "python3", "python3")
	}
	if err := exec.Command(py, "-c", "import openpyxl").Run(); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("python3-openpyxl is required in CI")
		}
		t.Skip("openpyxl not installed (apt-get install python3-openpyxl)")
	}
	return py
}

// decisionRows reads the Décisions sheet of a recalculated workbook: the
// proposal of each number/bloc shown, in the order shown.
func decisionRows(t *testing.T, path string) (map[string]string, []string) {
	t.Helper()
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := f.GetRows(sheetDecisions, excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	got, order := map[string]string{}, []string{}
	for _, r := range rows[firstDataRow-1:] {
		if len(r) < 4 || r[0] == "" {
			continue
		}
		key := r[0] + "/" + r[2]
		if _, dup := got[key]; dup {
			t.Errorf("%s: %s shown twice", filepath.Base(path), key)
		}
		got[key] = r[3]
		order = append(order, key)
	}
	return got, order
}

// recalc has LibreOffice and Gnumeric recalculate a workbook; it returns
// the file each one saved, by engine.
func recalc(t *testing.T, in string) map[string]string {
	t.Helper()
	soffice := testtool.Need(t, "soffice", "libreoffice-calc-nogui")
	ssconvert := testtool.Need(t, "ssconvert", "gnumeric")
	dir := filepath.Dir(in)
	lo := filepath.Join(dir, "libreoffice")
	out, err := exec.Command(soffice, "-env:UserInstallation=file://"+filepath.Join(dir, "profil"), "--headless",
		"--convert-to", "xlsx:Calc MS Excel 2007 XML", "--outdir", lo, in).CombinedOutput()
	if err != nil {
		t.Fatalf("soffice: %v\n%s", err, out)
	}
	gn := filepath.Join(dir, "gnumeric.xlsx")
	if out, err := exec.Command(ssconvert, "--recalc", "--export-type=Gnumeric_Excel:xlsx2", in, gn).CombinedOutput(); err != nil {
		t.Fatalf("ssconvert: %v\n%s", err, out)
	}
	return map[string]string{"LibreOffice": filepath.Join(lo, filepath.Base(in)), "Gnumeric": gn}
}

// fill has openpyxl fill a blank workbook (testdata/remplir_session.py);
// it returns the filled file and what the script printed.
func fill(t *testing.T, dir string, args ...string) (string, []string) {
	t.Helper()
	py := python(t)
	blank, filled := filepath.Join(dir, "vierge.xlsx"), filepath.Join(dir, "rempli.xlsx")
	if err := os.WriteFile(blank, workbook(t, nil), 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(py, append([]string{"testdata/remplir_session.py", blank, filled}, args...)...).CombinedOutput()
	if err != nil {
		t.Fatalf("openpyxl: %v\n%s", err, out)
	}
	var lines []string
	for _, l := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		if l != "" {
			lines = append(lines, l)
		}
	}
	return filled, lines
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

// clean is the fill without errors and its import, made once per run.
var clean struct {
	sync.Mutex
	path  string
	want  map[string]string
	order []string
}

// cleanFill returns the fill without errors, its import's proposals and
// their order; the file lives in a directory removed at the end of the run.
func cleanFill(t *testing.T) (string, map[string]string, []string) {
	t.Helper()
	clean.Lock()
	defer clean.Unlock()
	if clean.path == "" {
		dir, err := os.MkdirTemp("", "classeur-moteurs")
		if err != nil {
			t.Fatal(err)
		}
		cleanups = append(cleanups, func() { os.RemoveAll(dir) })
		path, _ := fill(t, dir)
		clean.want, clean.order = importProposals(t, path)
		clean.path = path
	}
	return clean.path, clean.want, clean.order
}

func cleanProposals(t *testing.T) map[string]string {
	_, want, _ := cleanFill(t)
	return want
}

// The blank workbook filled by openpyxl (24 candidates, every bloc, every
// accepted spelling of each level), recalculated by LibreOffice and by
// Gnumeric, shows in Décisions every candidate × bloc presented with the
// proposal the import computes: not one differs.
func TestEnginesComputeTheImportsProposals(t *testing.T) {
	filled, want, order := cleanFill(t)
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
	for engine, path := range recalc(t, filled) {
		got, gotOrder := decisionRows(t, path)
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
	dir := t.TempDir()
	filled, printed := fill(t, dir, "erreurs")
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
	data, err := os.ReadFile(filled)
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
	want := cleanProposals(t)
	for engine, path := range recalc(t, filled) {
		got, _ := decisionRows(t, path)
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

func TestMain(m *testing.M) {
	code := m.Run()
	for _, f := range cleanups {
		f()
	}
	os.Exit(code)
}
