package api

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"io"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"certidoc/classeur"
	"certidoc/fr"
	"certidoc/generator"
	"certidoc/session"
)

// avantBody is the example session, with its planning, changed by edit
// when not nil.
func avantBody(t *testing.T, edit func(s map[string]any)) []byte {
	t.Helper()
	var s map[string]any
	if err := json.Unmarshal(exempleBody(t), &s); err != nil {
		t.Fatal(err)
	}
	if s["planning"] == nil {
		t.Fatal("the example session has no planning")
	}
	if edit != nil {
		edit(s)
	}
	out, err := json.Marshal(s)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// sansPlanning is the example session without its planning.
func sansPlanning(t *testing.T) []byte {
	t.Helper()
	return avantBody(t, func(s map[string]any) { delete(s, "planning") })
}

// seanceOf is the i-th sitting of a session decoded as a map.
func seanceOf(s map[string]any, i int) map[string]any {
	return s["planning"].(map[string]any)["seances"].([]any)[i].(map[string]any)
}

// avantWorkbook is the entry workbook pre-filled with a session.
func avantWorkbook(t *testing.T, body []byte) []byte {
	t.Helper()
	srv := newTestServer(t, io.Discard)
	s, _, err := session.Parse(body, srv.ref, generator.Font())
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := classeur.Write(&buf, srv.ref, s, fixedNow()); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestAvantSessionRoutes(t *testing.T) {
	t.Parallel() // a server of its own, no measure of time or memory
	h := newTestServer(t, io.Discard).Handler()
	good := avantBody(t, nil)
	none := sansPlanning(t)
	invalid := avantBody(t, func(s map[string]any) { seanceOf(s, 0)["forme"] = "debout" })
	for _, c := range []struct {
		name, target string
		body         []byte
		status       int
		contentType  string
		contains     []string
		disposition  string
	}{
		{"candidate's convocation", "/api/v1/convocations?candidat=2022-001", good, 200, "application/pdf", []string{"%PDF-"}, "attachment; filename=convocation-2022-001.pdf"},
		{"candidate's convocation in Word", "/api/v1/convocations?candidat=2022-003&format=docx", good, 200, "application/vnd.openxmlformats-officedocument.wordprocessingml.document", []string{"PK"}, "attachment; filename=convocation-2022-003.docx"},
		{"jury member's convocation", "/api/v1/convocations?membre=1", good, 200, "application/pdf", []string{"%PDF-"}, "attachment; filename=convocation-jury-vasseur-diop-helene.pdf"},
		{"unknown candidate", "/api/v1/convocations?candidat=9999", good, 404, "application/problem+json", []string{"«\u00a09999\u00a0»", `"valeurs"`, "2022-007"}, ""},
		{"unknown member", "/api/v1/convocations?membre=9", good, 404, "application/problem+json", []string{"Le membre du jury «\u00a09\u00a0» n’existe pas", "de 1 à 4", "1\u00a0: Mme Hélène VASSEUR-DIOP, présidente\u202f; 2\u00a0: M. Karim BENALI-DUFOUR, membre"}, ""},
		{"member not a rank", "/api/v1/convocations?membre=hermitte", good, 404, "application/problem+json", []string{"«\u00a0hermitte\u00a0»", `"4"`}, ""},
		{"convocation for nobody", "/api/v1/convocations", good, 400, "application/problem+json", []string{"?candidat=NUMÉRO", "?membre=RANG", "2022-001"}, ""},
		{"convocation for two", "/api/v1/convocations?candidat=2022-001&membre=1", good, 400, "application/problem+json", []string{"pas les deux"}, ""},
		{"convocation without planning", "/api/v1/convocations?candidat=2022-001", none, 422, "application/problem+json", []string{"Planning manquant", "n’a pas de planning", "feuille Planning"}, ""},
		{"convocation of an invalid session", "/api/v1/convocations?candidat=2022-001", invalid, 422, "application/problem+json", []string{"Session invalide", `"chemin": "planning.seances[0].forme"`, "«\u00a0debout\u00a0»"}, ""},
		{"convocation in an unknown format", "/api/v1/convocations?candidat=2022-001&format=odt", good, 400, "application/problem+json", []string{"«\u00a0odt\u00a0»"}, ""},
		{"attendance sheet", "/api/v1/emargements?seance=B1", good, 200, "application/pdf", []string{"%PDF-"}, "attachment; filename=emargement-b1.pdf"},
		{"attendance sheet in Word", "/api/v1/emargements?seance=A1&format=docx", good, 200, "application/vnd.openxmlformats", []string{"PK"}, "attachment; filename=emargement-a1.docx"},
		{"unknown sitting", "/api/v1/emargements?seance=Z9", good, 404, "application/problem+json", []string{"La séance «\u00a0Z9\u00a0» n’est pas dans le planning", "A1, B1, A2"}, ""},
		{"attendance sheet of no sitting", "/api/v1/emargements", good, 400, "application/problem+json", []string{"?seance=", "D2"}, ""},
		{"attendance sheet without planning", "/api/v1/emargements?seance=B1", none, 422, "application/problem+json", []string{"Planning manquant"}, ""},
		{"planning", "/api/v1/planning", good, 200, "application/pdf", []string{"%PDF-"}, "attachment; filename=planning.pdf"},
		{"planning in Word", "/api/v1/planning?format=docx", good, 200, "application/vnd.openxmlformats", []string{"PK"}, "attachment; filename=planning.docx"},
		{"planning as a workbook", "/api/v1/planning?format=xlsx", good, 200, mimeXLSX, []string{"PK"}, "attachment; filename=planning.xlsx"},
		{"planning in an unknown format", "/api/v1/planning?format=ods", good, 400, "application/problem+json", []string{"pour le planning", "pdf, docx, xlsx"}, ""},
		{"planning without planning", "/api/v1/planning?format=xlsx", none, 422, "application/problem+json", []string{"Planning manquant"}, ""},
		{"avant-session", "/api/v1/avant-session", good, 200, "application/zip", []string{"PK"}, "attachment; filename=avant-session-cisp-2022-02.zip"},
		{"avant-session invalid", "/api/v1/avant-session", invalid, 422, "application/problem+json", []string{"Session invalide", "planning.seances[0].forme"}, ""},
		{"avant-session without planning", "/api/v1/avant-session", none, 422, "application/problem+json", []string{"Planning manquant"}, ""},
		{"avant-session unknown format", "/api/v1/avant-session?format=pdf,odt", good, 400, "application/problem+json", []string{"«\u00a0odt\u00a0»"}, ""},
		// a long value is quoted by its first characters, not whole
		{"long member", "/api/v1/convocations?membre=" + strings.Repeat("m", 3000), good, 404, "application/problem+json", []string{"«\u00a0" + strings.Repeat("m", fr.ExtraitMax) + "…\u00a0»"}, ""},
		{"long sitting", "/api/v1/emargements?seance=" + strings.Repeat("s", 3000), good, 404, "application/problem+json", []string{"«\u00a0" + strings.Repeat("s", fr.ExtraitMax) + "…\u00a0»"}, ""},
		{"planning in a long format", "/api/v1/planning?format=" + strings.Repeat("f", 3000), good, 400, "application/problem+json", []string{"«\u00a0" + strings.Repeat("f", fr.ExtraitMax) + "…\u00a0»"}, ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, httptest.NewRequest("POST", c.target, bytes.NewReader(c.body)))
			if rec.Code != c.status {
				t.Fatalf("status: got %d, want %d\n%.600s", rec.Code, c.status, rec.Body)
			}
			if ct := rec.Header().Get("Content-Type"); !strings.HasPrefix(ct, c.contentType) {
				t.Errorf("Content-Type: got %q, want %q", ct, c.contentType)
			}
			for _, w := range c.contains {
				if !strings.Contains(rec.Body.String(), w) {
					t.Errorf("body lacks %q:\n%.600s", w, rec.Body)
				}
			}
			if got := rec.Header().Get("Content-Disposition"); got != c.disposition {
				t.Errorf("Content-Disposition: got %q, want %q", got, c.disposition)
			}
			if rec.Header().Get("Cache-Control") != "no-store" {
				t.Error("an answer made from a session may be kept by a cache")
			}
			checkTypography(t, rec)
		})
	}
}

