package main

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"net/url"
	"strings"
	"time"
)

// registre27 replays the faults of issue 27 against the service.
func (a *attack) registre27() {
	time.Sleep(5 * time.Second) // the lookups before used this client's allowance
	a.revokedStaysRevoked()
	a.reasons()
	a.oddParameters()
	a.nearNumbers()
	a.bigListing()
}

// listed is a listing's answer, as much of it as the replays read.
type listed struct {
	Total     int    `json:"total"`
	Suivant   string `json:"suivant"`
	Documents []struct {
		Numero      string `json:"numero"`
		CodeAffiche string `json:"code_affiche"`
		Motif       string `json:"motif_revocation"`
		Remplace    bool   `json:"remplace"`
	} `json:"documents"`
}

func (a *attack) list(group, query string) listed {
	var l listed
	ans := a.do(req{group: group, method: "GET", path: "/api/v1/registre/documents?" + query})
	if ans.status == 200 {
		if err := json.Unmarshal(ans.body, &l); err != nil {
			a.fail("%s : liste illisible : %v", group, err)
		}
	}
	return l
}

// closeAs closes the example session under another identifier, edited by
// f, and returns the answer.
func (a *attack) closeAs(group, id, rectification string, f func(s map[string]any)) answer {
	body := a.edit(func(s map[string]any) {
		s["session"].(map[string]any)["identifiant"] = id
		if f != nil {
			f(s)
		}
	})
	path := "/api/v1/registre/sessions"
	if rectification != "" {
		path += "?rectification=" + url.QueryEscape(rectification)
	}
	return a.post(group, path, body)
}

// 27.1: a rectification gave a revoked number a new code that verified as
// genuine and could be reissued as a duplicata.
func (a *attack) revokedStaysRevoked() {
	const g, id = "27-01 révocation et rectification", "ATTAQUE-27-01"
	a.expect("27.1 clôture", a.closeAs(g, id, "", nil), 201)
	num := id + "-" + a.numero(0) + "-CERT"
	before := a.list(g, "numero="+url.QueryEscape(num))
	if len(before.Documents) != 1 {
		a.fail("27.1 %s : %d entrées avant la rectification", num, len(before.Documents))
		return
	}
	a.expect("27.1 révocation", a.post(g, "/api/v1/registre/documents/"+url.PathEscape(num)+"/revocation", []byte(`{"motif": "Fraude constatée"}`)), 200)
	a.expect("27.1 rectification (un prénom de plus)", a.closeAs(g, id, "prénom oublié", func(s map[string]any) {
		cand(s, 0)["prenoms"] = cand(s, 0)["prenoms"].(string) + " Anne"
	}), 201)
	after := a.list(g, "numero="+url.QueryEscape(num))
	if len(after.Documents) != 1 || after.Documents[0].CodeAffiche == before.Documents[0].CodeAffiche {
		a.fail("27.1 %s : la rectification ne lui a pas donné un nouveau code", num)
		return
	}
	if after.Documents[0].Motif != "Fraude constatée" {
		a.fail("27.1 %s : nouveau code sans la révocation (motif %q)", num, after.Documents[0].Motif)
	}
	for _, code := range []string{before.Documents[0].CodeAffiche, after.Documents[0].CodeAffiche} {
		a.expect("27.1 vérification d’un code du numéro révoqué", a.do(req{group: g, method: "GET", path: "/verifier/" + code, noToken: true}), 410)
	}
	a.expect("27.1 duplicata du numéro révoqué", a.do(req{group: g, method: "GET", path: "/api/v1/registre/documents/" + url.PathEscape(num) + "/duplicata"}), 409)
	a.expect("27.1 nouvelle révocation", a.post(g, "/api/v1/registre/documents/"+url.PathEscape(num)+"/revocation", []byte(`{"motif": "encore"}`)), 409)
}

// 27.12: reasons took control characters and bidirectional overrides, and
// the public page showed a revocation's reason to any code holder.
func (a *attack) reasons() {
	const g, id = "27-12 motifs", "ATTAQUE-27-12"
	a.expect("27.12 clôture", a.closeAs(g, id, "", nil), 201)
	num := id + "-" + a.numero(0) + "-BC01"
	rev := "/api/v1/registre/documents/" + url.PathEscape(num) + "/revocation"
	for name, motif := range map[string]string{
		"U+202E": "Fraude \u202eeétatsnoc", "U+2066": "Fraude \u2066x\u2069", "U+0085": "Fraude\u0085constatée",
		"U+001B": "Fraude \u001b[31m", "U+007F": "Fraude\u007f", "U+000A": "Fraude\nconstatée",
	} {
		body, _ := json.Marshal(map[string]string{"motif": motif})
		ans := a.post(g, rev, body)
		a.expect("27.12 révocation, motif avec "+name, ans, 400)
		if ans.status == 400 && !bytes.Contains(ans.body, []byte(name)) {
			a.fail("27.12 le refus du motif ne nomme pas %s : %.200s", name, ans.body)
		}
		a.expect("27.12 rectification, motif avec "+name, a.closeAs(g, id, motif, func(s map[string]any) {
			cand(s, 1)["prenoms"] = "Anselme Marie"
		}), 400)
	}
	a.expect("27.12 révocation", a.post(g, rev, []byte(`{"motif": "Fraude constatée au diplôme"}`)), 200)
	l := a.list(g, "numero="+url.QueryEscape(num))
	if len(l.Documents) != 1 || l.Documents[0].Motif != "Fraude constatée au diplôme" {
		a.fail("27.12 la liste du certificateur ne donne pas le motif de la révocation")
		return
	}
	page := a.do(req{group: g, method: "GET", path: "/verifier/" + l.Documents[0].CodeAffiche, noToken: true})
	a.expect("27.12 page publique d’un code révoqué", page, 410)
	if bytes.Contains(page.body, []byte("Fraude")) || !strings.Contains(string(page.body), "révoqué le") {
		a.fail("27.12 la page publique d’un code révoqué donne le motif, ou ne dit pas « révoqué le »")
	}
}

