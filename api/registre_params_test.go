package api

import (
	"bytes"
	"encoding/json"
	"io"
	"net/url"
	"strings"
	"testing"

	"certidoc/registre"
)

// TestRegistreOddParameters: a NUL byte, bytes that are not UTF-8 or
// 49,999 characters in a name, a number, a session or an id answer 400
// with a French detail on both engines, and leave no ERROR in the log.
func TestRegistreOddParameters(t *testing.T) {
	long := strings.Repeat("a", 49_999)
	for name, cfg := range registreConfigs(t) {
		t.Run(name, func(t *testing.T) {
			var logs syncBuffer
			s, _ := newRegistreServer(t, cfg(t), &logs, nil)
			h := s.Handler()
			if a := call(t, h, "POST", "/api/v1/registre/sessions", exempleBody(t)); a.status != 201 {
				t.Fatalf("close: %d %s", a.status, a.body)
			}
			for _, tc := range []struct {
				method, target, says string
			}{
				{"GET", "/api/v1/registre/documents?nom=L%00", "nom cherché"},
				{"GET", "/api/v1/registre/documents?nom=Lef%E8vre", "nom cherché"},
				{"GET", "/api/v1/registre/documents?nom=" + long, "49\u202f999 caractères"},
				{"GET", "/api/v1/registre/documents?nom=" + strings.Repeat("%25", 49_999), "49\u202f999 caractères"},
				{"GET", "/api/v1/registre/documents?numero=CISP%00", "numéro"},
				{"GET", "/api/v1/registre/documents?session=CISP-2022-02%00&format=csv", "session"},
				{"GET", "/api/v1/registre/documents?session=%FF%FE", "session"},
				{"GET", "/api/v1/registre/documents/CISP%00/duplicata", "numéro"},
				{"GET", "/api/v1/registre/documents/" + url.PathEscape("CISP\xff") + "/duplicata", "numéro"},
				{"POST", "/api/v1/registre/documents/CISP%00/revocation", "numéro"},
				{"GET", "/api/v1/registre/sessions/CISP%00/dossier", "session"},
				{"GET", "/api/v1/registre/sessions/" + long + "/dossier", "session"},
			} {
				var body []byte
				var header []string
				if tc.method == "POST" {
					body, header = []byte(`{"motif": "fraude"}`), []string{"Content-Type", "application/json"}
				}
				a := call(t, h, tc.method, tc.target, body, header...)
				if a.status != 400 || !strings.HasPrefix(a.header.Get("Content-Type"), "application/problem+json") || !bytes.Contains(a.body, []byte(tc.says)) {
					t.Errorf("%s %.80s: %d %.300s; want 400 saying %q", tc.method, tc.target, a.status, a.body, tc.says)
				}
			}
			if strings.Contains(logs.String(), `"level":"ERROR"`) {
				t.Errorf("ERROR lines in the log:\n%.2000s", logs.String())
			}
		})
	}
}

// TestNearCandidateNumbers: candidate numbers that differ only by
// punctuation ("2022-001", "2022 001") would share document numbers: every
// route refuses the session (422), naming both, and the registre's closing
// no longer blames the session's identifier (409).
func TestNearCandidateNumbers(t *testing.T) {
	s, _ := newRegistreServer(t, registre.Config{Dir: t.TempDir()}, io.Discard, nil)
	h := s.Handler()
	var sess map[string]any
	if err := json.Unmarshal(exempleBody(t), &sess); err != nil {
		t.Fatal(err)
	}
	sess["candidats"].([]any)[1].(map[string]any)["numero"] = "2022 001"
	delete(sess, "planning") // it convenes the candidates by number
	body, _ := json.Marshal(sess)
	for _, route := range []string{"/api/v1/registre/sessions", "/api/v1/dossier", "/api/v1/proces-verbal", "/api/v1/parchemins?candidat=2022-001"} {
		a := call(t, h, "POST", route, body, "Content-Type", "application/json")
		if a.status != 422 || !bytes.Contains(a.body, []byte("candidats[1].numero")) || !bytes.Contains(a.body, []byte("«\u00a02022-001\u00a0» (candidats[0])")) {
			t.Errorf("%s: %d %.400s", route, a.status, a.body)
		}
	}
	a := call(t, h, "POST", "/api/v1/valider", body, "Content-Type", "application/json")
	if a.status != 200 || !bytes.Contains(a.body, []byte(`"valide": false`)) || !bytes.Contains(a.body, []byte("trop proche de «\u00a02022-001\u00a0»")) {
		t.Errorf("valider: %d %.400s", a.status, a.body)
	}
}