// The planning asked as a workbook by its Accept header.
func TestPlanningAcceptXLSX(t *testing.T) {
	req := httptest.NewRequest("POST", "/api/v1/planning", bytes.NewReader(avantBody(t, nil)))
	req.Header.Set("Accept", mimeXLSX)
	rec := httptest.NewRecorder()
	newTestServer(t, io.Discard).Handler().ServeHTTP(rec, req)
	if rec.Code != 200 || rec.Header().Get("Content-Disposition") != "attachment; filename=planning.xlsx" {
		t.Fatalf("got %d %s", rec.Code, rec.Header())
	}
	x, err := excelize.OpenReader(bytes.NewReader(rec.Body.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	if got := x.GetSheetList(); len(got) != 1 || got[0] != "Planning" {
		t.Errorf("sheets: %v", got)
	}
}

// zipNames lists the entries of a ZIP answer.
func zipNames(t *testing.T, data []byte) []string {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatalf("not a ZIP: %v", err)
	}
	var names []string
	for _, f := range zr.File {
		names = append(names, f.Name)
	}
	return names
}

// The ZIP holds the planning, one attendance sheet per sitting, one
// convocation per candidate in their folder and one per jury member, in
// each format asked; AVERTISSEMENTS.txt lists the planning's warnings and
// the delay's, not the rest of the session's.
func TestAvantSessionZip(t *testing.T) {
	h := newTestServer(t, io.Discard).Handler()
	for _, c := range []struct {
		name, target string
		body         []byte
		files        int
		want         []string
		warnings     []string // in AVERTISSEMENTS.txt; none: no such file
	}{
		{"pdf", "/api/v1/avant-session", avantBody(t, nil), 22,
			[]string{"planning.pdf", "emargements/emargement-b1.pdf", "emargements/emargement-d2.pdf", "jury/convocation-jury-vasseur-diop-helene.pdf"}, nil},
		{"pdf and docx", "/api/v1/avant-session?format=pdf,docx", avantBody(t, nil), 44,
			[]string{"planning.pdf", "planning.docx", "emargements/emargement-a1.docx"}, nil},
		{"sent late", "/api/v1/avant-session", avantBody(t, func(s map[string]any) { s["planning"].(map[string]any)["date_convocation"] = "2022-09-25" }), 22,
			[]string{"planning.pdf"}, []string{"planning.seances[0].date\u00a0: convocations envoyées le 25\u00a0septembre 2022 pour une séance le 5\u00a0octobre 2022 (10 jours avant)", "planning.seances[1].date"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, httptest.NewRequest("POST", c.target, bytes.NewReader(c.body)))
			if rec.Code != 200 {
				t.Fatalf("status %d: %.400s", rec.Code, rec.Body)
			}
			names := zipNames(t, rec.Body.Bytes())
			docs, convocations := 0, 0
			has := map[string]bool{}
			for _, n := range names {
				has[n] = true
				if n != "AVERTISSEMENTS.txt" {
					docs++
				}
				if strings.HasPrefix(n, "candidats/") && strings.Contains(n, "/convocation.") {
					convocations++
				}
			}
			if docs != c.files {
				t.Errorf("%d documents, want %d: %v", docs, c.files, names)
			}
			if want := 7 * c.files / 22; convocations != want {
				t.Errorf("%d candidates' convocations, want %d", convocations, want)
			}
			for _, w := range c.want {
				if !has[w] {
					t.Errorf("no %s in %v", w, names)
				}
			}
			if has["AVERTISSEMENTS.txt"] != (len(c.warnings) > 0) {
				t.Fatalf("AVERTISSEMENTS.txt: got %v, want %v", has["AVERTISSEMENTS.txt"], len(c.warnings) > 0)
			}
			if len(c.warnings) == 0 {
				return
			}
			zr, _ := zip.NewReader(bytes.NewReader(rec.Body.Bytes()), int64(rec.Body.Len()))
			f, _ := zr.Open("AVERTISSEMENTS.txt")
			txt, _ := io.ReadAll(f)
			for _, w := range c.warnings {
				if !strings.Contains(string(txt), w) {
					t.Errorf("AVERTISSEMENTS.txt lacks %q:\n%s", w, txt)
				}
			}
			if strings.Contains(string(txt), "evaluations") {
				t.Errorf("AVERTISSEMENTS.txt lists more than the planning's warnings:\n%s", txt)
			}
		})
	}
}

