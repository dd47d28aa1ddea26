package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"mime/multipart"
	"net"
	"net/url"
	"strings"
	"sync"
	"time"
)

// edit decodes the session, lets f change it and encodes it again.
func (a *attack) edit(f func(s map[string]any)) []byte {
	var s map[string]any
	if err := json.Unmarshal(a.sess, &s); err != nil {
		panic(err)
	}
	f(s)
	out, _ := json.Marshal(s)
	return out
}

func cand(s map[string]any, i int) map[string]any {
	return s["candidats"].([]any)[i].(map[string]any)
}

// numero is the number of the i-th candidate of the example.
func (a *attack) numero(i int) string {
	var s map[string]any
	_ = json.Unmarshal(a.sess, &s)
	return cand(s, i)["numero"].(string)
}

func (a *attack) post(group, path string, body []byte) answer {
	return a.do(req{group: group, method: "POST", path: path, contentType: "application/json", body: body})
}

// replays sends the requests that found the 13 faults of issue 13 and
// checks each ends as it must now.
func (a *attack) replays() {
	n1, n2 := a.numero(0), a.numero(1)
	pdfRoutes := []string{"/api/v1/proces-verbal", "/api/v1/parchemins?candidat=" + n1, "/api/v1/attestations/B?candidat=" + n1,
		"/api/v1/notifications?candidat=" + n1, "/api/v1/grilles/B/1?candidat=" + n1, "/api/v1/dossier"}

	// 1 and 2: a character outside the BMP in a name is a 422 everywhere
	// (it made fpdf panic, and the dossier hang); in free text a warning
	// and a □ in the documents.
	emojiName := a.edit(func(s map[string]any) { cand(s, 0)["prenoms"] = "Élodie 😀" })
	for _, p := range pdfRoutes {
		a.expect("1-2 emoji dans un prénom "+p, a.post("01-02 émoji (nom)", p, emojiName), 422)
	}
	v := a.post("01-02 émoji (nom)", "/api/v1/valider", emojiName)
	if !bytes.Contains(v.body, []byte(`"valide": false`)) {
		a.fail("1-2 /valider dit valide une session dont un prénom porte un émoji")
	}
	emojiText := a.edit(func(s map[string]any) { cand(s, 0)["preconisations"] = "Très bien 👍 𝔘𝔫𝔦𝔠𝔬𝔡𝔢" })
	for _, p := range pdfRoutes {
		a.expect("1-2 émoji dans un texte libre "+p, a.post("01-02 émoji (texte libre)", p, emojiText), 200)
	}

	// 3: huge names and bodies answer fast with 422.
	huge := a.edit(func(s map[string]any) { cand(s, 2)["nom_naissance"] = strings.Repeat("Lefèvre", 200_000/7) })
	for _, p := range []string{"/api/v1/proces-verbal", "/api/v1/parchemins?candidat=" + n1, "/api/v1/attestations/B?candidat=" + n1} {
		ans := a.post("03 longueurs", p, huge)
		a.expect("3 nom de 200 000 caractères "+p, ans, 422)
		if ans.dur > 2*time.Second {
			a.fail("3 nom de 200 000 caractères %s : %s", p, ans.dur)
		}
	}
	long3000 := a.edit(func(s map[string]any) { cand(s, 0)["prenoms"] = strings.Repeat("Marie ", 500) })
	a.expect("3 prénoms de 3 000 caractères", a.post("03 longueurs", "/api/v1/parchemins?candidat="+n1, long3000), 422)

	// 4: signing is a privilege: without the token, no parchemin.
	made := a.edit(func(s map[string]any) { cand(s, 0)["nom_naissance"] = "INVENTÉ" })
	a.expect("4 parchemin sans jeton", a.do(req{group: "04 signature sans jeton", method: "POST", path: "/api/v1/parchemins?candidat=" + n1,
		contentType: "application/json", body: made, noToken: a.token != ""}), 401, 200)
	if a.token == "" {
		a.fail("4 le service attaqué n’a pas de jeton : lancez-le avec --token")
	}

	// 5: slow uploads hold no generation slot.
	a.slowUploads()

	// 6: metric labels from fixed sets.
	formats := strings.TrimSuffix(strings.Repeat("docx,", 2000), ",")
	a.expect("6 ?format=docx×2000", a.post("06 étiquettes", "/api/v1/dossier?format="+formats, a.sess), 200, 503)
	a.do(req{group: "06 étiquettes", method: "FROBNICATE", path: "/api/v1/referentiel"})
	m := a.do(req{group: "06 étiquettes", method: "GET", path: "/metrics"})
	if bytes.Contains(m.body, []byte("docx,docx")) || bytes.Contains(m.body, []byte("FROBNICATE")) {
		a.fail("6 /metrics porte une étiquette venue de la requête")
	}
	if len(m.body) > 1<<20 {
		a.fail("6 /metrics fait %d octets", len(m.body))
	}

	// 7: malformed multipart is a 400 problem.
	a.multipart()

	// 8: the accrochage XML, well formed and valid, or a 422.
	for name, f := range map[string]func(s map[string]any){
		"\\u0001":         func(s map[string]any) { cand(s, 0)["nom_naissance"] = "Du\u0001pont" },
		"\\u000b":         func(s map[string]any) { cand(s, 0)["naissance"].(map[string]any)["commune"] = "Ly\u000bon" },
		"\\ufffe":         func(s map[string]any) { cand(s, 1)["prenoms"] = "Anselme\ufffe" },
		"idTechnique 300": func(s map[string]any) { cand(s, 0)["numero"] = strings.Repeat("9", 300) },
		"pays 100": func(s map[string]any) {
			n := cand(s, 1)["naissance"].(map[string]any)
			n["pays"], n["pays_libelle"] = "BEL", strings.Repeat("Belgique ", 12)[:100]
			delete(n, "code_insee")
		},
	} {
		a.expect("8 accrochage "+name, a.post("08 accrochage", "/api/v1/accrochage", a.edit(f)), 422)
	}
	a.expect("8 accrochage de l’exemple", a.post("08 accrochage", "/api/v1/accrochage", a.sess), 200, 501)

	// 9: a client leaving mid-dossier (the log is checked by attack.sh).
	a.leaveMidDossier()

	// 10: no entry twice in a dossier.
	a.expect("10 ?format=pdf,pdf", a.post("10 doublons ZIP", "/api/v1/dossier?format=pdf,pdf", a.sess), 200, 503)
	twins := a.edit(func(s map[string]any) {
		c := s["candidats"].([]any)
		twin := map[string]any{}
		for k, v := range cand(s, 0) {
			twin[k] = v
		}
		// Other document numbers, the same folder name (numbers that differ
		// only by punctuation are refused since issue 27: 27.5).
		twin["numero"], twin["nom_naissance"] = n1+"-Lefèvre", "Œuvray" // the example's Lefèvre-Œuvray
		s["candidats"] = append(c, twin)
		delete(s, "planning") // it would have to convene the twin too
	})
	a.expect("10 numéros jumeaux", a.post("10 doublons ZIP", "/api/v1/dossier", twins), 200, 503)

	// 12: session text is never a field of the letterhead; same bytes.
	org := a.edit(func(s map[string]any) {
		s["certificateur"].(map[string]any)["raison_sociale"] = "Org {{DOCUMENT}} {{ORGANISME}}"
	})
	var first []byte
	for i := range 6 {
		ans := a.post("12 en-tête DOCX", "/api/v1/proces-verbal?format=docx", org)
		if ans.status != 200 {
			continue
		}
		if i > 0 && first != nil && !bytes.Equal(first, ans.body) {
			a.fail("12 le même PV DOCX donne des octets différents (SOURCE_DATE_EPOCH fixé ?)")
			break
		}
		first = ans.body
	}

	// 13: headers.
	for _, p := range []string{"/api/v1/proces-verbal", "/api/v1/valider", "/api/v1/parchemins?candidat=" + n2} {
		if ans := a.post("13 en-têtes", p, a.sess); ans.status == 200 && ans.header.Get("Cache-Control") != "no-store" {
			a.fail("13 %s sans Cache-Control: no-store", p)
		}
	}
	if a.token != "" {
		a.expect("13 openapi.json sans jeton", a.do(req{group: "13 en-têtes", method: "GET", path: "/api/v1/openapi.json", noToken: true}), 401)
	}
	for _, p := range []string{"/", "/healthz", "/api/v1/referentiel", "/api/v1/grilles/B/1", "/api/v1/openapi.json"} {
		a.expect("13 HEAD "+p, a.do(req{group: "13 en-têtes", method: "HEAD", path: p}), 200, 503)
	}
	a.expect("13 JSON avec BOM", a.post("13 en-têtes", "/api/v1/valider", append([]byte("\uFEFF"), a.sess...)), 200, 503)
}

