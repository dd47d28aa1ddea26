package classeur

import (
	"bytes"
	"reflect"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"certidoc/documents"
	"certidoc/generator"
	"certidoc/session"
)

// letterText is every string of a candidate's letter.
func letterText(t *testing.T, s *session.Session, num string) string {
	t.Helper()
	d := session.Deliberer(ref(t), s)
	for i := range d.Candidats {
		if d.Candidats[i].Candidat.Numero != num {
			continue
		}
		var all []string
		var walk func(v reflect.Value)
		walk = func(v reflect.Value) {
			switch v.Kind() {
			case reflect.String:
				all = append(all, v.String())
			case reflect.Pointer, reflect.Interface:
				if !v.IsNil() {
					walk(v.Elem())
				}
			case reflect.Struct:
				for i := range v.NumField() {
					if v.Type().Field(i).IsExported() {
						walk(v.Field(i))
					}
				}
			case reflect.Slice, reflect.Array:
				for i := range v.Len() {
					walk(v.Index(i))
				}
			}
		}
		walk(reflect.ValueOf(documents.Notification(ref(t), s, &d.Candidats[i], nil)))
		return strings.Join(all, "\n")
	}
	t.Fatalf("no candidate %s", num)
	return ""
}

// recoursCell finds the appeal route's row on the Session sheet.
func recoursCell(t *testing.T, x *excelize.File) string {
	t.Helper()
	rows, err := x.GetRows(sheetSession)
	if err != nil {
		t.Fatal(err)
	}
	for i, rw := range rows {
		if len(rw) > 0 && rw[0] == labelRecours {
			return cell(2, i+1)
		}
	}
	t.Fatalf("no row %q on the Session sheet", labelRecours)
	return ""
}

// The certifier's appeal route is entered on the Session sheet, in an
// unlocked cell, and goes from the workbook to the session and to the
// letter of a candidate with a bloc not validated (2022-003); empty, the
// letter gives the default route.
func TestRecoursRoundTrip(t *testing.T) {
	t.Parallel() // writes and reads workbooks only: beside the other such tests
	for _, c := range []struct{ name, recours, want string }{
		{"typed", "Recours : écrivez au président du jury, 1 rue Fictive, 69007 Lyon ;\nsous un mois !", "Recours\u00a0: écrivez au président du jury, 1 rue Fictive, 69007 Lyon\u202f;\nsous un mois\u202f!"},
		{"empty: the default", "", "dans les deux mois suivant la réception de ce courrier"},
	} {
		t.Run(c.name, func(t *testing.T) {
			s := exemple(t)
			s.Certificateur.Recours = c.recours
			data := workbook(t, s)
			x, err := excelize.OpenReader(bytes.NewReader(data))
			if err != nil {
				t.Fatal(err)
			}
			at := recoursCell(t, x)
			if v, _ := x.GetCellValue(sheetSession, at); v != c.recours {
				t.Errorf("Session!%s = %q, want %q", at, v, c.recours)
			}
			id, _ := x.GetCellStyle(sheetSession, at)
			if st, err := x.GetStyle(id); err != nil || st.Protection == nil || st.Protection.Locked {
				t.Errorf("Session!%s is locked: %+v %v", at, st, err)
			}
			x.Close()
			got, _, err := Read(data, ref(t), generator.Font(), DefaultLimits())
			if err != nil {
				t.Fatal(err)
			}
			if got.Certificateur.Recours != c.recours {
				t.Errorf("imported recours %q, want %q", got.Certificateur.Recours, c.recours)
			}
			if letter := letterText(t, got, "2022-003"); !strings.Contains(letter, "Voie de recours") || !strings.Contains(letter, c.want) {
				t.Errorf("the letter of 2022-003 lacks %q:\n%s", c.want, letter)
			}
		})
	}
}

// A workbook made before the appeal route's row existed still imports:
// its letters give the default route.
func TestRecoursRowMissing(t *testing.T) {
	t.Parallel() // writes and reads workbooks only: beside the other such tests
	old := edit(t, func(x *excelize.File) {
		at := recoursCell(t, x)
		_, row, _ := excelize.CellNameToCoordinates(at)
		if err := x.RemoveRow(sheetSession, row); err != nil {
			t.Fatal(err)
		}
	})
	got, _, err := Read(old, ref(t), generator.Font(), DefaultLimits())
	if err != nil {
		t.Fatalf("a workbook without the row: %v", err)
	}
	if got.Certificateur.Recours != "" {
		t.Errorf("recours %q, want empty", got.Certificateur.Recours)
	}
}
