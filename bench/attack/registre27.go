package main

import (
	"encoding/json"
	"net/url"
	"time"
)

// registre27 replays the faults of issue 27 against the service.
func (a *attack) registre27() {
	time.Sleep(5 * time.Second) // the lookups before used this client's allowance
	a.revokedStaysRevoked()
}

// listed is a listing's answer, as much of it as the replays read.
type listed struct {
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
