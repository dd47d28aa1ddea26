package api

import (
	"bytes"
	"context"
	"encoding/json"
	"html"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"testing"
	"time"

	"certidoc/referentiel"
	"certidoc/registre"
)

// TestVerifierRevocationDateInParis: a document revoked at 23:30 UTC on 30
// November was revoked on 1 December in France, as the registre's other
// messages and the dossier's AVERTISSEMENTS.txt say.
func TestVerifierRevocationDateInParis(t *testing.T) {
	late := func() time.Time { return time.Date(2026, 11, 30, 23, 30, 0, 0, time.UTC) }
	ref, err := referentiel.Embedded()
	if err != nil {
		t.Fatal(err)
	}
	reg, err := registre.Open(context.Background(), registre.Config{Dir: t.TempDir()}, late)
	if err != nil {
		t.Fatal(err)
	}
	defer reg.Close()
	c := DefaultConfig()
	c.Registre = reg
	h := New(c, ref, slog.New(slog.NewJSONHandler(io.Discard, nil)), late).Handler()
	if a := call(t, h, "POST", "/api/v1/registre/sessions", exempleBody(t)); a.status != 201 {
		t.Fatalf("close: %d %s", a.status, a.body)
	}
	e, err := reg.Revoquer(context.Background(), "CISP-2022-02-2022-001-CERT", registre.Request{ID: "x", Motif: "Fraude constatée"})
	if err != nil {
		t.Fatal(err)
	}
	a := call(t, h, "GET", "/verifier/"+e.CodeAffiche(), nil)
	if want := "révoqué le 1er\u00a0décembre 2026"; a.status != 410 || !bytes.Contains(a.body, []byte(want)) {
		i := bytes.Index(a.body, []byte("révoqué le"))
		t.Errorf("verifier: %d, want %q in %s", a.status, want, strings.TrimSpace(string(a.body[max(i, 0):min(max(i, 0)+60, len(a.body))])))
	}
}

// TestRevocationSeenAtOnce: a document revoked through one instance answers
// "révoqué" at once on another instance sharing the registre (a second
// process on the SQLite file, a second service on PostgreSQL), after both
// have shown it as authentic: no instance keeps an answer of its own.
func TestRevocationSeenAtOnce(t *testing.T) {
	for name, cfg := range registreConfigs(t) {
		t.Run(name, func(t *testing.T) {
			shared := cfg(t)
			a, _ := newRegistreServer(t, shared, io.Discard, nil)
			b, _ := newRegistreServer(t, shared, io.Discard, nil)
			ha, hb := a.Handler(), b.Handler()
			if r := call(t, ha, "POST", "/api/v1/registre/sessions", exempleBody(t)); r.status != 201 {
				t.Fatalf("close: %d %s", r.status, r.body)
			}
			r := call(t, hb, "GET", "/api/v1/registre/documents?numero=CISP-2022-02-2022-001-CERT", nil)
			var list struct{ Documents []entryView }
			if err := json.Unmarshal(r.body, &list); err != nil || len(list.Documents) != 1 {
				t.Fatalf("list: %v %s", err, r.body)
			}
			page := "/verifier/" + list.Documents[0].CodeAffiche
			for _, h := range []http.Handler{ha, hb, ha, hb} {
				if r := call(t, h, "GET", page, nil); r.status != 200 {
					t.Fatalf("before revocation: %d", r.status)
				}
			}
			if r := call(t, hb, "POST", "/api/v1/registre/documents/CISP-2022-02-2022-001-CERT/revocation", []byte(`{"motif": "Fraude constatée"}`), "Content-Type", "application/json"); r.status != 200 {
				t.Fatalf("revoke on b: %d %s", r.status, r.body)
			}
			for name, h := range map[string]http.Handler{"a": ha, "b": hb} {
				if r := call(t, h, "GET", page, nil); r.status != 410 || !bytes.Contains(r.body, []byte("révoqué le")) {
					t.Errorf("instance %s after the revocation: %d", name, r.status)
				}
			}
		})
	}
}

// TestVerifierAttestationTitle: an attestation's page names its bloc and
// the certification, for every bloc the example issued.
func TestVerifierAttestationTitle(t *testing.T) {
	s, reg := newRegistreServer(t, registre.Config{Dir: t.TempDir()}, io.Discard, nil)
	h := s.Handler()
	if r := call(t, h, "POST", "/api/v1/registre/sessions", exempleBody(t)); r.status != 201 {
		t.Fatalf("close: %d %s", r.status, r.body)
	}
	docs, err := reg.Liste(context.Background(), registre.Filter{})
	if err != nil {
		t.Fatal(err)
	}
	seen := 0
	for _, d := range docs {
		if d.Bloc == "" {
			continue
		}
		var want string
		for _, b := range s.ref.Blocs {
			if b.Code == d.Bloc {
				want = b.Intitule + ", de la certification «\u00a0" + s.ref.Certification.Intitule + "\u00a0»"
			}
		}
		a := call(t, h, "GET", "/verifier/"+d.CodeAffiche(), nil)
		if a.status != 200 || want == "" || !bytes.Contains(a.body, []byte(html.EscapeString(want))) {
			t.Errorf("%s (%s): %d, want the title %q", d.Numero, d.Bloc, a.status, want)
		}
		seen++
	}
	if seen == 0 {
		t.Fatal("no attestation in the example")
	}
}
