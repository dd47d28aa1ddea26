package classeur

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"certidoc/generator"
	"certidoc/internal/testtool"
	"certidoc/session"
)

// exemplePlanning is the example session, which has a planning and its
// jury's addresses.
func exemplePlanning(t testing.TB) *session.Session {
	t.Helper()
	s := exemple(t)
	if s.Planning == nil || len(s.Jury[0].Adresse) == 0 {
		t.Fatal("the example session has no planning or no jury address")
	}
	return s
}

// A workbook with a filled Planning sheet, saved again by LibreOffice and
// by Gnumeric, imports to the planning it was made from.
func TestPlanningSurvivesTheEngines(t *testing.T) {
	t.Parallel() // waits on LibreOffice and Gnumeric: other tests run meanwhile
	s := exemplePlanning(t)
	dir := t.TempDir()
	in := filepath.Join(dir, "planning.xlsx")
	if err := os.WriteFile(in, workbook(t, s), 0o644); err != nil {
		t.Fatal(err)
	}
	want := asJSON(t, &session.Session{Planning: s.Planning, Jury: s.Jury})
	for engine, path := range resave(t, in) {
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		got, _, err := Read(data, ref(t), generator.Font(), DefaultLimits())
		if err != nil {
			t.Fatalf("%s: %v", engine, err)
		}
		// The reminder of the candidate's name, computed by the engine.
		x, err := excelize.OpenReader(bytes.NewReader(data))
		if err != nil {
			t.Fatal(err)
		}
		if v, _ := x.GetCellValue(sheetPlanning, "Q3"); v != "Élodie Marie Lefèvre-Œuvray" {
			t.Errorf("%s: the reminder of Planning!P3 (2022-001) shows %q", engine, v)
		}
		x.Close()
		if g := asJSON(t, &session.Session{Planning: got.Planning, Jury: got.Jury}); g != want {
			t.Errorf("%s changed the planning:\n%s", engine, testtool.FirstDifference(want, g))
		}
	}
}

// The import of the Planning sheet names the sheet and the cell of each
// problem, every one at once, and takes times as users type them.
func TestPlanningImportErrors(t *testing.T) {
	s := exemplePlanning(t)
	f, err := excelize.OpenReader(bytes.NewReader(workbook(t, s)))
	if err != nil {
		t.Fatal(err)
	}
	// Row 3 is A1's first candidate, row 4 its second; B1 starts at row 7.
	set := func(ref string, v any) {
		if err := f.SetCellValue(sheetPlanning, ref, v); err != nil {
			t.Fatal(err)
		}
	}
	set("D3", "31/02/2022")    // no such day
	set("E7", "9 h 30")        // B1's start, as users type it: read as 09:30
	set("F7", "quatre heures") // not minutes
	set("G4", "Autre adresse") // differs from A1's first row
	set("P5", "2022-099")      // unknown candidate
	set("A6", "")              // a candidate without a sitting
	set("R8", 0.40625)         // a time cell: 09:45 as Excel stores it
	var buf bytes.Buffer
	if _, err := f.WriteTo(&buf); err != nil {
		t.Fatal(err)
	}
	_, _, err = Read(buf.Bytes(), ref(t), generator.Font(), DefaultLimits())
	var rep *session.Report
	if !errors.As(err, &rep) {
		t.Fatalf("Read: %v, want problems", err)
	}
	var got []string
	for _, p := range rep.Problemes {
		got = append(got, p.Chemin+" "+p.Message)
	}
	all := strings.Join(got, "\n")
	for _, want := range []string{
		"Planning!D3 date impossible ou illisible",
		"Planning!F7 durée illisible",
		"Planning!G4 «\u00a0Lieu\u00a0» diffère de la première ligne de cette séance (Planning!G3",
		"Planning!P5 candidat «\u00a02022-099\u00a0» inconnu",
		"Planning!A6 séance manquante",
	} {
		if !strings.Contains(all, want) {
			t.Errorf("no problem %q among:\n%s", want, all)
		}
	}
	if strings.Contains(all, "Planning!E7") || strings.Contains(all, "Planning!R8") {
		t.Errorf("a time typed as users type it is refused:\n%s", all)
	}
}
