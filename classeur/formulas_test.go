package classeur

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/xuri/excelize/v2"
)

func TestFormulaSpans(t *testing.T) {
	for _, c := range []struct {
		name, in, want string // want "" for "left as it is"
	}{
		{"outside column A", `<row><c r="B3" t="str"><f>SUM(A1)</f><v>1</v></c></row>`, `<row><c r="B3" t="str"><v>1</v></c></row>`},
		{"column AA", `<c r="AA3"><f>1&gt;0</f></c>`, `<c r="AA3"></c>`},
		{"column A", `<c r="A3"><f>X</f></c>`, ""},
		{"column a", `<c r="a3"><f>X</f></c>`, ""},
		{"no r", `<c s="1"><f>X</f></c>`, ""},
		{"an r without a letter", `<c r="12"><f>X</f></c>`, ""},
		{"shared", `<c r="C3"><f t="shared" si="0"/></c><c r="D3"><f t="shared" ref="D3:D9" si="1">B3</f></c>`, `<c r="C3"></c><c r="D3"></c>`},
		{"CDATA", `<c r="C3"><f><![CDATA[a</f>b]]></f><v>2</v></c>`, `<c r="C3"><v>2</v></c>`},
		{"comment inside", `<c r="C3"><f>a<!-- </f> --></f></c>`, `<c r="C3"></c>`},
		{"comment outside", `<!-- <c r="C3"><f>a</f></c> --><c r="C4"><f>b</f></c>`, `<!-- <c r="C3"><f>a</f></c> --><c r="C4"></c>`},
		{"processing instruction", `<?xml version="1.0"?><c r="C3"><?pi <f>?><f>a</f></c>`, `<?xml version="1.0"?><c r="C3"><?pi <f>?></c>`},
		{"an element inside", `<c r="C3"><f>a<b/></f></c>`, ""},
		{"a formula that does not end", `<c r="C3"><f>abc`, ""},
		{"a tag that does not close", `<c r="C3"><f`, ""},
		{"a declaration", `<!DOCTYPE x><c r="C3"><f>a</f></c>`, ""},
		{"prefixed", `<x:c r="C3"><x:f>a</x:f></x:c>`, ""},
		{"outside a cell", `<c r="C3"/><f>a</f>`, ""},
		{"names that begin with c or f", `<cols><col min="1"/></cols><c r="B1"><foo/><f>a</f></c><formula>x</formula>`, `<cols><col min="1"/></cols><c r="B1"><foo/></c><formula>x</formula>`},
		{"after column A", `<c r="A3"><f>a</f></c><c r="B3"><f>b</f></c><c r="A4"><f>c</f></c>`, `<c r="A3"><f>a</f></c><c r="B3"></c><c r="A4"><f>c</f></c>`},
	} {
		t.Run(c.name, func(t *testing.T) {
			want := c.want
			if want == "" {
				want = c.in
			}
			spans, ok := formulaSpans([]byte(c.in))
			if got := string(cut([]byte(c.in), spans)); !ok && c.want != "" || got != want {
				t.Errorf("formulaSpans(%s): %v, %v\ngot  %s\nwant %s", c.in, spans, ok, got, want)
			}
		})
	}
}

// FuzzFormulaSpans checks that what formulaSpans cuts from well-formed XML
// leaves it well-formed, and is exactly the f elements (without prefix) of
// c elements whose r names a column other than A: every other token stays.
func FuzzFormulaSpans(f *testing.F) {
	for _, s := range []string{
		`<worksheet><sheetData><row r="1"><c r="A1" t="str"><f>IF(INDEX(Calculs!$GT$3:$GT$1502,1)=0,"",1)</f></c><c r="B1" t="str"><f>IF(1&gt;0,"a","b")</f><v>a</v></c></row></sheetData></worksheet>`,
		`<c r="C3"><f><![CDATA[a</f>b]]></f><v>2</v></c>`,
		`<c r="C3"><f t="shared" si="0"/></c><c r="A1"><f>x</f></c>`,
		`<!-- <c r="C3"><f>a</f></c> --><c r="C4"><f>b</f></c>`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		spans, ok := formulaSpans(in)
		if !ok {
			return
		}
		for i, s := range spans {
			if s[0] >= s[1] || s[1] > len(in) || i > 0 && s[0] < spans[i-1][1] {
				t.Fatalf("spans out of order or out of the input: %v", spans)
			}
		}
		want, err := tokensWithoutFormulas(in)
		if err != nil {
			return // not well-formed: nothing to compare with
		}
		out := cut(bytes.Clone(in), spans)
		got, err := tokensWithoutFormulas(out)
		if err != nil {
			t.Fatalf("cut %q into %q, which is not well-formed: %v", in, out, err)
		}
		if !slices.Equal(got, want) {
			t.Fatalf("cut %q into %q:\ngot  %q\nwant %q", in, out, got, want)
		}
		if all, _ := tokens(out); len(all) != len(got) {
			t.Fatalf("cut %q into %q, which still holds a formula outside column A", in, out)
		}
	})
}

// tokens lists the tokens of well-formed XML, each as text.
func tokens(data []byte) ([]string, error) {
	d := xml.NewDecoder(bytes.NewReader(data))
	var out []string
	for {
		tok, err := d.Token()
		if errors.Is(err, io.EOF) {
			return out, nil
		}
		if err != nil {
			return nil, err
		}
		out = append(out, tokenText(tok))
	}
}

