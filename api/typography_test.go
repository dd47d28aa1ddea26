package api

import (
	"bytes"
	"encoding/json"
	"net/http/httptest"
	"strings"
	"testing"

	"certidoc/internal/testtool"
)

// checkTypography checks what an answer says to a user: every string of a
// JSON answer (problem details, problems, warnings) and the text of a page.
func checkTypography(t *testing.T, rec *httptest.ResponseRecorder) {
	t.Helper()
	ct := rec.Header().Get("Content-Type")
	switch {
	case strings.HasPrefix(ct, "text/html"):
		testtool.CheckTypo(t, "page", testtool.HTMLText(rec.Body.String()))
	case strings.Contains(ct, "json"):
		var v any
		if err := json.Unmarshal(rec.Body.Bytes(), &v); err != nil {
			t.Fatalf("%s answer is not JSON: %v", ct, err)
		}
		var walk func(path string, v any)
		walk = func(path string, v any) {
			switch v := v.(type) {
			case string:
				testtool.CheckTypo(t, path, v)
			case []any:
				for _, x := range v {
					walk(path+"[]", x)
				}
			case map[string]any:
				for k, x := range v {
					walk(path+"."+k, x)
				}
			}
		}
		walk("answer", v)
	}
}

// Answers the route tables of TestRoutes and TestSessionRoutes do not
// give: a cross-site POST, a service without registre or CDC settings, a
// workbook that is none, an empty upload, an unknown results format, and
// the OpenAPI description (its texts are French too).
func TestMoreAnswersTypography(t *testing.T) {
	h := newTestServer(t, &bytes.Buffer{}).Handler()
	upload, ctype := multipartBody(t, "saisie.xlsx", []byte("PK\x03\x04pas un classeur"))
	for _, c := range []struct {
		name, method, target string
		body                 []byte
		header               []string
		status               int
	}{
		{"cross-site", "POST", "/api/v1/valider", exempleBody(t), []string{"Sec-Fetch-Site", "cross-site"}, 403},
		{"no registre", "GET", "/api/v1/registre/sessions", nil, nil, 501},
		{"no CDC settings", "POST", "/api/v1/accrochage", exempleBody(t), nil, 501},
		{"not a workbook", "POST", "/api/v1/import", upload.Bytes(), []string{"Content-Type", ctype}, 422},
		{"empty form", "POST", "/api/v1/valider", []byte("--x--\r\n"), []string{"Content-Type", "multipart/form-data; boundary=x"}, 400},
		{"results format", "POST", "/api/v1/resultats?format=odt", exempleBody(t), nil, 400},
		{"dossier format", "POST", "/api/v1/dossier?format=odt", exempleBody(t), nil, 400},
		{"verification page", "GET", "/verifier/7KQ2M-9XH4T", nil, nil, 501},
		{"OpenAPI description", "GET", "/api/v1/openapi.json", nil, nil, 200},
	} {
		t.Run(c.name, func(t *testing.T) {
			req := httptest.NewRequest(c.method, c.target, bytes.NewReader(c.body))
			for i := 0; i+1 < len(c.header); i += 2 {
				req.Header.Set(c.header[i], c.header[i+1])
			}
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, req)
			if rec.Code != c.status {
				t.Errorf("status: got %d, want %d\n%.400s", rec.Code, c.status, rec.Body)
			}
			checkTypography(t, rec)
		})
	}
}