// slowUploads sends bodies one byte every 300 ms from more clients than
// the service has generation slots, while a normal request must pass.
func (a *attack) slowUploads() {
	host := strings.TrimPrefix(strings.TrimPrefix(a.base, "http://"), "https://")
	var wg sync.WaitGroup
	stop := make(chan struct{})
	for range 6 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			conn, err := net.DialTimeout("tcp", host, time.Second)
			if err != nil {
				return
			}
			defer conn.Close()
			fmt.Fprintf(conn, "POST /api/v1/proces-verbal HTTP/1.1\r\nHost: %s\r\nAuthorization: Bearer %s\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n", host, a.token, len(a.sess))
			for i := 0; i < len(a.sess); i++ {
				select {
				case <-stop:
					return
				case <-time.After(300 * time.Millisecond):
				}
				if _, err := conn.Write(a.sess[i : i+1]); err != nil {
					return
				}
			}
		}()
	}
	time.Sleep(500 * time.Millisecond)
	ans := a.post("05 envois lents", "/api/v1/proces-verbal", a.sess)
	a.expect("5 PV pendant 6 envois lents", ans, 200)
	close(stop)
	wg.Wait()
}

// multipart sends malformed uploads; each must be a 400 problem.
func (a *attack) multipart() {
	good := func(boundary string) []byte {
		var b bytes.Buffer
		w := multipart.NewWriter(&b)
		_ = w.SetBoundary(boundary)
		fw, _ := w.CreateFormFile("fichier", "session.json")
		fw.Write(a.sess)
		w.Close()
		return b.Bytes()
	}
	var many bytes.Buffer
	for i := range 20000 {
		fmt.Fprintf(&many, "--B\r\nContent-Disposition: form-data; name=\"x%d\"\r\n\r\nv\r\n", i)
	}
	many.WriteString("--B--\r\n")
	for _, c := range []struct {
		name, ct string
		body     []byte
		want     int
	}{
		{"sans boundary", "multipart/form-data", good("B"), 400},
		{"mauvais boundary", "multipart/form-data; boundary=AUTRE", good("B"), 400},
		{"boundary vide", "multipart/form-data; boundary=", good("B"), 400},
		{"vide", "multipart/form-data; boundary=B", nil, 400},
		{"coupé", "multipart/form-data; boundary=B", good("B")[:400], 400},
		{"20 000 parties", "multipart/form-data; boundary=B", many.Bytes(), 400},
		{"bon", "multipart/form-data; boundary=B", good("B"), 200},
	} {
		ans := a.do(req{group: "07 multipart", method: "POST", path: "/api/v1/valider", contentType: c.ct, body: c.body})
		a.expect("7 multipart "+c.name, ans, c.want, 503)
		if c.want == 400 && ans.status == 400 && !strings.HasPrefix(ans.header.Get("Content-Type"), "application/problem+json") {
			a.fail("7 multipart %s : 400 sans problem+json", c.name)
		}
	}
}

