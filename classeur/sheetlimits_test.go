package classeur

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strings"
	"testing"
	"time"

	"certidoc/generator"
)

// replacePart returns the workbook with the part named (a sheet by its
// name, or a part by its path) holding content instead.
func replacePart(t *testing.T, data []byte, name, content string) []byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	read := func(path string) string {
		for _, f := range zr.File {
			if f.Name == path {
				r, _ := f.Open()
				b, _ := io.ReadAll(r)
				return string(b)
			}
		}
		return ""
	}
	part := name
	if !strings.Contains(name, "/") {
		m := regexp.MustCompile(`<sheet name="` + regexp.QuoteMeta(name) + `"[^>]*r:id="([^"]+)"`).FindStringSubmatch(read("xl/workbook.xml"))
		if m == nil {
			t.Fatalf("sheet %s not found", name)
		}
		target := regexp.MustCompile(`<Relationship Id="` + m[1] + `" Target="([^"]+)"`).FindStringSubmatch(read("xl/_rels/workbook.xml.rels"))
		part = "xl/" + target[1]
	}
	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	for _, f := range zr.File {
		w, _ := zw.Create(f.Name)
		if f.Name == part {
			io.WriteString(w, content)
			continue
		}
		r, _ := f.Open()
		io.Copy(w, r)
		r.Close()
	}
	zw.Close()
	return out.Bytes()
}

// sheetXML is a worksheet whose sheetData is rows.
func sheetXML(rows string) string {
	return `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>` + rows + `</sheetData></worksheet>`
}

// emptyRows is n rows of perRow empty cells without coordinates.
func emptyRows(n, perRow int) string {
	row := strings.Repeat("<c/>", perRow)
	var b strings.Builder
	for r := 1; r <= n; r++ {
		fmt.Fprintf(&b, `<row r="%d">%s</row>`, r, row)
	}
	return b.String()
}

// A sheet of millions of empty cells zips small and unzips under the size
// limit; it, and a sheet that reaches far rows or columns, is refused
// while its XML is counted, before anything reads it: the error names
// the sheet and says what to do, and comes at once.
func TestSheetLimits(t *testing.T) {
	blank := workbook(t, exemple(t))
	for _, c := range []struct {
		name, part, content string
		want                []string
	}{
		{"two million empty cells", "Bloc A – épreuve 1", sheetXML(emptyRows(2000, 1000)),
			[]string{"La feuille «\u00a0Bloc A – épreuve 1\u00a0» compte plus de 200\u202f000 cellules", "supprimez les lignes et les colonnes vides en trop"}},
		{"rows of 16,384 cells", "Candidats", sheetXML(emptyRows(3, 16384)),
			[]string{"La feuille «\u00a0Candidats\u00a0» va au-delà de la colonne AMJ"}},
		{"a cell at row 1,000,000", "Incidents", sheetXML(`<row r="1"><c r="A1" t="inlineStr"><is><t>Incident</t></is></c></row><row r="1000000"><c r="A1000000"/></row>`),
			[]string{"La feuille «\u00a0Incidents\u00a0» va au-delà de la ligne 100\u202f000"}},
		{"a cell at column XFD", "Jury", sheetXML(`<row r="3"><c r="XFD3" t="inlineStr"><is><t>x</t></is></c></row>`),
			[]string{"La feuille «\u00a0Jury\u00a0» va au-delà de la colonne AMJ"}},
		{"prefixed elements", "Décisions", `<x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><x:sheetData>` +
			strings.ReplaceAll(emptyRows(300, 1000), "<c/>", "<x:c/>") + `</x:sheetData></x:worksheet>`,
			[]string{"La feuille «\u00a0Décisions\u00a0» compte plus de 200\u202f000 cellules"}},
		{"six sheets of 190,000 cells", "", "",
			[]string{"Le classeur compte plus de 1\u202f000\u202f000 cellules en tout"}},
		{"two million shared strings", "xl/sharedStrings.xml", `<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">` + strings.Repeat("<si><t/></si>", 2_000_000) + `</sst>`,
			[]string{"plus de 1\u202f000\u202f000 textes"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			data := blank
			if c.part != "" {
				data = replacePart(t, blank, c.part, c.content)
			} else {
				for _, s := range []string{"Bloc A – épreuve 1", "Bloc A – épreuve 2", "Bloc B – épreuve 1", "Bloc B – épreuve 2", "Bloc C – épreuve 1", "Bloc C – épreuve 2"} {
					data = replacePart(t, data, s, sheetXML(emptyRows(190, 1000)))
				}
			}
			start := time.Now()
			_, _, err := Read(data, ref(t), generator.Font(), DefaultLimits())
			d := time.Since(start)
			var ie *ImportError
			if !errors.As(err, &ie) || !errors.Is(err, ErrTooLarge) {
				t.Fatalf("%d KB workbook: got %v in %s, want ErrTooLarge", len(data)>>10, err, d)
			}
			for _, w := range c.want {
				if !strings.Contains(ie.Message, w) {
					t.Errorf("message lacks %q: %s", w, ie.Message)
				}
			}
			t.Logf("%d KB workbook refused in %s", len(data)>>10, d.Round(time.Millisecond))
		})
	}
}

func TestColumns(t *testing.T) {
	for n, name := range map[int]string{1: "A", 26: "Z", 27: "AA", 203: "GU", 1024: "AMJ", 16384: "XFD"} {
		if got := columnName(n); got != name {
			t.Errorf("columnName(%d) = %s, want %s", n, got, name)
		}
		if got := columnNumber([]byte(name + "12")); got != n {
			t.Errorf("columnNumber(%s12) = %d, want %d", name, got, n)
		}
	}
}