// valider says what the papers before the jury will be, and the
// planning's warnings with the delay's, each naming its field, or its
// sheet and cell for a workbook.
func TestValiderAvantSession(t *testing.T) {
	t.Parallel() // a server of its own, no measure of time or memory
	h := newTestServer(t, io.Discard).Handler()
	late := avantBody(t, func(s map[string]any) { s["planning"].(map[string]any)["date_convocation"] = "2022-09-25" })
	// Without a date of sending, the convocations leave on the service's
	// day (fixedNow, 25 November 2026): after every sitting.
	today := avantBody(t, func(s map[string]any) { delete(s["planning"].(map[string]any), "date_convocation") })
	sunday := avantBody(t, func(s map[string]any) { seanceOf(s, 9)["date"] = "2022-11-06" })
	// Before the jury: no grid filled, no decision; the session's warnings
	// on them are not the planning's.
	before := avantBody(t, func(s map[string]any) {
		for _, c := range s["candidats"].([]any) {
			delete(c.(map[string]any), "evaluations")
			delete(c.(map[string]any), "decisions")
		}
	})
	type summary struct {
		Documents      int                `json:"documents"`
		Seances        []string           `json:"seances"`
		Envoi          string             `json:"envoi"`
		Delai          int                `json:"delai_jours"`
		Avertissements []session.Probleme `json:"avertissements"`
	}
	for _, c := range []struct {
		name     string
		body     []byte
		workbook bool
		none     bool
		envoi    string
		warnings []string // chemin + " – " + a part of the message
	}{
		{"no planning", sansPlanning(t), false, true, "", nil},
		{"example", avantBody(t, nil), false, false, "2022-09-19", nil},
		{"sent late", late, false, false, "2022-09-25", []string{"planning.seances[0].date – 10 jours avant", "planning.seances[1].date – 12 jours avant"}},
		{"sent late, workbook", avantWorkbook(t, late), true, false, "2022-09-25", []string{"Planning!D3 – 10 jours avant", "Planning!D7 – 12 jours avant"}},
		{"sent today", today, false, false, "2026-11-25", []string{"planning.seances[0].date – séance A1 du 5\u00a0octobre 2022 déjà passée", "planning.seances[9].date – séance D2"}},
		{"on a Sunday", sunday, false, false, "2022-09-19", []string{"planning.seances[9].date – dimanche 6\u00a0novembre 2022"}},
		{"on a Sunday, workbook", avantWorkbook(t, sunday), true, false, "2022-09-19", []string{"Planning!D41 – dimanche 6\u00a0novembre 2022"}},
		{"before the jury", before, false, false, "2022-09-19", nil},
		{"before the jury, workbook", avantWorkbook(t, before), true, false, "2022-09-19", nil},
	} {
		t.Run(c.name, func(t *testing.T) {
			req := httptest.NewRequest("POST", "/api/v1/valider", bytes.NewReader(c.body))
			if c.workbook {
				body, ct := multipartBody(t, "saisie.xlsx", c.body)
				req = httptest.NewRequest("POST", "/api/v1/valider", body)
				req.Header.Set("Content-Type", ct)
			}
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, req)
			if rec.Code != 200 {
				t.Fatalf("status %d: %.400s", rec.Code, rec.Body)
			}
			checkTypography(t, rec)
			var got struct {
				Valide bool     `json:"valide"`
				Avant  *summary `json:"avant_session"`
			}
			if err := json.Unmarshal(rec.Body.Bytes(), &got); err != nil {
				t.Fatal(err)
			}
			if !got.Valide {
				t.Fatalf("not valid: %.600s", rec.Body)
			}
			if c.none {
				if got.Avant != nil || !strings.Contains(rec.Body.String(), `"avant_session": null`) {
					t.Errorf("a session without planning: avant_session %+v", got.Avant)
				}
				return
			}
			a := got.Avant
			if a == nil {
				t.Fatalf("no avant_session: %.600s", rec.Body)
			}
			if a.Documents != 22 || len(a.Seances) != 10 || a.Seances[1] != "B1" || a.Envoi != c.envoi || a.Delai != 15 {
				t.Errorf("summary: got %d documents, sittings %v, sent %s, delay %d; want 22, 10 sittings, %s, 15", a.Documents, a.Seances, a.Envoi, a.Delai, c.envoi)
			}
			var lines []string
			for _, w := range a.Avertissements {
				lines = append(lines, w.Chemin+" – "+w.Message)
			}
			for _, w := range c.warnings {
				found := false
				for _, l := range lines {
					path, part, _ := strings.Cut(w, " – ")
					found = found || (strings.HasPrefix(l, path+" – ") && strings.Contains(l, part))
				}
				if !found {
					t.Errorf("no warning %q in\n%s", w, strings.Join(lines, "\n"))
				}
			}
			if len(lines) != len(c.warnings) && c.name != "sent today" {
				t.Errorf("%d warnings, want %d:\n%s", len(lines), len(c.warnings), strings.Join(lines, "\n"))
			}
		})
	}
}