// leaveMidDossier starts a dossier and goes away after its first bytes.
func (a *attack) leaveMidDossier() {
	host := strings.TrimPrefix(a.base, "http://")
	conn, err := net.DialTimeout("tcp", host, time.Second)
	if err != nil {
		a.fail("9 connexion impossible : %v", err)
		return
	}
	fmt.Fprintf(conn, "POST /api/v1/dossier?format=pdf,docx HTTP/1.1\r\nHost: %s\r\nAuthorization: Bearer %s\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n%s", host, a.token, len(a.sess), a.sess)
	buf := make([]byte, 4096)
	conn.SetReadDeadline(time.Now().Add(hang))
	_, err = conn.Read(buf)
	conn.Close()
	a.mu.Lock()
	if a.counts["09 client parti"] == nil {
		a.counts["09 client parti"] = map[string]int{}
	}
	code := "parti"
	if err != nil {
		code = "hang"
		a.failures = append(a.failures, "9 le dossier n’a rien envoyé en 10 s")
	}
	a.counts["09 client parti"][code]++
	a.total++
	a.mu.Unlock()
	time.Sleep(300 * time.Millisecond) // the service sees the client leave
}

// injections sends path tricks, injection payloads and tampered codes.
func (a *attack) injections() {
	for _, p := range []string{
		"/api/v1/grilles/../../../etc/passwd", "/api/v1/grilles/B/1%00.pdf", "/api/v1/grilles/%2e%2e/%2e%2e",
		"/api/v1/referentiel/blocs/<script>alert(1)</script>", "/api/v1/grilles/B/1?format=" + url.QueryEscape("pdf'; DROP TABLE x;--"),
		"/verifier/" + strings.Repeat("A", 5000), "/verifier/%00%ff%fe", "/verifier/-AAAA", "/" + strings.Repeat("x/", 2000),
		"/api/v1/grilles/B/1?format=" + strings.Repeat("pdf,", 3000),
	} {
		a.do(req{group: "injections", method: "GET", path: p})
	}
	// Codes of the right alphabet that no key signed.
	for i := range 20 {
		a.do(req{group: "injections", method: "GET", path: "/verifier/" + strings.Repeat(string(rune('A'+i)), 40+i) + "-_"})
	}
}
