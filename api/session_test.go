package api

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"certidoc/accrochage"
)

func exempleBody(t *testing.T) []byte {
	t.Helper()
	data, err := os.ReadFile("../testdata/session-exemple.json")
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// preparatoireBody is the example session with the jury's decisions on its
// last candidate (2022-007) still to take.
func preparatoireBody(t *testing.T) []byte {
	t.Helper()
	good := exempleBody(t)
	prep := bytes.ReplaceAll(good, []byte(`"decision": "non_valide"`), []byte(`"decision": "non_valide_"`))
	i := bytes.LastIndex(prep, []byte(`"non_valide_"`))
	j := bytes.LastIndex(prep[:i], []byte(`"non_valide_"`))
	prep = append(append(append([]byte{}, prep[:j]...), `""`...), prep[j+len(`"non_valide_"`):]...)
	i = bytes.LastIndex(prep, []byte(`"non_valide_"`))
	prep = append(append(append([]byte{}, prep[:i]...), `""`...), prep[i+len(`"non_valide_"`):]...)
	prep = bytes.ReplaceAll(prep, []byte(`"non_valide_"`), []byte(`"non_valide"`))
	if bytes.Equal(prep, good) || bytes.Count(prep, []byte(`"decision": ""`)) != 2 {
		t.Fatal("could not make the préparatoire variant of the example")
	}
	return prep
}

func TestSessionRoutes(t *testing.T) {
	t.Parallel() // a server of its own, no measure of time or memory
	h := newTestServer(t, io.Discard).Handler()
	good := exempleBody(t)
	invalid := bytes.Replace(good, []byte(`"sexe": "F"`), []byte(`"sexe": "X"`), 1)
	prep := preparatoireBody(t)
	// deliberated after the end of RNCP36128's registration (2023-01-26)
	late := bytes.Replace(good, []byte(`"date": "2022-11-24"`), []byte(`"date": "2023-02-15"`), 1)
	for _, c := range []struct {
		name, target string
		body         []byte
		status       int
		contentType  string
		contains     []string
		disposition  string
	}{
		{"valider ok", "/api/v1/valider", good, 200, "application/json", []string{`"valide": true`, `"candidats": 7`}, ""},
		{"valider invalid", "/api/v1/valider", invalid, 200, "application/json", []string{`"valide": false`, `"chemin": "candidats[0].sexe"`}, ""},
		{"valider facts to check", "/api/v1/valider", good, 200, "application/json", []string{`"a_verifier": [`, `"champ": "certification.date_decision_france_competences"`, `"valeur": "26/01/2022"`}, ""},
		{"valider after the registration", "/api/v1/valider", late, 200, "application/json", []string{`"valide": false`, `"chemin": "candidats[0].debut_formation"`, "RNCP37504", `"resultats": [`}, ""},
		{"pv after the registration", "/api/v1/proces-verbal", late, 200, "application/pdf", []string{"%PDF-"}, "attachment; filename=proces-verbal.pdf"},
		{"attestation after the registration", "/api/v1/attestations/E?candidat=2022-006", late, 422, "application/problem+json", []string{"Candidate 2022-006", "15/02/2023", "RNCP37504"}, ""},
		{"parchemin after the registration", "/api/v1/parchemins?candidat=2022-002", late, 422, "application/problem+json", []string{"RNCP37504"}, ""},
		{"valider malformed", "/api/v1/valider", []byte(`{"session":`), 400, "application/problem+json", []string{"JSON lisible"}, ""},
		{"pv", "/api/v1/proces-verbal", good, 200, "application/pdf", []string{"%PDF-"}, "attachment; filename=proces-verbal.pdf"},
		{"pv invalid session", "/api/v1/proces-verbal", invalid, 422, "application/problem+json", []string{`"problemes"`, "candidats[0].sexe", "sexe «\u00a0X\u00a0» inconnu"}, ""},
		{"pv malformed", "/api/v1/proces-verbal", []byte("pas du JSON"), 400, "application/problem+json", []string{"ligne 1, colonne 1"}, ""},
		{"pv empty body", "/api/v1/proces-verbal", nil, 400, "application/problem+json", []string{"vide"}, ""},
		{"completed grid", "/api/v1/grilles/B/1?candidat=2022-001", good, 200, "application/pdf", []string{"%PDF-"}, "attachment; filename=grille-B-1-2022-001.pdf"},
		{"grid of an épreuve not taken", "/api/v1/grilles/A/1?candidat=2022-002", good, 422, "application/problem+json", []string{"pas d’évaluation de l’épreuve A-1"}, ""},
		{"grid without candidate", "/api/v1/grilles/B/1", good, 400, "application/problem+json", []string{"?candidat=", "2022-001"}, ""},
		{"grid unknown candidate", "/api/v1/grilles/B/1?candidat=9999", good, 404, "application/problem+json", []string{"«\u00a09999\u00a0»"}, ""},
		{"grid unknown épreuve", "/api/v1/grilles/B/7?candidat=2022-001", good, 404, "application/problem+json", []string{"Épreuves valides\u00a0: 1, 2"}, ""},
		{"attestation", "/api/v1/attestations/E?candidat=2022-006", good, 200, "application/pdf", []string{"%PDF-"}, "attachment; filename=attestation-E-2022-006.pdf"},
		{"attestation not validated", "/api/v1/attestations/B?candidat=2022-006", good, 422, "application/problem+json", []string{"pas d’attestation"}, ""},
		{"attestation unknown bloc", "/api/v1/attestations/Q?candidat=2022-006", good, 404, "application/problem+json", []string{"Blocs valides"}, ""},
		{"parchemin", "/api/v1/parchemins?candidat=2022-002", good, 200, "application/pdf", []string{"%PDF-"}, "attachment; filename=parchemin-2022-002.pdf"},
		{"parchemin partial", "/api/v1/parchemins?candidat=2022-003", good, 422, "application/problem+json", []string{"ne détient pas tous les blocs"}, ""},
		{"notification", "/api/v1/notifications?candidat=2022-005", good, 200, "application/pdf", []string{"%PDF-"}, "attachment; filename=notification-2022-005.pdf"},
		{"préparatoire: grid", "/api/v1/grilles/B/1?candidat=2022-001", prep, 200, "application/pdf", []string{"%PDF-"}, "attachment; filename=grille-B-1-2022-001.pdf"},
		{"préparatoire: PV", "/api/v1/proces-verbal", prep, 200, "application/pdf", []string{"%PDF-"}, "attachment; filename=proces-verbal.pdf"},
		{"préparatoire: attestation of a decided candidate", "/api/v1/attestations/E?candidat=2022-006", prep, 422, "application/problem+json", []string{"Le jury n’a pas encore décidé", "1\u00a0candidat attend", "PV préparatoire"}, ""},
		{"préparatoire: parchemin", "/api/v1/parchemins?candidat=2022-002", prep, 422, "application/problem+json", []string{"Le jury n’a pas encore décidé", "Un parchemin"}, ""},
		{"préparatoire: notification", "/api/v1/notifications?candidat=2022-005", prep, 422, "application/problem+json", []string{"Le jury n’a pas encore décidé"}, ""},
		{"préparatoire: docx attestation", "/api/v1/attestations/E?candidat=2022-006&format=docx", prep, 422, "application/problem+json", []string{"Le jury n’a pas encore décidé"}, ""},
		{"dossier", "/api/v1/dossier", good, 200, "application/zip", []string{"PK"}, "attachment; filename=dossier-cisp-2022-02.zip"},
		{"dossier invalid", "/api/v1/dossier", invalid, 422, "application/problem+json", []string{"Session invalide"}, ""},
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
			checkTypography(t, rec)
			if got := rec.Header().Get("Content-Disposition"); got != c.disposition {
				t.Errorf("Content-Disposition: got %q, want %q", got, c.disposition)
			}
		})
	}
}