// The papers before the jury come from a workbook too, uploaded or raw.
func TestAvantSessionFromWorkbook(t *testing.T) {
	t.Parallel() // a server of its own, no measure of time or memory
	h := newTestServer(t, io.Discard).Handler()
	wb := avantWorkbook(t, avantBody(t, nil))
	for _, target := range []string{"/api/v1/convocations?candidat=2022-004", "/api/v1/convocations?membre=4", "/api/v1/emargements?seance=E2", "/api/v1/planning?format=xlsx", "/api/v1/avant-session"} {
		body, ct := multipartBody(t, "saisie.xlsx", wb)
		req := httptest.NewRequest("POST", target, body)
		req.Header.Set("Content-Type", ct)
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code != 200 {
			t.Errorf("%s from an uploaded workbook: %d %.300s", target, rec.Code, rec.Body)
		}
	}
	// A planning problem in the workbook: 422 naming its cell.
	x, err := excelize.OpenReader(bytes.NewReader(wb))
	if err != nil {
		t.Fatal(err)
	}
	x.SetCellValue("Planning", "E3", "25:00")
	var bad bytes.Buffer
	x.WriteTo(&bad)
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("POST", "/api/v1/avant-session", bytes.NewReader(bad.Bytes())))
	if rec.Code != 422 || !strings.Contains(rec.Body.String(), `"chemin": "Planning!E3"`) {
		t.Errorf("a wrong hour in the Planning sheet: %d %.600s", rec.Code, rec.Body)
	}
	checkTypography(t, rec)
}

// Each paper is counted by kind and format, those of the ZIP included.
func TestAvantSessionMetrics(t *testing.T) {
	h := newTestServer(t, io.Discard).Handler()
	for _, target := range []string{"/api/v1/convocations?candidat=2022-001", "/api/v1/convocations?membre=2", "/api/v1/emargements?seance=B1&format=docx", "/api/v1/planning?format=xlsx", "/api/v1/avant-session"} {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest("POST", target, bytes.NewReader(avantBody(t, nil))))
		if rec.Code != 200 {
			t.Fatalf("%s: %d", target, rec.Code)
		}
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", "/metrics", nil))
	for _, want := range []string{
		`certidoc_documents_total{format="pdf",kind="convocation"} 8`,
		`certidoc_documents_total{format="pdf",kind="convocation-jury"} 5`,
		`certidoc_documents_total{format="docx",kind="emargement"} 1`,
		`certidoc_documents_total{format="pdf",kind="emargement"} 10`,
		`certidoc_documents_total{format="xlsx",kind="planning"} 1`,
		`certidoc_documents_total{format="pdf",kind="planning"} 1`,
	} {
		if !strings.Contains(rec.Body.String(), want) {
			t.Errorf("metrics lack %s", want)
		}
	}
}
