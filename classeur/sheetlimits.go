package classeur

import (
	"archive/zip"
	"bufio"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"path"
	"strings"

	"certidoc/fr"
)

// checkParts counts, before excelize reads a byte of the workbook, the
// cells, rows and columns of each worksheet and the shared strings,
// streaming each part and stopping at the first limit passed: a sheet of
// 47 million empty cells zips into 554 KB and unzips under the size limit,
// but excelize would spend seconds of CPU on it for each import. The error
// names the sheet and says what to do.
func checkParts(zr *zip.Reader, names map[string]string, lim Limits) error {
	all := 0
	for _, zf := range zr.File {
		name := strings.TrimPrefix(zf.Name, "/")
		switch {
		case strings.HasPrefix(name, "xl/worksheets/") && strings.HasSuffix(name, ".xml"):
			sheet, ok := names[name]
			if !ok {
				sheet = name
			}
			n, err := countPart(zf, func(c *partCount) error { return c.sheetLimits(sheet, lim) })
			if err != nil {
				return err
			}
			if all += n; all > lim.MaxCellsAll {
				return tooMany(fmt.Sprintf("Le classeur compte plus de %s cellules en tout (%s au plus)\u00a0: ce n’est pas un classeur de session tel que certidoc le prépare.", fr.Entier(lim.MaxCellsAll), fr.Entier(lim.MaxCellsAll)))
			}
		case name == "xl/sharedStrings.xml":
			if _, err := countPart(zf, func(c *partCount) error {
				if c.strings > lim.MaxCellsAll {
					return tooMany(fmt.Sprintf("Le classeur compte plus de %s textes (xl/sharedStrings.xml, %s au plus)\u00a0: ce n’est pas un classeur de session tel que certidoc le prépare.", fr.Entier(lim.MaxCellsAll), fr.Entier(lim.MaxCellsAll)))
				}
				return nil
			}); err != nil {
				return err
			}
		}
	}
	return nil
}

// whatToDo ends each message of a sheet over a limit.
const whatToDo = "\u00a0: supprimez les lignes et les colonnes vides en trop de cette feuille (sélectionnez-les, clic droit, Supprimer), enregistrez le classeur et déposez-le à nouveau\u202f; ou recopiez vos données dans un classeur de saisie neuf."

func tooMany(msg string) error { return &ImportError{Kind: ErrTooLarge, Message: msg} }

// sheetLimits checks the counts of a worksheet so far.
func (c *partCount) sheetLimits(sheet string, lim Limits) error {
	switch {
	case c.cells > lim.MaxCells:
		return tooMany(fmt.Sprintf("La feuille «\u00a0%s\u00a0» compte plus de %s cellules (%s au plus)", fr.Extrait(sheet), fr.Entier(lim.MaxCells), fr.Entier(lim.MaxCells)) + whatToDo)
	case c.row > lim.MaxRow:
		return tooMany(fmt.Sprintf("La feuille «\u00a0%s\u00a0» va au-delà de la ligne %s (ligne %s au plus)", fr.Extrait(sheet), fr.Entier(lim.MaxRow), fr.Entier(lim.MaxRow)) + whatToDo)
	case c.col > lim.MaxColumn:
		last := columnName(lim.MaxColumn)
		return tooMany(fmt.Sprintf("La feuille «\u00a0%s\u00a0» va au-delà de la colonne %s (colonne %s au plus)", fr.Extrait(sheet), last, last) + whatToDo)
	}
	return nil
}

// partCount is what a part holds so far: cells, the last row and column
// seen, shared strings.
type partCount struct {
	cells, row, col, strings int
}

// countPart streams a part's XML and counts its elements c (a cell), row
// and si (a shared string), whatever their namespace prefix; check is
// called after each and its error stops the count. It returns the cells.
// Only the tags are looked at: a comment holding "<c>" counts a cell,
// which only makes the file look bigger than it is.
func countPart(zf *zip.File, check func(*partCount) error) (int, error) {
	rc, err := zf.Open()
	if err != nil {
		return 0, &ImportError{Kind: ErrNotWorkbook, Message: "Ce fichier n’est pas un classeur Excel lisible (.xlsx)\u00a0: ouvrez-le dans Excel ou LibreOffice et enregistrez-le au format .xlsx."}
	}
	defer rc.Close()
	br := bufio.NewReaderSize(rc, 64<<10)
	var c partCount
	for {
		if _, err := br.ReadSlice('<'); err != nil {
			if errors.Is(err, bufio.ErrBufferFull) {
				continue
			}
			return c.cells, readEnd(err)
		}
		tag, err := br.ReadSlice('>')
		long := errors.Is(err, bufio.ErrBufferFull)
		if err != nil && !long {
			return c.cells, readEnd(err)
		}
		end := bytes.IndexAny(tag, " \t\r\n/>")
		if end < 0 {
			end = len(tag)
		}
		name := tag[:end]
		if i := bytes.LastIndexByte(name, ':'); i >= 0 {
			name = name[i+1:]
		}
		switch string(name) {
		case "row":
			c.row = max(c.row+1, attrNumber(tag, "r", rowNumber))
			c.col = 0
		case "c":
			c.cells++
			c.col = max(c.col+1, attrNumber(tag, "r", columnNumber))
		case "si":
			c.strings++
		}
		if err := check(&c); err != nil {
			return c.cells, err
		}
		for long { // a tag longer than the buffer: skip to its end
			_, err = br.ReadSlice('>')
			long = errors.Is(err, bufio.ErrBufferFull)
			if err != nil && !long {
				return c.cells, readEnd(err)
			}
		}
	}
}