// tokensWithoutFormulas lists the tokens of well-formed XML but those of
// the f elements of c elements whose r names a column other than A, the
// elements written without prefix.
func tokensWithoutFormulas(data []byte) ([]string, error) {
	if _, err := tokens(data); err != nil { // well-formed, ends matching starts
		return nil, err
	}
	d := xml.NewDecoder(bytes.NewReader(data))
	var out []string
	cell, drop := 0, 0 // depth in a c outside column A, in an f to drop
	depth := 0
	for {
		tok, err := d.RawToken()
		if errors.Is(err, io.EOF) {
			return out, nil
		}
		if err != nil {
			return nil, err
		}
		switch e := tok.(type) {
		case xml.StartElement:
			depth++
			if drop > 0 {
				continue
			}
			if e.Name == (xml.Name{Local: "f"}) && cell > 0 && cell == depth-1 {
				drop = depth
				continue
			}
			if e.Name == (xml.Name{Local: "c"}) {
				cell = 0
				for _, a := range e.Attr {
					if a.Name == (xml.Name{Local: "r"}) && columnNumber([]byte(a.Value)) > 1 {
						cell = depth
					}
				}
			}
		case xml.EndElement:
			depth--
			if drop > 0 {
				if depth < drop {
					drop = 0
				}
				continue
			}
			if depth < cell {
				cell = 0
			}
		default:
			if drop > 0 {
				continue
			}
		}
		out = append(out, tokenText(tok))
	}
}

// tokenText writes a token as text, an element with its prefix and
// attributes as written.
func tokenText(tok xml.Token) string {
	switch v := tok.(type) {
	case xml.StartElement:
		return fmt.Sprintf("<%s:%s %v>", v.Name.Space, v.Name.Local, v.Attr)
	case xml.EndElement:
		return fmt.Sprintf("</%s:%s>", v.Name.Space, v.Name.Local)
	case xml.CharData:
		return "text " + string(v)
	case xml.Comment:
		return "comment " + string(v)
	case xml.ProcInst:
		return "pi " + v.Target + " " + string(v.Inst)
	case xml.Directive:
		return "directive " + string(v)
	}
	return fmt.Sprintf("%T", tok)
}

// TestDropFormulasKeepsWhatReadReads opens workbooks with and without
// their formulas dropped (as open does) and compares what Read reads: the
// values of every sheet but Calculs, and the formulas of column A of
// Décisions (pairOf). It also
// checks that the Décisions sheet lost its other formulas: that excelize
// still keeps the parts where dropFormulas finds them.
func TestDropFormulasKeepsWhatReadReads(t *testing.T) {
	t.Parallel() // writes and reads workbooks only: beside the other such tests
	marks := fictitious(t, "rncp99902")
	for name, data := range map[string][]byte{
		"vierge":    workbook(t, nil),
		"exemple":   workbook(t, exemple(t)),
		"rncp99902": workbookOf(t, marks, generate(rand.New(rand.NewPCG(3, 7)), marks)),
	} {
		t.Run(name, func(t *testing.T) {
			plain, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{RawCellValue: true})
			if err != nil {
				t.Fatal(err)
			}
			defer plain.Close()
			before := bytes.Clone(data)
			dropped, _, err := open(data, DefaultLimits())
			if err != nil {
				t.Fatal(err)
			}
			defer dropped.Close()
			if !bytes.Equal(data, before) {
				t.Error("the workbook's bytes changed once read")
			}
			for _, sheet := range plain.GetSheetList() {
				if sheet == sheetCalculs {
					continue
				}
				a, b := values(t, plain, sheet), values(t, dropped, sheet)
				if !slices.EqualFunc(a, b, slices.Equal) {
					t.Errorf("%s: the values differ once the formulas are dropped (%d rows, %d)", sheet, len(a), len(b))
					for i := range min(len(a), len(b)) {
						if !slices.Equal(a[i], b[i]) {
							t.Errorf("row %d: %q\n%q", i+1, a[i], b[i])
							break
						}
					}
				}
				if sheet != sheetDecisions {
					continue
				}
				all, _ := plain.GetRows(sheet) // every row the formulas fill
				for row := range len(all) + 1 {
					c := cell(1, row+1)
					fa, _ := plain.GetCellFormula(sheet, c)
					fb, _ := dropped.GetCellFormula(sheet, c)
					if fa != fb {
						t.Errorf("%s!%s: formula %q, %q once the others are dropped", sheet, c, fa, fb)
					}
				}
			}
			var kept int
			for row := firstDataRow; row < firstDataRow+20; row++ {
				for col := 2; col <= 4; col++ {
					if f, _ := dropped.GetCellFormula(sheetDecisions, cell(col, row)); f != "" {
						kept++
					}
				}
			}
			if kept > 0 {
				t.Errorf("%d formulas of columns B to D of %s kept: dropFormulas no longer finds the sheet's part", kept, sheetDecisions)
			}
		})
	}
}

// values reads the values of a sheet, row by row, without the empty cells
// and rows that end them: a cell that holds a formula but no value counts
// for excelize's GetRows, not for Read (table skips empty rows; get, the
// cells beyond a row's last).
func values(t *testing.T, f *excelize.File, sheet string) [][]string {
	t.Helper()
	rows, err := f.GetRows(sheet, excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	for i, r := range rows {
		for len(r) > 0 && r[len(r)-1] == "" {
			r = r[:len(r)-1]
		}
		rows[i] = r
	}
	for len(rows) > 0 && len(rows[len(rows)-1]) == 0 {
		rows = rows[:len(rows)-1]
	}
	return rows
}
