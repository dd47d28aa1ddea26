package classeur

import (
	"bytes"
	"certidoc/internal/testtool"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"certidoc/documents"
)

// The planning workbook read back by openpyxl: one row per sitting in the
// order of the printable planning, then the deliberation's; dates are
// dates, hours times, durations whole minutes; the text columns say what
// the printable planning says.
func TestWritePlanning(t *testing.T) {
	py := testtool.Python(t, "openpyxl")
	s := exemplePlanning(t)
	var buf bytes.Buffer
	if err := WritePlanning(&buf, ref(t), s, time.Date(2022, 9, 19, 8, 0, 0, 0, time.UTC)); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "planning.xlsx")
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	const read = `
import json, sys, datetime, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
ws = wb.active
def cell(v):
    if isinstance(v, datetime.datetime): return ["date", v.strftime("%Y-%m-%d %H:%M")]
    if isinstance(v, datetime.time): return ["time", v.strftime("%H:%M")]
    if isinstance(v, bool): return ["bool", v]
    if isinstance(v, (int, float)): return ["number", v]
    return ["text", v]
print(json.dumps({"sheets": wb.sheetnames, "frozen": ws.freeze_panes, "rows": [[cell(c.value) for c in r] for r in ws.iter_rows()]}))
`
	out, err := exec.Command(py, "-c", read, path).CombinedOutput()
	if err != nil {
		t.Fatalf("openpyxl: %v\n%s", err, out)
	}
	var got struct {
		Sheets []string
		Frozen string
		Rows   [][][2]any
	}
	if err := json.Unmarshal(out, &got); err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	if len(got.Sheets) != 1 || got.Sheets[0] != "Planning" || got.Frozen != "A2" {
		t.Errorf("sheets %v, frozen at %q", got.Sheets, got.Frozen)
	}
	cols := PlanningXLSXColumns()
	if len(got.Rows) != 1+len(s.Planning.Seances)+1 {
		t.Fatalf("%d rows, want a header, %d sittings and the deliberation", len(got.Rows), len(s.Planning.Seances))
	}
	for i, h := range got.Rows[0] {
		if h[1] != cols[i] {
			t.Errorf("header %d: got %v, want %q", i, h, cols[i])
		}
	}
	text := documents.PlanningRows(ref(t), s)
	for i, se := range documents.PlanningSeances(s) {
		row := got.Rows[i+1]
		passage := any(nil)
		if se.DureePassageMinutes > 0 {
			passage = float64(se.DureePassageMinutes)
		}
		want := [][2]any{{"date", se.Date.String() + " 00:00"}, {"time", se.Heure.String()}, {"text", se.ID}, {"text", text[i][3]}, {"text", text[i][4]},
			{"number", float64(se.DureeMinutes)}, {"number", passage}, {"text", text[i][6]}, {"text", text[i][7]}, {"text", text[i][8]}}
		if passage == nil {
			want[6] = [2]any{"text", nil}
		}
		for j, w := range want {
			if row[j] != w {
				t.Errorf("sitting %s, column %q: got %v, want %v", se.ID, cols[j], row[j], w)
			}
		}
	}
	last := got.Rows[len(got.Rows)-1]
	if last[0] != [2]any{"date", "2022-11-24 00:00"} || last[1] != [2]any{"time", "14:30"} || last[2][1] != "Délibération" ||
		!strings.Contains(last[8][1].(string), "Mme Hélène VASSEUR-DIOP (présidente)\nM. Karim BENALI-DUFOUR (membre)") {
		t.Errorf("the deliberation's row: %v", last)
	}
	// The first rows, as read: the example's orals have a passage time.
	if got.Rows[2][2][1] != "B1" || got.Rows[2][6] != [2]any{"number", 30.0} || !strings.Contains(got.Rows[2][9][1].(string), "2022-003 – 9\u00a0h\u00a040") {
		t.Errorf("the oral B1: %v", got.Rows[2])
	}
}

// The same session and clock give the same bytes; a failing writer's
// error comes back.
func TestWritePlanningDeterministic(t *testing.T) {
	s := exemplePlanning(t)
	now := time.Date(2022, 9, 19, 8, 0, 0, 0, time.UTC)
	var a, b bytes.Buffer
	if err := WritePlanning(&a, ref(t), s, now); err != nil {
		t.Fatal(err)
	}
	if err := WritePlanning(&b, ref(t), s, now); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a.Bytes(), b.Bytes()) {
		t.Error("two writes of the same planning differ")
	}
	boom := errors.New("disque plein")
	if err := WritePlanning(failAfter{boom}, ref(t), s, now); !errors.Is(err, boom) {
		t.Errorf("failing writer: got %v, want %v", err, boom)
	}
}

type failAfter struct{ err error }

func (f failAfter) Write([]byte) (int, error) { return 0, f.err }
