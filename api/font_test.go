package api

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"certidoc/accrochage"
	"certidoc/registre"
	"certidoc/session"
)

// Messages of the font check, as users read them.
const (
	fontProblem = "caractère «\u00a0😀\u00a0» (U+1F600) absent de la police des documents\u00a0: il ne peut pas être imprimé, remplacez-le"
	fontWarning = "caractère «\u00a0👍\u00a0» (U+1F44D) absent de la police des documents\u00a0: il est imprimé «\u00a0□\u00a0»"
)

// cellHolding finds the cell of a workbook whose text starts with prefix.
func cellHolding(t *testing.T, wb []byte, prefix string) (sheet, cell string) {
	t.Helper()
	x, err := excelize.OpenReader(bytes.NewReader(wb))
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	for _, sh := range x.GetSheetList() {
		rows, _ := x.GetRows(sh)
		for i, r := range rows {
			for j, v := range r {
				if strings.HasPrefix(v, prefix) {
					c, _ := excelize.CoordinatesToCellName(j+1, i+1)
					return sh, c
				}
			}
		}
	}
	t.Fatalf("no cell starts with %q", prefix)
	return "", ""
}

// setCell returns wb with one cell changed.
func setCell(t *testing.T, wb []byte, sheet, cell, value string) []byte {
	t.Helper()
	x, err := excelize.OpenReader(bytes.NewReader(wb))
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	x.SetCellValue(sheet, cell, value)
	var b bytes.Buffer
	if _, err := x.WriteTo(&b); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// A character the documents' font lacks is a problem in an identity field
// (a first name) and a warning in free text (préconisations), named by the
// same path and message on every route that reads a session, from JSON or
// from the entry workbook (where the path is the cell); the dossier lists
// the warning in AVERTISSEMENTS.txt.
func TestFontCoverageOnEveryRoute(t *testing.T) {
	t.Parallel() // a server of its own, no measure of time or memory
	s, _ := newRegistreServer(t, registre.Config{Dir: t.TempDir()}, io.Discard, func(c *Config) {
		c.Accrochage = accrochage.Config{IDClient: "AB12CD34", IDContrat: "CTR-1", Type: "RNCP", Version: "1.1.2"}
	})
	h := s.Handler()
	warned := bytes.Replace(exempleBody(t), []byte(`"preconisations": "Présenter les blocs D et E`), []byte(`"preconisations": "👍 Présenter les blocs D et E`), 1)
	bad := bytes.Replace(warned, []byte(`"prenoms": "Nadia"`), []byte(`"prenoms": "Nadia 😀"`), 1)
	if bytes.Equal(warned, exempleBody(t)) || bytes.Equal(bad, warned) {
		t.Fatal("the example changed: no préconisations or first name to edit")
	}
	a := call(t, h, "POST", "/api/v1/classeur", warned)
	if a.status != 200 {
		t.Fatalf("workbook of the session: %d %s", a.status, a.body)
	}
	warnedWB := a.body
	wSheet, wCell := cellHolding(t, warnedWB, "👍 Présenter")
	pSheet, pCell := cellHolding(t, warnedWB, "Nadia")
	badWB := setCell(t, warnedWB, pSheet, pCell, "Nadia 😀")

	jsonWarning := session.Probleme{Chemin: "candidats[3].preconisations", Message: fontWarning}
	jsonProblem := session.Probleme{Chemin: "candidats[2].prenoms", Message: fontProblem}
	// The import names the cell and the value it holds.
	wbWarning := session.Probleme{Chemin: wSheet + "!" + wCell, Message: fontWarning + " (valeur «\u00a0👍 Présenter les blocs D et E à une prochaine session.\u00a0»)"}
	wbProblem := session.Probleme{Chemin: pSheet + "!" + pCell, Message: fontProblem + " (valeur «\u00a0Nadia 😀\u00a0»)"}

	type report struct {
		Valide         *bool              `json:"valide"`
		Problemes      []session.Probleme `json:"problemes"`
		Avertissements []session.Probleme `json:"avertissements"`
	}
	routes := []string{"/api/v1/valider", "/api/v1/proces-verbal", "/api/v1/grilles/B/1?candidat=2022-001",
		"/api/v1/attestations/E?candidat=2022-006", "/api/v1/parchemins?candidat=2022-002", "/api/v1/notifications?candidat=2022-005",
		"/api/v1/dossier", "/api/v1/classeur", "/api/v1/import", "/api/v1/resultats", "/api/v1/accrochage", "/api/v1/registre/sessions"}
	// Every route reads the session the same way (parseSession): the
	// workbook, slower to read, goes to valider, the import and the PV.
	wbRoutes := []string{"/api/v1/valider", "/api/v1/import", "/api/v1/proces-verbal"}
	for _, c := range []struct {
		name             string
		body             []byte
		routes           []string
		problem, warning session.Probleme
	}{
		{"JSON", bad, routes, jsonProblem, jsonWarning},
		{"workbook", badWB, wbRoutes, wbProblem, wbWarning},
	} {
		for _, route := range c.routes {
			t.Run(c.name+" "+route, func(t *testing.T) {
				a := call(t, h, "POST", route, c.body)
				want := http.StatusUnprocessableEntity
				if route == "/api/v1/valider" {
					want = http.StatusOK
				}
				var got report
				if err := json.Unmarshal(a.body, &got); a.status != want || err != nil {
					t.Fatalf("status %d, want %d (%v)\n%.500s", a.status, want, err, a.body)
				}
				if !slices.Equal(got.Problemes, []session.Probleme{c.problem}) {
					t.Errorf("problems %q, want %q", got.Problemes, c.problem)
				}
				if !slices.Contains(got.Avertissements, c.warning) {
					t.Errorf("warnings %q lack %q", got.Avertissements, c.warning)
				}
			})
		}
	}

	// Only the warning: valider and import accept the session and say it.
	for _, c := range []struct {
		name, route string
		body        []byte
		warning     session.Probleme
	}{
		{"valider JSON", "/api/v1/valider", warned, jsonWarning},
		{"valider workbook", "/api/v1/valider", warnedWB, wbWarning},
		{"import workbook", "/api/v1/import", warnedWB, wbWarning},
	} {
		a := call(t, h, "POST", c.route, c.body)
		var got report
		if err := json.Unmarshal(a.body, &got); a.status != 200 || err != nil || len(got.Problemes) != 0 || (got.Valide != nil && !*got.Valide) {
			t.Errorf("%s: %d %v %.300s", c.name, a.status, err, a.body)
		}
		if !slices.Contains(got.Avertissements, c.warning) {
			t.Errorf("%s: warnings %q lack %q", c.name, got.Avertissements, c.warning)
		}
	}

	// The dossier says it (made again from the registre: reedition's tests).
	line := "- candidats[3].preconisations\u00a0: " + fontWarning
	if got := avertissements(t, call(t, h, "POST", "/api/v1/dossier", warned)); !strings.Contains(got, line) {
		t.Errorf("the dossier's AVERTISSEMENTS.txt lacks %q:\n%s", line, got)
	}
}

// avertissements returns the AVERTISSEMENTS.txt of a dossier.
func avertissements(t *testing.T, a answer) string {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(a.body), int64(len(a.body)))
	if a.status != 200 || err != nil {
		t.Fatalf("dossier: %d %v %.300s", a.status, err, a.body)
	}
	for _, f := range zr.File {
		if f.Name == "AVERTISSEMENTS.txt" {
			r, err := f.Open()
			if err != nil {
				t.Fatal(err)
			}
			defer r.Close()
			b, err := io.ReadAll(r)
			if err != nil {
				t.Fatal(err)
			}
			return string(b)
		}
	}
	t.Fatal("no AVERTISSEMENTS.txt in the dossier")
	return ""
}