func TestDossierZipContents(t *testing.T) {
	rec := httptest.NewRecorder()
	newTestServer(t, io.Discard).Handler().ServeHTTP(rec, httptest.NewRequest("POST", "/api/v1/dossier", bytes.NewReader(exempleBody(t))))
	zr, err := zip.NewReader(bytes.NewReader(rec.Body.Bytes()), int64(rec.Body.Len()))
	if err != nil {
		t.Fatal(err)
	}
	names := map[string]bool{}
	for _, f := range zr.File {
		names[f.Name] = true
	}
	for _, want := range []string{"AVERTISSEMENTS.txt", "proces-verbal.pdf", "candidats/2022-001-lefevre-oeuvray-elodie-marie/parchemin.pdf", "candidats/2022-004-n-guessan-theo/attestation-B.pdf"} {
		if !names[want] {
			t.Errorf("ZIP lacks %s", want)
		}
	}
	if len(names) != 63 {
		t.Errorf("%d files, want 63 (AVERTISSEMENTS.txt and 62 PDF)", len(names))
	}
}

// While a decision is missing, the dossier holds the PV and the grids only.
func TestDossierPreparatoire(t *testing.T) {
	rec := httptest.NewRecorder()
	newTestServer(t, io.Discard).Handler().ServeHTTP(rec, httptest.NewRequest("POST", "/api/v1/dossier", bytes.NewReader(preparatoireBody(t))))
	zr, err := zip.NewReader(bytes.NewReader(rec.Body.Bytes()), int64(rec.Body.Len()))
	if err != nil {
		t.Fatal(err)
	}
	grids := 0
	for _, f := range zr.File {
		base := f.Name[strings.LastIndex(f.Name, "/")+1:]
		switch {
		case strings.HasPrefix(base, "grille-"):
			grids++
		case strings.HasPrefix(base, "attestation"), strings.HasPrefix(base, "parchemin"), strings.HasPrefix(base, "notification"):
			t.Errorf("préparatoire dossier holds %s", f.Name)
		}
	}
	if grids != 38 {
		t.Errorf("%d grids, want the 38 of the example", grids)
	}
}

