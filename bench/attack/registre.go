package main

import (
	"bytes"
	"encoding/json"
	"net/url"
	"strings"
	"time"
)

// registre attacks the registre's routes: each needs the token; a closing
// is recorded once, other content only with a reason; revocation reasons
// are bounded; unknown or hostile numbers and codes are 404s; code lookups
// are rate-limited per client.
func (a *attack) registre() {
	routes := []struct{ method, path string }{
		{"POST", "/api/v1/registre/sessions"}, {"GET", "/api/v1/registre/sessions"},
		{"GET", "/api/v1/registre/sessions/x/dossier"}, {"GET", "/api/v1/registre/documents?nom=a"},
		{"GET", "/api/v1/registre/a-declarer"}, {"POST", "/api/v1/registre/documents/x/revocation"},
		{"GET", "/api/v1/registre/documents/x/duplicata"},
	}
	if a.token != "" {
		for _, r := range routes {
			a.expect("registre sans jeton "+r.method+" "+r.path, a.do(req{group: "registre sans jeton", method: r.method, path: r.path,
				contentType: "application/json", body: a.sess, noToken: true}), 401)
		}
	}
	a.expect("registre : aperçu de clôture", a.post("registre clôture", "/api/v1/registre/sessions?apercu=1", a.sess), 200)
	first := a.post("registre clôture", "/api/v1/registre/sessions", a.sess)
	a.expect("registre : clôture", first, 201, 200)
	var closed struct {
		Documents []struct {
			Numero      string `json:"numero"`
			CodeAffiche string `json:"code_affiche"`
		} `json:"documents"`
	}
	if err := json.Unmarshal(first.body, &closed); err != nil || len(closed.Documents) == 0 {
		a.fail("registre : la clôture ne rend pas ses documents (%v)", err)
		return
	}
	a.expect("registre : même contenu", a.post("registre clôture", "/api/v1/registre/sessions", a.sess), 200)
	other := a.edit(func(s map[string]any) { cand(s, 0)["prenoms"] = "Élodie Marie Anne" })
	a.expect("registre : autre contenu sans motif", a.post("registre clôture", "/api/v1/registre/sessions", other), 409)
	a.expect("registre : motif de rectification de 10 000 caractères", a.post("registre clôture",
		"/api/v1/registre/sessions?rectification="+url.QueryEscape(strings.Repeat("x", 10_000)), other), 400)
	undecided := a.edit(func(s map[string]any) { cand(s, 0)["decisions"] = []any{} })
	a.expect("registre : session non délibérée", a.post("registre clôture", "/api/v1/registre/sessions", undecided), 422)

	code := closed.Documents[0].CodeAffiche
	// The lookups before (injections) used this client's allowance: let it
	// refill (5 a second, 20 at most) before checking answers.
	time.Sleep(5 * time.Second)
	a.expect("registre : code court", a.do(req{group: "registre vérification", method: "GET", path: "/verifier/" + code, noToken: true}), 200)
	for _, bad := range []string{"AAAAA-AAAAA", "%27%20OR%201%3D1%20--", strings.Repeat("Z", 4000), "..%2F..%2Fetc%2Fpasswd"} {
		a.expect("registre : code hostile "+bad[:min(len(bad), 20)], a.do(req{group: "registre vérification", method: "GET", path: "/verifier/" + bad, noToken: true}), 404, 429)
	}
	for _, numero := range []string{"INCONNU", "%27%3B%20DROP%20TABLE%20documents%3B%20--", strings.Repeat("9", 3000)} {
		want := 404
		if len(numero) > 200 {
			want = 400 // longer than any number: a bad request
		}
		a.expect("registre : duplicata d’un numéro hostile", a.do(req{group: "registre numéros", method: "GET", path: "/api/v1/registre/documents/" + numero + "/duplicata"}), want)
		a.expect("registre : révocation d’un numéro hostile", a.post("registre numéros", "/api/v1/registre/documents/"+numero+"/revocation", []byte(`{"motif": "x"}`)), want)
	}
	rev := "/api/v1/registre/documents/" + url.PathEscape(closed.Documents[0].Numero) + "/revocation"
	for _, body := range [][]byte{[]byte(`{"motif": ""}`), []byte(`{"motif": "` + strings.Repeat("é", 600) + `"}`), []byte(`{"motif": "a\nb"}`), []byte(`{"motif": `), []byte(`[]`)} {
		a.expect("registre : motif de révocation refusé", a.post("registre révocation", rev, body), 400)
	}
	a.expect("registre : révocation", a.post("registre révocation", rev, []byte(`{"motif": "Fraude constatée (attaque)"}`)), 200)
	a.expect("registre : révocation répétée", a.post("registre révocation", rev, []byte(`{"motif": "encore"}`)), 409)
	v := a.do(req{group: "registre vérification", method: "GET", path: "/verifier/" + code, noToken: true})
	a.expect("registre : code révoqué", v, 410, 429)
	if v.status == 410 && !bytes.Contains(v.body, []byte("révoqué le")) {
		a.fail("registre : la page d’un code révoqué ne dit pas « révoqué le »")
	}
	a.expect("registre : duplicata d’un document révoqué", a.do(req{group: "registre numéros", method: "GET",
		path: "/api/v1/registre/documents/" + url.PathEscape(closed.Documents[0].Numero) + "/duplicata"}), 409)
	a.expect("registre : duplicata", a.do(req{group: "registre numéros", method: "GET",
		path: "/api/v1/registre/documents/" + url.PathEscape(closed.Documents[1].Numero) + "/duplicata?format=docx"}), 200)
	a.expect("registre : liste CSV", a.do(req{group: "registre liste", method: "GET", path: "/api/v1/registre/documents?format=csv&nom=" + url.QueryEscape("%_'\";")}), 200)

	// Trying codes one after another: the client is slowed down (429).
	limited := false
	for range 60 {
		if a.do(req{group: "registre débit", method: "GET", path: "/verifier/AAAAA-AAAAA", noToken: true}).status == 429 {
			limited = true
			break
		}
	}
	if !limited {
		a.fail("registre : 60 vérifications d’affilée sans 429")
	}
}
