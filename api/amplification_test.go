package api

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"certidoc/session"
)

// sharedStringWorkbook is the blank entry workbook with every cell of
// Candidats (300 rows × 21 columns) pointing to one shared string of
// 32,767 characters, the most a cell holds: about 365 KB.
func sharedStringWorkbook(t *testing.T, h http.Handler) []byte {
	t.Helper()
	a := call(t, h, "GET", "/api/v1/classeur", nil)
	if a.status != 200 {
		t.Fatalf("blank workbook: %d", a.status)
	}
	x, err := excelize.OpenReader(bytes.NewReader(a.body))
	if err != nil {
		t.Fatal(err)
	}
	long := strings.Repeat("Lefèvre ", 4095)
	for row := 3; row <= 302; row++ {
		for col := 1; col <= 21; col++ {
			cell, _ := excelize.CoordinatesToCellName(col, row)
			if err := x.SetCellValue("Candidats", cell, long); err != nil {
				t.Fatal(err)
			}
		}
	}
	var buf bytes.Buffer
	if _, err := x.WriteTo(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// A workbook of 365 KB whose 6,300 Candidats cells hold one long shared
// string: the import's 422 and the validation's answer list the first
// problems and count the others, each quoting an excerpt of the value: a
// few hundred kilobytes, not 300 MB.
func TestWorkbookProblemsBounded(t *testing.T) {
	t.Parallel() // a server of its own, no measure of time or memory
	s := newTestServer(t, io.Discard)
	h := s.Handler()
	data := sharedStringWorkbook(t, h)
	for _, c := range []struct {
		route  string
		status int
	}{
		{"/api/v1/import", 422},
		{"/api/v1/valider", 200},
	} {
		t.Run(c.route, func(t *testing.T) {
			a := call(t, h, "POST", c.route, data, "Content-Type", mimeXLSX)
			if a.status != c.status || len(a.body) > 300<<10 {
				t.Fatalf("%d, %d bytes; want %d and at most 300 KB", a.status, len(a.body), c.status)
			}
			var got struct {
				Detail    string             `json:"detail"`
				Problemes []session.Probleme `json:"problemes"`
				Total     int                `json:"problemes_total"`
			}
			if err := json.Unmarshal(a.body, &got); err != nil {
				t.Fatal(err)
			}
			last := got.Problemes[len(got.Problemes)-1]
			if got.Total < 6000 || len(got.Problemes) != session.MaxProblemes+1 || last.Chemin != session.CheminSuite || !strings.Contains(last.Message, "autres problèmes") {
				t.Errorf("%d problems in all, %d listed, last %q", got.Total, len(got.Problemes), last)
			}
			if c.status == 422 && !strings.Contains(got.Detail, "La session compte ") || strings.Contains(got.Detail, " 501 problèmes") {
				t.Errorf("detail: %s", got.Detail)
			}
		})
	}
}