func TestInvalidSessionProblemDocument(t *testing.T) {
	rec := httptest.NewRecorder()
	body := bytes.Replace(exempleBody(t), []byte(`"code_insee": "69266"`), []byte(`"code_insee": "xx"`), 1)
	body = bytes.Replace(body, []byte(`"heure": "14:30"`), []byte(`"heure": "2 h"`), 1)
	newTestServer(t, io.Discard).Handler().ServeHTTP(rec, httptest.NewRequest("POST", "/api/v1/proces-verbal", bytes.NewReader(body)))
	var p struct {
		Status    int `json:"status"`
		Problemes []struct{ Chemin, Message string }
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &p); err != nil {
		t.Fatal(err)
	}
	if p.Status != http.StatusUnprocessableEntity || len(p.Problemes) != 2 {
		t.Errorf("got %+v", p)
	}
}

func TestSessionBodyTooLarge(t *testing.T) {
	t.Parallel() // a server of its own, no measure of time or memory
	r := newTestServer(t, io.Discard)
	big := append([]byte(`{"incidents": ["`), bytes.Repeat([]byte("x"), int(DefaultConfig().BodyLimit))...)
	rec := httptest.NewRecorder()
	r.Handler().ServeHTTP(rec, httptest.NewRequest("POST", "/api/v1/proces-verbal", bytes.NewReader(big)))
	if rec.Code != http.StatusRequestEntityTooLarge || !strings.Contains(rec.Header().Get("Content-Type"), "problem+json") {
		t.Errorf("got %d %s", rec.Code, rec.Header().Get("Content-Type"))
	}
}

func multipartBody(t *testing.T, name string, data []byte) (*bytes.Buffer, string) {
	t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	w, err := mw.CreateFormFile("fichier", name)
	if err != nil {
		t.Fatal(err)
	}
	w.Write(data)
	mw.Close()
	return &body, mw.FormDataContentType()
}

