package main

import (
	"archive/zip"
	"bufio"
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"
)

const mimeXLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

// hostileWorkbooks replays the workbooks of issue 27: each is small, and
// each must cost the service a small answer, little memory and little
// time, on the import, the validation and the closing alike. With -garder,
// they are also written to that folder (bench/limits.sh times the CLI on
// them).
func (a *attack) hostileWorkbooks() {
	blank := a.do(req{group: "27-02/10 classeurs", method: "GET", path: "/api/v1/classeur"})
	if blank.status != 200 {
		a.fail("27 classeur vierge : statut %d", blank.status)
		return
	}
	shared, err := sharedStringWorkbook(blank.body)
	if err != nil {
		a.fail("27-2 classeur à chaîne partagée : %v", err)
		return
	}
	empty, err := emptyCellsWorkbook(blank.body, "Bloc A – épreuve 1", 47_000_000)
	if err != nil {
		a.fail("27-10 classeur de cellules vides : %v", err)
		return
	}
	for _, w := range []struct {
		name, file string
		data       []byte
		statuses   map[string][]int // by route
	}{
		// 27-2: 6,300 Candidats cells point to one shared string of 32,767
		// characters: every cell is a problem, the answer lists 500.
		{"27-2 chaîne partagée", "chaine-partagee.xlsx", shared, map[string][]int{
			"/api/v1/import": {422}, "/api/v1/valider": {200}, "/api/v1/registre/sessions": {422}}},
		// 27-10: one sheet of 47 million empty cells, just under the
		// unzipped limit: refused while the sheet is read, naming it.
		{"27-10 47 millions de cellules vides", "cellules-vides.xlsx", empty, map[string][]int{
			"/api/v1/import": {413}, "/api/v1/valider": {413}, "/api/v1/registre/sessions": {413}}},
	} {
		if a.keep != "" {
			if err := os.WriteFile(filepath.Join(a.keep, w.file), w.data, 0o600); err != nil {
				a.fail("%s : %v", w.name, err)
			}
		}
		for _, route := range []string{"/api/v1/import", "/api/v1/valider", "/api/v1/registre/sessions"} {
			cpu0 := a.metric("process_cpu_seconds_total")
			ans := a.do(req{group: "27-02/10 classeurs", method: "POST", path: route, contentType: mimeXLSX, body: w.data})
			cpu := a.metric("process_cpu_seconds_total") - cpu0
			fmt.Printf("%s (%d Ko) %s : statut %s, réponse de %d octets en %s, %.2f s de CPU du service\n",
				w.name, len(w.data)>>10, route, ans.code, len(ans.body), ans.dur.Round(time.Millisecond), cpu)
			a.expect(w.name+" "+route, ans, w.statuses[route]...)
			if len(ans.body) > 1<<20 {
				a.fail("%s %s : réponse de %d octets", w.name, route, len(ans.body))
			}
			if cpu > 5 {
				a.fail("%s %s : %.1f s de CPU du service", w.name, route, cpu)
			}
			if w.statuses[route][0] == 413 && !bytes.Contains(ans.body, []byte("Bloc A – épreuve 1")) {
				a.fail("%s %s : le refus ne nomme pas la feuille : %.300s", w.name, route, ans.body)
			}
		}
	}
}

// sharedStringWorkbook fills every cell of Candidats (300 rows × 21
// columns) of the blank workbook with one string of 32,767 characters,
// which the file keeps once, as a shared string.
func sharedStringWorkbook(blank []byte) ([]byte, error) {
	x, err := excelize.OpenReader(bytes.NewReader(blank))
	if err != nil {
		return nil, err
	}
	long := strings.Repeat("Lefèvre ", 4095)
	for row := 3; row <= 302; row++ {
		for col := 1; col <= 21; col++ {
			cell, _ := excelize.CoordinatesToCellName(col, row)
			if err := x.SetCellValue("Candidats", cell, long); err != nil {
				return nil, err
			}
		}
	}
	var buf bytes.Buffer
	_, err = x.WriteTo(&buf)
	return buf.Bytes(), err
}

// emptyCellsWorkbook replaces the sheet's part of the blank workbook with
// rows of 16,384 empty cells (<c/>), cells in all.
func emptyCellsWorkbook(blank []byte, sheet string, cells int) ([]byte, error) {
	part, err := sheetPart(blank, sheet)
	if err != nil {
		return nil, err
	}
	zr, err := zip.NewReader(bytes.NewReader(blank), int64(len(blank)))
	if err != nil {
		return nil, err
	}
	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	for _, f := range zr.File {
		w, err := zw.Create(f.Name)
		if err != nil {
			return nil, err
		}
		if f.Name == part {
			if err := writeEmptyCells(w, cells); err != nil {
				return nil, err
			}
			continue
		}
		r, err := f.Open()
		if err != nil {
			return nil, err
		}
		_, err = io.Copy(w, r)
		r.Close()
		if err != nil {
			return nil, err
		}
	}
	err = zw.Close()
	return out.Bytes(), err
}

func writeEmptyCells(w io.Writer, cells int) error {
	bw := bufio.NewWriterSize(w, 1<<16)
	bw.WriteString(`<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>`)
	row := strings.Repeat("<c/>", 16384)
	for r := 1; cells > 0; r++ {
		n := min(cells, 16384)
		fmt.Fprintf(bw, `<row r="%d">`, r)
		bw.WriteString(row[:4*n])
		bw.WriteString(`</row>`)
		cells -= n
	}
	bw.WriteString(`</sheetData></worksheet>`)
	return bw.Flush()
}

var (
	reSheet = regexp.MustCompile(`<sheet [^>]*name="([^"]*)"[^>]*r:id="([^"]*)"`)
	reRel   = regexp.MustCompile(`<Relationship [^>]*Id="([^"]*)"[^>]*Target="([^"]*)"`)
)

// sheetPart finds the part of the workbook that holds the sheet.
func sheetPart(data []byte, sheet string) (string, error) {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return "", err
	}
	read := func(name string) string {
		for _, f := range zr.File {
			if f.Name == name {
				r, err := f.Open()
				if err != nil {
					return ""
				}
				defer r.Close()
				b, _ := io.ReadAll(r)
				return string(b)
			}
		}
		return ""
	}
	id := ""
	for _, m := range reSheet.FindAllStringSubmatch(read("xl/workbook.xml"), -1) {
		if m[1] == sheet {
			id = m[2]
		}
	}
	for _, m := range reRel.FindAllStringSubmatch(read("xl/_rels/workbook.xml.rels"), -1) {
		if m[1] == id && id != "" {
			return "xl/" + strings.TrimPrefix(m[2], "/xl/"), nil
		}
	}
	return "", fmt.Errorf("feuille « %s » introuvable", sheet)
}
