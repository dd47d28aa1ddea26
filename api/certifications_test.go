package api

import (
	"bytes"
	"encoding/json"
	"io"
	"log/slog"
	"net/http/httptest"
	"os"
	"strings"
	"testing"

	"certidoc/classeur"
	"certidoc/generator"
	"certidoc/referentiel"
	"certidoc/session"
)

// newMultiServer serves the embedded CISP and the fictitious référentiels
// of testdata/referentiels.
func newMultiServer(t *testing.T) *Server {
	t.Helper()
	cisp, err := referentiel.Embedded()
	if err != nil {
		t.Fatal(err)
	}
	others, files, err := referentiel.LoadDir("../testdata/referentiels")
	if err != nil {
		t.Fatal(err)
	}
	refs, err := referentiel.NewEnsemble(cisp, referentiel.EmbeddedName, others, files)
	if err != nil {
		t.Fatal(err)
	}
	return NewFor(DefaultConfig(), refs, slog.New(slog.NewJSONHandler(io.Discard, nil)), fixedNow)
}

func readTestdata(t *testing.T, name string) []byte {
	t.Helper()
	data, err := os.ReadFile("../testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func TestCertificationRoutes(t *testing.T) {
	t.Parallel() // a server of its own, no measure of time or memory
	h := newMultiServer(t).Handler()
	aai := readTestdata(t, "session-rncp99902.json")
	cisp := exempleBody(t)
	for _, c := range []struct {
		name, method, target string
		body                 []byte
		status               int
		want                 []string
	}{
		{"list", "GET", "/api/v1/certifications", nil, 200, []string{`"code": "RNCP36128"`, `"defaut": true`, `"code": "RNCP99902"`, `"echelle": "niveaux"`, `"code": "RNCP99901"`, `"echelle": "notes"`}},
		{"référentiel", "GET", "/api/v1/certifications/RNCP99902/referentiel", nil, 200, []string{`"code_rncp": "RNCP99902"`, `"part_minimale": 0.75`}},
		{"référentiel, code in lower case", "GET", "/api/v1/certifications/rncp99902/referentiel", nil, 200, []string{`"code_rncp": "RNCP99902"`}},
		{"today's route is the default's", "GET", "/api/v1/referentiel", nil, 200, []string{`"code_rncp": "RNCP36128"`}},
		{"the default under its code", "GET", "/api/v1/certifications/RNCP36128/referentiel/blocs/E", nil, 200, []string{`"code": "RNCP36128BC05"`}},
		{"bloc", "GET", "/api/v1/certifications/RNCP99902/referentiel/blocs/D", nil, 200, []string{`"code": "RNCP99902BC04"`}},
		{"bloc the certification lacks", "GET", "/api/v1/certifications/RNCP99902/referentiel/blocs/E", nil, 404, []string{"Blocs valides\u00a0: A, B, C, D"}},
		{"unknown certification", "GET", "/api/v1/certifications/RNCP12345/referentiel", nil, 404, []string{"«\u00a0RNCP12345\u00a0» n’est pas tenue", "RNCP36128, RNCP99901, RNCP99902"}},
		{"blank grid", "GET", "/api/v1/certifications/RNCP99902/grilles/B/2", nil, 200, []string{"%PDF-"}},
		{"blank workbook", "GET", "/api/v1/certifications/RNCP99902/classeur", nil, 200, []string{"PK"}},
		{"marked: blank workbook", "GET", "/api/v1/certifications/RNCP99901/classeur", nil, 200, []string{"PK"}},
		{"marked: blank grid", "GET", "/api/v1/certifications/RNCP99901/grilles/B/2", nil, 200, []string{"%PDF-"}},
		{"marked: session", "POST", "/api/v1/valider", readTestdata(t, "session-rncp99901.json"), 200, []string{`"valide": true`, `"certification": "RNCP99901"`}},
		{"marked: PV", "POST", "/api/v1/proces-verbal", readTestdata(t, "session-rncp99901.json"), 200, []string{"%PDF-"}},
		{"session on its route", "POST", "/api/v1/certifications/RNCP99902/valider", aai, 200, []string{`"valide": true`, `"certification": "RNCP99902"`, `"D"`}},
		{"session on today's route follows its certification", "POST", "/api/v1/valider", aai, 200, []string{`"valide": true`, `"certification": "RNCP99902"`}},
		{"the CISP's session on today's route", "POST", "/api/v1/valider", cisp, 200, []string{`"valide": true`, `"certification": "RNCP36128"`}},
		{"a session on another certification's route", "POST", "/api/v1/certifications/RNCP99902/valider", cisp, 200, []string{`"valide": false`, `"chemin": "candidats[0].blocs_presentes[4]"`}},
		{"a session naming another certification than its route", "POST", "/api/v1/certifications/RNCP36128/proces-verbal", aai, 422, []string{`"chemin": "certification"`, "RNCP99902", "RNCP36128"}},
		{"a session naming an unknown certification", "POST", "/api/v1/proces-verbal", bytes.Replace(aai, []byte(`"RNCP99902"`), []byte(`"RNCP99999"`), 1), 422, []string{`"chemin": "certification"`, "RNCP99999", "RNCP36128, RNCP99901, RNCP99902"}},
		{"PV", "POST", "/api/v1/proces-verbal", aai, 200, []string{"%PDF-"}},
		{"attestation of a bloc only this certification has", "POST", "/api/v1/attestations/D?candidat=2025-101", aai, 200, []string{"%PDF-"}},
		{"attestation on the route", "POST", "/api/v1/certifications/RNCP99902/attestations/D?candidat=2025-101", aai, 200, []string{"%PDF-"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			rec := httptest.NewRecorder()
			var body io.Reader
			if c.body != nil {
				body = bytes.NewReader(c.body)
			}
			req := httptest.NewRequest(c.method, c.target, body)
			if c.body != nil {
				req.Header.Set("Content-Type", "application/json")
			}
			h.ServeHTTP(rec, req)
			if rec.Code != c.status {
				t.Errorf("status: got %d, want %d\n%.600s", rec.Code, c.status, rec.Body)
			}
			for _, w := range c.want {
				if !strings.Contains(rec.Body.String(), w) {
					t.Errorf("body lacks %q:\n%.600s", w, rec.Body)
				}
			}
			checkTypography(t, rec)
		})
	}
}

// A workbook carries its certification: posted to today's routes it is
// read under it; posted to another certification's route, or made for
// another version of its référentiel, it is refused naming both.
func TestCertificationWorkbook(t *testing.T) {
	t.Parallel() // a server of its own, no measure of time or memory
	s := newMultiServer(t)
	h := s.Handler()
	ref, _ := s.refs.Get("RNCP99902")
	sess, _, err := session.Parse(readTestdata(t, "session-rncp99902.json"), ref, generator.Font())
	if err != nil {
		t.Fatal(err)
	}
	var wb bytes.Buffer
	if err := classeur.Write(&wb, ref, sess, fixedNow()); err != nil {
		t.Fatal(err)
	}
	post := func(target string, data []byte) *httptest.ResponseRecorder {
		rec := httptest.NewRecorder()
		req := httptest.NewRequest("POST", target, bytes.NewReader(data))
		req.Header.Set("Content-Type", mimeXLSX)
		h.ServeHTTP(rec, req)
		return rec
	}
	rec := post("/api/v1/import", wb.Bytes())
	var got struct {
		Session session.Session `json:"session"`
	}
	if rec.Code != 200 || json.Unmarshal(rec.Body.Bytes(), &got) != nil || got.Session.Certification != "RNCP99902" || len(got.Session.Candidats) != 5 {
		t.Fatalf("import on today's route: %d %.400s", rec.Code, rec.Body)
	}
	rec = post("/api/v1/certifications/RNCP36128/import", wb.Bytes())
	if rec.Code != 422 || !strings.Contains(rec.Body.String(), "RNCP99902 (AAI-FICTIF), pas pour RNCP36128 (CISP)") {
		t.Errorf("import on the CISP's route: %d %.400s", rec.Code, rec.Body)
	}
	checkTypography(t, rec)

	// The same code, another version of the référentiel.
	changed := *ref
	changed.Blocs = append([]referentiel.Bloc(nil), ref.Blocs...)
	changed.Blocs[0].Intitule += " (version précédente)"
	var old bytes.Buffer
	if err := classeur.Write(&old, &changed, sess, fixedNow()); err != nil {
		t.Fatal(err)
	}
	rec = post("/api/v1/import", old.Bytes())
	if rec.Code != 422 || !strings.Contains(rec.Body.String(), "version "+changed.Version()) || !strings.Contains(rec.Body.String(), ref.Version()) {
		t.Errorf("import of another version: %d %.400s", rec.Code, rec.Body)
	}
	checkTypography(t, rec)
}

// The page lists the certifications; the one picked gives its workbook
// and blank grids.
func TestPageListsCertifications(t *testing.T) {
	h := newMultiServer(t).Handler()
	for _, c := range []struct {
		target string
		status int
		want   []string
	}{
		{"/", 200, []string{"Certification de la session", `<a href="/?certification=RNCP99902#preparer">`, `aria-current="true">CISP – RNCP36128`, `href="/api/v1/classeur"`, `href="/api/v1/grilles/E/2?format=docx"`}},
		{"/?certification=RNCP99902", 200, []string{`aria-current="true">AAI-FICTIF – RNCP99902`, `href="/api/v1/certifications/RNCP99902/classeur"`, `href="/api/v1/certifications/RNCP99902/grilles/D/1?format=pdf"`, "Animateur(trice) d’ateliers imaginaires"}},
		{"/?certification=RNCP99901", 200, []string{`href="/api/v1/certifications/RNCP99901/classeur"`, "évaluée par notes", `href="/api/v1/certifications/RNCP99901/grilles/B/3?format=pdf"`}},
		{"/?certification=RNCP00000", 404, []string{"RNCP36128, RNCP99901, RNCP99902"}},
	} {
		t.Run(c.target, func(t *testing.T) {
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, httptest.NewRequest("GET", c.target, nil))
			if rec.Code != c.status {
				t.Errorf("status: got %d, want %d", rec.Code, c.status)
			}
			for _, w := range c.want {
				if !strings.Contains(rec.Body.String(), w) {
					t.Errorf("page lacks %q", w)
				}
			}
		})
	}
	// One certification: the page is today's, without the list.
	rec := httptest.NewRecorder()
	newTestServer(t, io.Discard).Handler().ServeHTTP(rec, httptest.NewRequest("GET", "/", nil))
	if strings.Contains(rec.Body.String(), "Certification de la session") {
		t.Error("a service of one certification lists certifications")
	}
}