func TestWorkbookRoutes(t *testing.T) {
	t.Parallel() // a server of its own, no measure of time or memory
	h := newTestServer(t, io.Discard).Handler()
	do := func(method, target string, body io.Reader, contentType string) *httptest.ResponseRecorder {
		req := httptest.NewRequest(method, target, body)
		if contentType != "" {
			req.Header.Set("Content-Type", contentType)
		}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		return rec
	}
	blank := do("GET", "/api/v1/classeur", nil, "")
	if blank.Code != 200 || !strings.HasPrefix(blank.Header().Get("Content-Type"), mimeXLSX) || !bytes.HasPrefix(blank.Body.Bytes(), []byte("PK")) {
		t.Fatalf("blank workbook: %d %s", blank.Code, blank.Header())
	}
	filled := do("POST", "/api/v1/classeur", bytes.NewReader(exempleBody(t)), "application/json")
	if filled.Code != 200 || filled.Header().Get("Content-Disposition") != "attachment; filename=classeur-cisp-2022-02.xlsx" {
		t.Fatalf("pre-filled workbook: %d %s", filled.Code, filled.Header())
	}
	wb := filled.Body.Bytes()

	body, ct := multipartBody(t, "saisie.xlsx", wb)
	imp := do("POST", "/api/v1/import", body, ct)
	if imp.Code != 200 || !strings.Contains(imp.Body.String(), `"numero": "2022-007"`) {
		t.Fatalf("import: %d %.300s", imp.Code, imp.Body)
	}
	// Every route that takes a session takes the workbook, uploaded or raw.
	body, ct = multipartBody(t, "saisie.xlsx", wb)
	if rec := do("POST", "/api/v1/proces-verbal", body, ct); rec.Code != 200 || !bytes.HasPrefix(rec.Body.Bytes(), []byte("%PDF")) {
		t.Errorf("PV from an uploaded workbook: %d", rec.Code)
	}
	if rec := do("POST", "/api/v1/dossier", bytes.NewReader(wb), mimeXLSX); rec.Code != 200 {
		t.Errorf("dossier from a raw workbook: %d", rec.Code)
	}
	body, ct = multipartBody(t, "session.json", exempleBody(t))
	if rec := do("POST", "/api/v1/parchemins?candidat=2022-001", body, ct); rec.Code != 200 {
		t.Errorf("parchemin from an uploaded JSON: %d", rec.Code)
	}
	if rec := do("POST", "/api/v1/resultats?format=csv", bytes.NewReader(exempleBody(t)), "application/json"); rec.Code != 200 || !strings.HasPrefix(rec.Body.String(), "numero_candidat,") {
		t.Errorf("results CSV: %d", rec.Code)
	}
	if rec := do("POST", "/api/v1/resultats", bytes.NewReader(exempleBody(t)), "application/json"); rec.Code != 200 || !bytes.HasPrefix(rec.Body.Bytes(), []byte("PK")) {
		t.Errorf("results workbook: %d", rec.Code)
	}
	if rec := do("POST", "/api/v1/resultats?format=ods", bytes.NewReader(exempleBody(t)), "application/json"); rec.Code != 400 {
		t.Errorf("results in an unknown format: %d", rec.Code)
	}

	// A workbook with a problem: 422 naming the sheet and cell.
	x, _ := excelize.OpenReader(bytes.NewReader(wb))
	x.SetCellValue("Bloc C – épreuve 2", "I4", "super")
	var bad bytes.Buffer
	x.WriteTo(&bad)
	body, ct = multipartBody(t, "saisie.xlsx", bad.Bytes())
	rec := do("POST", "/api/v1/import", body, ct)
	if rec.Code != 422 || !strings.Contains(rec.Body.String(), `"chemin": "Bloc C – épreuve 2!I4"`) {
		t.Errorf("import with a bad level: %d %.500s", rec.Code, rec.Body)
	}
	// Not a workbook, and no file at all.
	body, ct = multipartBody(t, "photo.xlsx", []byte("PK\x03\x04 pas un zip"))
	if rec := do("POST", "/api/v1/import", body, ct); rec.Code != 422 || !strings.Contains(rec.Body.String(), "Classeur illisible") {
		t.Errorf("broken workbook: %d %.300s", rec.Code, rec.Body)
	}
	var empty bytes.Buffer
	mw := multipart.NewWriter(&empty)
	mw.WriteField("autre", "x")
	mw.Close()
	if rec := do("POST", "/api/v1/import", &empty, mw.FormDataContentType()); rec.Code != 400 || !strings.Contains(rec.Body.String(), "«\u00a0fichier\u00a0»") {
		t.Errorf("upload without the file: %d %.300s", rec.Code, rec.Body)
	}
}

