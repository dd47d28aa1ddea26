package classeur

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"certidoc/fr"
	"certidoc/generator"
	"certidoc/internal/testtool"
	"certidoc/referentiel"
	"certidoc/session"
)

var now = time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC)

func ref(t testing.TB) *referentiel.Referentiel {
	t.Helper()
	r, err := referentiel.Embedded()
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func exemple(t testing.TB) *session.Session {
	t.Helper()
	return cispSession(t, "session-exemple.json")
}

// cispSession reads a CISP session of the repository's testdata.
func cispSession(t testing.TB, name string) *session.Session {
	t.Helper()
	data, err := os.ReadFile("../testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	s, _, err := session.Parse(data, ref(t), generator.Font())
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// workbook writes the entry workbook of s (blank for nil). The same
// session gives the same bytes (Write is deterministic): each is written
// once per run (the blank and the example are asked for by many tests).
func workbook(t testing.TB, s *session.Session) []byte {
	t.Helper()
	key := asJSON(t, s)
	written.Lock()
	defer written.Unlock()
	if b, ok := written.m[key]; ok {
		return bytes.Clone(b)
	}
	var buf bytes.Buffer
	if err := Write(&buf, ref(t), s, now); err != nil {
		t.Fatal(err)
	}
	written.m[key] = bytes.Clone(buf.Bytes())
	return buf.Bytes()
}

// written holds the workbooks written by workbook, by session (as JSON).
var written = struct {
	sync.Mutex
	m map[string][]byte
}{m: map[string][]byte{}}

func asJSON(t testing.TB, s *session.Session) string {
	t.Helper()
	b, err := json.MarshalIndent(s, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestRoundTripExample(t *testing.T) {
	s := exemple(t)
	got, rep, err := Read(workbook(t, s), ref(t), generator.Font(), DefaultLimits())
	if err != nil {
		t.Fatalf("import of the example's workbook: %v", err)
	}
	if len(rep.Avertissements) != 0 {
		t.Errorf("warnings: %v", rep.Avertissements)
	}
	if a, b := asJSON(t, s), asJSON(t, got); a != b {
		t.Errorf("round trip changed the session:\n%s", testtool.FirstDifference(a, b))
	}
}

func TestBlankWorkbookImportsAsEmpty(t *testing.T) {
	_, _, err := Read(workbook(t, nil), ref(t), generator.Font(), DefaultLimits())
	var rep *session.Report
	if !errors.As(err, &rep) {
		t.Fatalf("got %v", err)
	}
	found := false
	for _, p := range rep.Problemes {
		found = found || (p.Chemin == "Session!B2" && strings.Contains(p.Message, "identifiant"))
	}
	if !found {
		t.Errorf("the empty session identifier is not named by its cell: %v", rep.Problemes)
	}
}

// edit opens the example's workbook, lets f change cells, and saves it.
func edit(t *testing.T, f func(x *excelize.File)) []byte {
	t.Helper()
	x, err := excelize.OpenReader(bytes.NewReader(workbook(t, exemple(t))))
	if err != nil {
		t.Fatal(err)
	}
	f(x)
	var buf bytes.Buffer
	if _, err := x.WriteTo(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func set(t *testing.T, x *excelize.File, sheet, cell string, v any) {
	t.Helper()
	if err := x.SetCellValue(sheet, cell, v); err != nil {
		t.Fatal(err)
	}
}

// The import accepts what Excel and Calc write.
func TestImportTolerance(t *testing.T) {
	data := edit(t, func(x *excelize.File) {
		// a date typed as text, French style, and another as ISO text
		set(t, x, "Session", "B3", "05/10/2022")
		set(t, x, "Candidats", "G3", "1991-04-17")
		// trailing spaces, a level in lower case, a label instead of a code
		set(t, x, "Candidats", "C4", "de La Roche-Vidal   ")
		set(t, x, "Bloc A – épreuve 1", "I3", "a")
		set(t, x, "Bloc A – épreuve 1", "J3", "Acquis")
		// civility and route written in other words
		set(t, x, "Candidats", "B3", "madame")
		set(t, x, "Candidats", "M3", "FORMATION CONTINUE")
		// an extra column on the right, and empty rows at the end
		set(t, x, "Candidats", "Z1", "Mes notes")
		set(t, x, "Candidats", "Z3", "à rappeler")
		set(t, x, "Jury", "A40", " ")
		// rows reordered: swap the first two candidates of the Candidats sheet
		for col := 'A'; col <= 'T'; col++ {
			a, _ := x.GetCellValue("Candidats", string(col)+"3", excelize.Options{RawCellValue: true})
			b, _ := x.GetCellValue("Candidats", string(col)+"4", excelize.Options{RawCellValue: true})
			set(t, x, "Candidats", string(col)+"3", b)
			set(t, x, "Candidats", string(col)+"4", a)
		}
	})
	got, _, err := Read(data, ref(t), generator.Font(), DefaultLimits())
	if err != nil {
		t.Fatalf("tolerant import failed: %v", err)
	}
	want := exemple(t)
	// The swap put candidate 2 first.
	want.Candidats[0], want.Candidats[1] = want.Candidats[1], want.Candidats[0]
	if a, b := asJSON(t, want), asJSON(t, got); a != b {
		t.Errorf("tolerant import differs:\n%s", testtool.FirstDifference(a, b))
	}
}

// Each kind of problem names its sheet, cell and value, all at once.
func TestImportProblems(t *testing.T) {
	data := edit(t, func(x *excelize.File) {
		set(t, x, "Bloc B – épreuve 1", "I3", "Très bien") // level outside the scale
		set(t, x, "Candidats", "G5", "31/02/1995")         // impossible date
		set(t, x, "Candidats", "F3", "X")                  // unknown sex
		set(t, x, "Jury", "F4", "peut-être")               // not yes or no
		set(t, x, "Décisions", "A3", "9999")               // unknown candidate
		set(t, x, "Décisions", "F16", "")                  // decision differing from the proposal, motif removed
		set(t, x, "Candidats", "E5", "")                   // missing first names
		set(t, x, "Blocs acquis", "B3", "Z")               // unknown bloc
		set(t, x, "Session", "B6", "14h30")                // badly written time
		set(t, x, "Session", "B3", "31/02/2022")           // impossible date on the Session sheet
		set(t, x, "Bloc A – épreuve 1", "C4", "hier")      // an épreuve's date that is no date
	})
	_, _, err := Read(data, ref(t), generator.Font(), DefaultLimits())
	var rep *session.Report
	if !errors.As(err, &rep) {
		t.Fatalf("got %v, want a report", err)
	}
	for _, w := range []struct{ cell, text string }{
		{"Bloc B – épreuve 1!I3", "niveau «\u00a0Très bien\u00a0» hors de l’échelle"},
		{"Candidats!G5", "date impossible ou illisible\u00a0: écrivez-la JJ/MM/AAAA, par exemple 25/11/2026 (valeur «\u00a031/02/1995\u00a0»)"},
		{"Candidats!F3", "sexe «\u00a0X\u00a0» inconnu"},
		{"Jury!F4", "Oui ou Non (valeur «\u00a0peut-être\u00a0»)"},
		{"Décisions!A3", "candidat absent de la feuille Candidats (valeur «\u00a09999\u00a0»)"},
		{"Décisions!F16", "le jury doit en écrire le motif"},
		{"Candidats!E5", "indiquez les prénoms"},
		{"Blocs acquis!B3", "bloc «\u00a0Z\u00a0» inconnu"},
		{"Session!B6", "heure «\u00a014h30\u00a0»"},
		{"Session!B3", "31/02/2022"},
		{"Bloc A – épreuve 1!C4", "hier"},
	} {
		found := false
		for _, p := range rep.Problemes {
			testtool.CheckTypo(t, "problem", p.String())
			found = found || (p.Chemin == w.cell && strings.Contains(p.Message, w.text))
		}
		if !found {
			t.Errorf("no problem at %s with %q", w.cell, w.text)
		}
	}
	if t.Failed() {
		for _, p := range rep.Problemes {
			t.Logf("%s\u00a0: %s", p.Chemin, p.Message)
		}
	}
}

func TestImportRefusesOtherFiles(t *testing.T) {
	other := excelize.NewFile()
	var otherBuf bytes.Buffer
	other.WriteTo(&otherBuf)
	oldVersion := edit(t, func(x *excelize.File) { set(t, x, "certidoc", "A2", "0") })
	for _, c := range []struct {
		name string
		data []byte
		kind error
		text string
	}{
		{"not a workbook", []byte("Nom;Prénom\nDupont;Jean\n"), ErrNotWorkbook, "n’est pas un classeur Excel"},
		{"a zip that is no workbook", zipOf(t, map[string]string{"a.txt": "bonjour"}), ErrNotWorkbook, "n’est pas un classeur"},
		{"encrypted", append(append([]byte{}, oleMagic...), make([]byte, 600)...), ErrEncrypted, "mot de passe"},
		{"another workbook", otherBuf.Bytes(), ErrLayout, "n’est pas un classeur de saisie certidoc"},
		{"another version", oldVersion, ErrLayout, "version 0"},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, _, err := Read(c.data, ref(t), generator.Font(), DefaultLimits())
			var ie *ImportError
			if !errors.As(err, &ie) || !errors.Is(err, c.kind) || !strings.Contains(ie.Message, c.text) {
				t.Errorf("got %v, want %v with %q", err, c.kind, c.text)
			}
			testtool.CheckTypo(t, "refusal", ie.Message)
		})
	}
}

// A workbook filled by another program — openpyxl, as a script of the
// secrétariat would — imports.
func TestImportFilledByOpenpyxl(t *testing.T) {
	t.Parallel() // waits on openpyxl: other tests run meanwhile
	py := testtool.Python(t, "openpyxl")
	dir := t.TempDir()
	blank, filled := filepath.Join(dir, "vierge.xlsx"), filepath.Join(dir, "rempli.xlsx")
	if err := os.WriteFile(blank, workbook(t, nil), 0o644); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command(py, "testdata/remplir.py", blank, filled).CombinedOutput(); err != nil {
		t.Fatalf("openpyxl: %v\n%s", err, out)
	}
	data, err := os.ReadFile(filled)
	if err != nil {
		t.Fatal(err)
	}
	s, _, err := Read(data, ref(t), generator.Font(), DefaultLimits())
	if err != nil {
		t.Fatalf("import of the openpyxl workbook: %v", err)
	}
	c := s.Candidats[0]
	if s.Session.Deliberation.Date != fr.MustDate("2027-03-19") || c.Naissance.Date != fr.MustDate("1990-05-17") || len(c.Evaluations) != 2 || c.Decisions[0].Decision != session.DecisionValide {
		t.Errorf("imported: %+v", s)
	}
	if want := "Recours écrit au président du jury : 1 place de l’Exemple, 38000 Grenoble ; sous un mois."; s.Certificateur.Recours != want {
		t.Errorf("recours %q, want %q", s.Certificateur.Recours, want)
	}
	d := session.Deliberer(ref(t), s)
	if d.Candidats[0].Blocs[3].Proposition != session.Validee {
		t.Errorf("bloc D proposal: %v", d.Candidats[0].Blocs[3].Proposition)
	}
}

// LibreOffice opens both workbooks, and computes the same proposals as Go.
func TestLibreOfficeComputesTheProposals(t *testing.T) {
	t.Parallel() // waits on LibreOffice: other tests run meanwhile
	dir := t.TempDir()
	in := filepath.Join(dir, "exemple.xlsx")
	if err := os.WriteFile(in, workbook(t, exemple(t)), 0o644); err != nil {
		t.Fatal(err)
	}
	// Every sheet to its own CSV file (the last option, -1).
	office.Convert(t, "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1", dir, in)
	// The results workbook converts too.
	var res bytes.Buffer
	if err := Resultats(&res, ref(t), exemple(t), session.Deliberer(ref(t), exemple(t)), now); err != nil {
		t.Fatal(err)
	}
	resPath := filepath.Join(dir, "resultats.xlsx")
	os.WriteFile(resPath, res.Bytes(), 0o644)
	office.Convert(t, "pdf", dir, resPath)
	if info, err := os.Stat(filepath.Join(dir, "resultats.pdf")); err != nil || info.Size() == 0 {
		t.Errorf("LibreOffice did not convert the results workbook: %v", err)
	}
	csvData, err := os.ReadFile(filepath.Join(dir, "exemple-Décisions.csv"))
	if err != nil {
		files, _ := os.ReadDir(dir)
		t.Fatalf("%v (LibreOffice wrote %v)", err, files)
	}
	s := exemple(t)
	d := session.Deliberer(ref(t), s)
	want := map[string]string{}
	for _, rc := range d.Candidats {
		for _, e := range rc.Blocs {
			if e.Statut == session.Presente {
				want[rc.Candidat.Numero+"/"+e.Bloc.Lettre] = e.Proposition.String()
			}
		}
	}
	rows, err := csv.NewReader(bytes.NewReader(csvData)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, r := range rows[2:] {
		if r[0] == "" {
			continue
		}
		n++
		if got := r[3]; got != want[r[0]+"/"+r[2]] {
			t.Errorf("%s bloc %s: Calc proposes %q, Go %q", r[0], r[2], got, want[r[0]+"/"+r[2]])
		}
	}
	if n != len(want) {
		t.Errorf("%d decision rows, want %d", n, len(want))
	}
}

// A drop-down list longer than Excel's 255 characters goes through the
// hidden Listes sheet.
func TestLongDropList(t *testing.T) {
	f := excelize.NewFile()
	defer f.Close()
	f.NewSheet(sheetListes)
	b := &builder{f: f, ref: ref(t), s: &session.Session{}}
	var long []string
	for i := range 40 {
		long = append(long, fmt.Sprintf("Évaluatrice fictive numéro %d", i))
	}
	b.dropList("Sheet1", "A3:A10", long, "une évaluatrice")
	b.dropList("Sheet1", "B3:B10", []string{"Oui", "Non"}, "Oui ou Non")
	if b.err != nil {
		t.Fatal(b.err)
	}
	dvs, err := f.GetDataValidations("Sheet1")
	if err != nil || len(dvs) != 2 {
		t.Fatalf("%d validations: %v", len(dvs), err)
	}
	if dvs[0].Formula1 != "Listes!$A$1:$A$40" {
		t.Errorf("long list: formula %q, want the Listes range", dvs[0].Formula1)
	}
	if v, _ := f.GetCellValue(sheetListes, "A40"); v != long[39] {
		t.Errorf("Listes!A40 = %q", v)
	}
	if !strings.Contains(dvs[1].Formula1, "Oui") {
		t.Errorf("short list: formula %q, want inline", dvs[1].Formula1)
	}
}