// 27.11: a NUL byte or bytes that are not UTF-8 in a parameter were a 500
// on PostgreSQL (SQLSTATE 22021), a 49,999-character name one on SQLite
// (« LIKE or GLOB pattern too complex »).
func (a *attack) oddParameters() {
	const g = "27-11 paramètres"
	long := strings.Repeat("a", 49_999)
	for _, p := range []string{
		"/api/v1/registre/documents?nom=" + long, "/api/v1/registre/documents?nom=" + strings.Repeat("%25", 49_999),
		"/api/v1/registre/documents?nom=L%00", "/api/v1/registre/documents?nom=Lef%E8vre", "/api/v1/registre/documents?numero=CISP%00",
		"/api/v1/registre/documents?session=%FF%FE&format=csv", "/api/v1/registre/documents/CISP%00/duplicata",
		"/api/v1/registre/documents/CISP%C3%28/duplicata", "/api/v1/registre/sessions/CISP%00/dossier", "/api/v1/registre/sessions/" + long + "/dossier",
	} {
		ans := a.do(req{group: g, method: "GET", path: p})
		a.expect("27.11 "+short(p), ans, 400)
		if ans.status == 400 && !bytes.Contains(ans.body, []byte("detail")) {
			a.fail("27.11 %s : 400 sans détail", short(p))
		}
	}
	a.expect("27.11 révocation d’un numéro avec NUL", a.post(g, "/api/v1/registre/documents/CISP%00/revocation", []byte(`{"motif": "fraude"}`)), 400)
}

// 27.5: candidate numbers that differ only by punctuation passed valider;
// the closing then answered 409 blaming the session's identifier, and the
// plain dossier printed one number on two people's parchemins.
func (a *attack) nearNumbers() {
	const g = "27-05 numéros voisins"
	n1 := a.numero(0)
	near := strings.NewReplacer("-", " ").Replace(n1)
	body := a.edit(func(s map[string]any) {
		s["session"].(map[string]any)["identifiant"] = "ATTAQUE-27-05"
		cand(s, 1)["numero"] = near
		delete(s, "planning") // it convenes the candidates by number: only 27.5's problem is left
	})
	v := a.post(g, "/api/v1/valider", body)
	if !bytes.Contains(v.body, []byte(`"valide": false`)) || !bytes.Contains(v.body, []byte(n1)) || !bytes.Contains(v.body, []byte(near)) {
		a.fail("27.5 /valider ne refuse pas « %s » et « %s » en les nommant tous deux", n1, near)
	}
	for _, p := range []string{"/api/v1/registre/sessions", "/api/v1/dossier", "/api/v1/proces-verbal", "/api/v1/parchemins?candidat=" + url.QueryEscape(n1)} {
		a.expect("27.5 "+p, a.post(g, p, body), 422)
	}
}

// 27.6: listings and CSV exports stopped at 5,000 entries without saying
// so (a 1,200-candidate session has 5,400 and more).
func (a *attack) bigListing() {
	const g, id, want = "27-06 listes", "ATTAQUE-27-06", 5400
	body := a.edit(func(s map[string]any) {
		s["session"].(map[string]any)["identifiant"] = id
		delete(s, "planning") // it convenes the example's candidates by number
		first := cand(s, 0)
		var cands []any
		for i := range want / 6 { // the first candidate has 5 attestations and a parchemin
			c := map[string]any{}
			for k, v := range first {
				c[k] = v
			}
			c["numero"] = fmt.Sprintf("27-%04d", i+1)
			cands = append(cands, c)
		}
		s["candidats"] = cands
	})
	a.expect("27.6 clôture de 5 400 documents", a.post(g, "/api/v1/registre/sessions", body), 201)
	seen, pages, apres := map[string]bool{}, 0, ""
	for pages < 20 {
		l := a.list(g, "session="+id+"&limite=1000&apres="+url.QueryEscape(apres))
		pages++
		if l.Total != want {
			a.fail("27.6 page %d : total %d, attendu %d", pages, l.Total, want)
			return
		}
		for _, d := range l.Documents {
			seen[d.Numero] = true
		}
		if l.Suivant == "" {
			break
		}
		apres = l.Suivant
	}
	if len(seen) != want {
		a.fail("27.6 %d documents en %d pages, attendu %d", len(seen), pages, want)
	}
	ans := a.do(req{group: g, method: "GET", path: "/api/v1/registre/documents?format=csv&session=" + id})
	rows, err := csv.NewReader(bytes.NewReader(ans.body)).ReadAll()
	if ans.status != 200 || err != nil || len(rows) != want+1 {
		a.fail("27.6 CSV : statut %d, %d lignes (%v), attendu %d et l’en-tête", ans.status, len(rows), err, want)
	}
	a.expect("27.6 limite=5000", a.do(req{group: g, method: "GET", path: "/api/v1/registre/documents?limite=5000"}), 400)
}