func TestAccrochageRoute(t *testing.T) {
	rec := httptest.NewRecorder()
	newTestServer(t, io.Discard).Handler().ServeHTTP(rec, httptest.NewRequest("POST", "/api/v1/accrochage", bytes.NewReader(exempleBody(t))))
	if rec.Code != http.StatusNotImplemented || !strings.Contains(rec.Body.String(), "--accrochage-id-client") {
		t.Errorf("unconfigured: %d %s", rec.Code, rec.Body)
	}
	s := newTestServer(t, io.Discard)
	s.cfg.Accrochage = accrochage.Config{IDClient: "AB12CD34", IDContrat: "CTR-1", Type: "RNCP", Version: "1.1.2"}
	rec = httptest.NewRecorder()
	s.Handler().ServeHTTP(rec, httptest.NewRequest("POST", "/api/v1/accrochage", bytes.NewReader(exempleBody(t))))
	if rec.Code != 200 || strings.Count(rec.Body.String(), "<cpf:passageCertification>") != 2 ||
		rec.Header().Get("Content-Disposition") != "attachment; filename=accrochage-cisp-2022-02.xml" {
		t.Errorf("configured: %d %s %.300s", rec.Code, rec.Header(), rec.Body)
	}
	bad := bytes.Replace(exempleBody(t), []byte(`"prenoms": "Élodie Marie"`), []byte(`"prenoms": "`+strings.Repeat("É", 61)+`"`), 1)
	rec = httptest.NewRecorder()
	s.Handler().ServeHTTP(rec, httptest.NewRequest("POST", "/api/v1/accrochage", bytes.NewReader(bad)))
	if rec.Code != 422 || !strings.Contains(rec.Body.String(), "candidats[0].prenoms") {
		t.Errorf("bad identity: %d %.400s", rec.Code, rec.Body)
	}
	// A real birth name of 66 characters: the documents take it, the
	// Caisse des Dépôts' flux (60 at most) does not, and says whose.
	long := bytes.Replace(exempleBody(t), []byte(`"nom_naissance": "de La Roche-Vidal"`), []byte(`"nom_naissance": "Wolfeschlegelsteinhausenbergerdorff-Oyarzábal de Montmorency-Laval"`), 1)
	rec = httptest.NewRecorder()
	s.Handler().ServeHTTP(rec, httptest.NewRequest("POST", "/api/v1/dossier?format=pdf", bytes.NewReader(long)))
	if rec.Code != 200 {
		t.Errorf("dossier with a birth name of 66 characters: %d %.400s", rec.Code, rec.Body)
	}
	rec = httptest.NewRecorder()
	s.Handler().ServeHTTP(rec, httptest.NewRequest("POST", "/api/v1/accrochage", bytes.NewReader(long)))
	if body := rec.Body.String(); rec.Code != 422 || !strings.Contains(body, "candidats[1].nom_naissance") || !strings.Contains(body, "2022-002") {
		t.Errorf("accrochage with a birth name of 66 characters: %d %.600s", rec.Code, body)
	}
}