// readEnd is nil at the end of a part, else the error of a part that
// cannot be unzipped.
func readEnd(err error) error {
	if errors.Is(err, io.EOF) {
		return nil
	}
	return &ImportError{Kind: ErrNotWorkbook, Message: "Ce fichier n’est pas un classeur Excel lisible (.xlsx)\u00a0: ouvrez-le dans Excel ou LibreOffice et enregistrez-le au format .xlsx."}
}

// attrNumber reads the attribute name of a tag (r="B12") with parse, 0
// when it has none.
func attrNumber(tag []byte, name string, parse func([]byte) int) int {
	return parse(attrValue(tag, name))
}

// attrValue returns the value of the attribute name in a tag, nil when it
// has none.
func attrValue(tag []byte, name string) []byte {
	for i := 0; ; {
		j := bytes.Index(tag[i:], []byte(name+"="))
		if j < 0 {
			return nil
		}
		j += i
		i = j + len(name) + 1
		if j == 0 || !strings.ContainsRune(" \t\r\n", rune(tag[j-1])) || i >= len(tag) {
			continue
		}
		q := tag[i]
		if q != '"' && q != '\'' {
			continue
		}
		v := tag[i+1:]
		if k := bytes.IndexByte(v, q); k >= 0 {
			return v[:k]
		}
		return nil
	}
}

// maxIndex caps the numbers read from a tag: beyond any limit, and far
// from overflowing.
const maxIndex = 1 << 30

// rowNumber is the number of r="12".
func rowNumber(v []byte) int {
	n := 0
	for _, b := range v {
		if b < '0' || b > '9' {
			return 0
		}
		n = min(n*10+int(b-'0'), maxIndex)
	}
	return n
}

// columnNumber is the column of r="AB12": 28.
func columnNumber(v []byte) int {
	n := 0
	for _, b := range v {
		switch {
		case b >= 'A' && b <= 'Z':
			n = min(n*26+int(b-'A'+1), maxIndex)
		case b >= 'a' && b <= 'z':
			n = min(n*26+int(b-'a'+1), maxIndex)
		default:
			return n
		}
	}
	return n
}

// columnName is the letters of column n: 1024 → AMJ.
func columnName(n int) string {
	var b []byte
	for ; n > 0; n = (n - 1) / 26 {
		b = append([]byte{byte('A' + (n-1)%26)}, b...)
	}
	return string(b)
}

// sheetNames maps each worksheet part (xl/worksheets/sheet6.xml) to the
// sheet's name (Bloc A – épreuve 1), from xl/workbook.xml and its
// relationships; a part it cannot name is named by its path.
func sheetNames(zr *zip.Reader) map[string]string {
	var wb struct {
		Sheets []struct {
			Name string `xml:"name,attr"`
			ID   string `xml:"http://schemas.openxmlformats.org/officeDocument/2006/relationships id,attr"`
		} `xml:"sheets>sheet"`
	}
	var rels struct {
		Rels []struct {
			ID     string `xml:"Id,attr"`
			Target string `xml:"Target,attr"`
		} `xml:"Relationship"`
	}
	out := map[string]string{}
	if !decodePart(zr, "xl/workbook.xml", &wb) || !decodePart(zr, "xl/_rels/workbook.xml.rels", &rels) {
		return out
	}
	targets := map[string]string{}
	for _, r := range rels.Rels {
		t := r.Target
		if strings.HasPrefix(t, "/") {
			t = strings.TrimPrefix(t, "/")
		} else {
			t = path.Join("xl", t)
		}
		targets[r.ID] = path.Clean(t)
	}
	for _, s := range wb.Sheets {
		if t, ok := targets[s.ID]; ok {
			out[t] = s.Name
		}
	}
	return out
}

// decodePart decodes a small XML part (1 MiB at most).
func decodePart(zr *zip.Reader, name string, v any) bool {
	for _, zf := range zr.File {
		if strings.TrimPrefix(zf.Name, "/") != name {
			continue
		}
		rc, err := zf.Open()
		if err != nil {
			return false
		}
		defer rc.Close()
		return xml.NewDecoder(io.LimitReader(rc, 1<<20)).Decode(v) == nil
	}
	return false
}
