package api

import (
	"context"
	"encoding/json"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"certidoc/internal/testtool"
	"certidoc/referentiel"
	"certidoc/registre"
	"certidoc/session"
)

// revokeFake answers revocations.
type revokeFake struct {
	Registre // nil: what a revocation does not use
	e        registre.Entry
	err      error
	numeros  []string
	req      registre.Request
}

func (f *revokeFake) Revoquer(_ context.Context, numero string, req registre.Request) (registre.Entry, error) {
	f.numeros, f.req = append(f.numeros, numero), req
	return f.e, f.err
}

// TestRevocationWithoutDatabase: the reason reaches the registre from a
// JSON body or a form, with the request's identifier; a document already
// revoked answers 409, an unknown one 404; a body that is not a reason
// answers 400 without asking the registre.
func TestRevocationWithoutDatabase(t *testing.T) {
	revoked := entryOf("CISP-2022-02-2022-001-CERT", "K7M2PQ9XZ4", "RNCP36128")
	revoked.RevoqueLe, revoked.Motif = fixedNow(), "Fraude constatée"
	const json_, form = "application/json", "application/x-www-form-urlencoded"
	for _, c := range []struct {
		name, contentType, body string
		err                     error
		status                  int
		motif                   string // the reason the registre is given; "-" when not asked
		title                   string
	}{
		{"reason in JSON", json_, `{"motif": "Fraude constatée"}`, nil, 200, "Fraude constatée", ""},
		{"reason in a form", form, "motif=Erreur+de+saisie", nil, 200, "Erreur de saisie", ""},
		{"already revoked", json_, `{"motif": "Fraude constatée"}`, registreErr(registre.ErrRevoked, "le document n° CISP-2022-02-2022-001-CERT est déjà révoqué"), 409, "Fraude constatée", "Document révoqué"},
		{"unknown number", json_, `{"motif": "Fraude constatée"}`, registreErr(registre.ErrNotFound, "aucun document n° CISP-2022-02-2022-001-CERT"), 404, "Fraude constatée", "Introuvable"},
		{"no reason", json_, `{}`, registreErr(registre.ErrInput, "le motif de la révocation manque"), 400, "", "Requête incorrecte"},
		{"registre unavailable", json_, `{"motif": "Fraude constatée"}`, registreErr(registre.ErrUnavailable, "registre indisponible\u00a0: le disque est plein"), 503, "Fraude constatée", "Registre indisponible"},
		{"JSON that is not a reason", json_, `{"motif": `, nil, 400, "-", "Requête incorrecte"},
	} {
		t.Run(c.name, func(t *testing.T) {
			f := &revokeFake{e: revoked, err: c.err}
			a := call(t, newFakeServer(t, f, io.Discard).Handler(), "POST", "/api/v1/registre/documents/CISP-2022-02-2022-001-CERT/revocation", []byte(c.body), "Content-Type", c.contentType)
			if a.status != c.status {
				t.Fatalf("status %d, want %d: %s", a.status, c.status, a.body)
			}
			switch {
			case c.motif == "-" && len(f.numeros) > 0:
				t.Errorf("the registre was asked to revoke %v", f.numeros)
			case c.motif != "-" && (strings.Join(f.numeros, ",") != "CISP-2022-02-2022-001-CERT" || f.req.Motif != c.motif):
				t.Errorf("the registre was asked %v with the reason %q, want CISP-2022-02-2022-001-CERT with %q", f.numeros, f.req.Motif, c.motif)
			case c.motif != "-" && (f.req.ID == "" || f.req.ID != a.header.Get("X-Request-ID")):
				t.Errorf("request %q recorded, the answer's is %q", f.req.ID, a.header.Get("X-Request-ID"))
			}
			if c.status != 200 {
				var p Problem
				if err := json.Unmarshal(a.body, &p); err != nil || p.Title != c.title || p.Status != c.status {
					t.Errorf("problem %+v (%v), want %q", p, err, c.title)
				}
				return
			}
			var got struct {
				Document entryView `json:"document"`
			}
			if err := json.Unmarshal(a.body, &got); err != nil || got.Document.Numero != revoked.Numero || !got.Document.Revoque() || got.Document.CodeAffiche != "K7M2P-Q9XZ4" {
				t.Errorf("answer %s (%v)", a.body, err)
			}
		})
	}
}

// closeFake answers closings.
type closeFake struct {
	Registre // nil: what a closing does not use
	closed   *registre.Closing
	err      error
	prev     *registre.Closing // what Session finds
	prevErr  error
	calls    []string
	req      registre.Request
}

func (f *closeFake) Cloturer(_ context.Context, _ *referentiel.Referentiel, _ *session.Session, req registre.Request) (*registre.Closing, error) {
	f.calls, f.req = append(f.calls, "Cloturer"), req
	return f.closed, f.err
}

func (f *closeFake) CloturerProfil(_ context.Context, _ *referentiel.Referentiel, _ *session.Session, _ *registre.Profil, req registre.Request) (*registre.Closing, error) {
	f.calls, f.req = append(f.calls, "CloturerProfil"), req
	return f.closed, f.err
}

func (f *closeFake) Session(_ context.Context, id string) (*registre.Closing, error) {
	f.calls = append(f.calls, "Session "+id)
	return f.prev, f.prevErr
}

// TestClosingWithoutDatabase: a closing recorded now answers 201, the
// same content again 200; other content without a reason 409; the
// rectification's reason reaches the registre; ?apercu=1 records nothing.
func TestClosingWithoutDatabase(t *testing.T) {
	entries := []registre.Entry{entryOf("CISP-2022-02-2022-001-CERT", "K7M2PQ9XZ4", "RNCP36128")}
	for _, c := range []struct {
		name, query string
		f           *closeFake
		status      int
		calls       string
		motif       string
		title       string // the problem's; "" for a success
	}{
		{"recorded now", "", &closeFake{closed: &registre.Closing{Session: "CISP-2022-02", Nouvelle: true, Documents: entries}}, 201, "CloturerProfil", "", ""},
		{"same content again", "", &closeFake{closed: &registre.Closing{Session: "CISP-2022-02", Documents: entries}}, 200, "CloturerProfil", "", ""},
		{"rectification", "?rectification=Erreur%20de%20note", &closeFake{closed: &registre.Closing{Session: "CISP-2022-02", Nouvelle: true, Documents: entries}}, 201, "CloturerProfil", "Erreur de note", ""},
		{"other content", "", &closeFake{err: registreErr(registre.ErrConflict, "la session CISP-2022-02 est déjà clôturée avec un autre contenu")}, 409, "CloturerProfil", "", "Session déjà clôturée"},
		{"decisions missing", "", &closeFake{err: registreErr(registre.ErrUndecided, "la décision du jury manque pour le candidat 2022-003")}, 422, "CloturerProfil", "", "Session non délibérée"},
		{"registre unavailable", "", &closeFake{err: registreErr(registre.ErrUnavailable, "registre indisponible\u00a0: la base est occupée")}, 503, "CloturerProfil", "", "Registre indisponible"},
		{"preview of a new session", "?apercu=1", &closeFake{prevErr: registreErr(registre.ErrNotFound, "session inconnue")}, 200, "Session CISP-2022-02", "", ""},
		{"preview, registre unavailable", "?apercu=1", &closeFake{prevErr: registreErr(registre.ErrUnavailable, "registre indisponible\u00a0: la base est occupée")}, 503, "Session CISP-2022-02", "", "Registre indisponible"},
	} {
		t.Run(c.name, func(t *testing.T) {
			a := call(t, newFakeServer(t, c.f, io.Discard).Handler(), "POST", "/api/v1/registre/sessions"+c.query, exempleBody(t), "Content-Type", "application/json")
			if a.status != c.status {
				t.Fatalf("status %d, want %d: %.500s", a.status, c.status, a.body)
			}
			if got := strings.Join(c.f.calls, ", "); got != c.calls {
				t.Errorf("the registre was asked %q, want %q", got, c.calls)
			}
			if c.f.req.Motif != c.motif {
				t.Errorf("reason %q, want %q", c.f.req.Motif, c.motif)
			}
			if c.title != "" {
				var p Problem
				if err := json.Unmarshal(a.body, &p); err != nil || p.Title != c.title {
					t.Errorf("problem %+v (%v), want %q", p, err, c.title)
				}
				return
			}
			var got struct {
				Etat      string            `json:"etat"`
				Documents []json.RawMessage `json:"documents"`
			}
			if err := json.Unmarshal(a.body, &got); err != nil {
				t.Fatal(err)
			}
			if c.query == "?apercu=1" {
				if got.Etat != "nouvelle" || len(got.Documents) != 16 {
					t.Errorf("preview: etat %q, %d documents; want nouvelle, the example's 16", got.Etat, len(got.Documents))
				}
				return
			}
			if len(got.Documents) != len(entries) {
				t.Errorf("%d documents, want %d", len(got.Documents), len(entries))
			}
		})
	}
}

// reissueFake answers duplicatas from the example session's snapshot.
type reissueFake struct {
	Registre // nil: what a duplicata does not use
	e        registre.Entry
	c        *registre.Closing
	err      error
	numeros  []string
}

func (f *reissueFake) Duplicata(_ context.Context, numero string, _ registre.Request) (registre.Entry, *registre.Closing, time.Time, error) {
	f.numeros = append(f.numeros, numero)
	if f.err != nil {
		return registre.Entry{}, nil, time.Time{}, f.err
	}
	c := *f.c
	return f.e, &c, fixedNow(), nil
}

func (f *reissueFake) Profil(context.Context, *registre.Closing) (*registre.Profil, error) {
	return nil, nil
}

// TestDuplicataWithoutDatabase: a duplicata is made again from the
// snapshot the registre gives, marked as such, with the code on record; a
// revoked document answers 409, an unknown one 404; a snapshot the
// service cannot read or a certification it no longer holds is said, not
// a 500.
func TestDuplicataWithoutDatabase(t *testing.T) {
	pdftotext := testtool.Need(t, "pdftotext", "poppler-utils")
	e := entryOf("CISP-2022-02-2022-001-CERT", "K7M2PQ9XZ4", "RNCP36128")
	closing := &registre.Closing{Session: "CISP-2022-02", Version: 1, ReferentielCode: "RNCP36128", Contenu: exempleBody(t), Documents: []registre.Entry{e}}
	other := *closing
	other.ReferentielCode = "RNCP00000"
	broken := *closing
	broken.Contenu = []byte("{")
	for _, c := range []struct {
		name   string
		f      *reissueFake
		status int
		title  string // the problem's; "" for the PDF
	}{
		{"made again", &reissueFake{e: e, c: closing}, 200, ""},
		{"revoked", &reissueFake{err: registreErr(registre.ErrRevoked, "le document n° CISP-2022-02-2022-001-CERT est révoqué")}, 409, "Document révoqué"},
		{"unknown", &reissueFake{err: registreErr(registre.ErrNotFound, "aucun document n° CISP-2022-02-2022-001-CERT")}, 404, "Introuvable"},
		{"certification no longer held", &reissueFake{e: e, c: &other}, 404, "Certification inconnue"},
		{"snapshot unreadable", &reissueFake{e: e, c: &broken}, 503, "Registre indisponible"},
	} {
		t.Run(c.name, func(t *testing.T) {
			a := call(t, newFakeServer(t, c.f, io.Discard).Handler(), "GET", "/api/v1/registre/documents/CISP-2022-02-2022-001-CERT/duplicata?format=pdf", nil)
			if a.status != c.status {
				t.Fatalf("status %d, want %d: %.500s", a.status, c.status, a.body)
			}
			if got := strings.Join(c.f.numeros, ","); got != "CISP-2022-02-2022-001-CERT" {
				t.Errorf("duplicata asked of %q", got)
			}
			if c.title != "" {
				var p Problem
				if err := json.Unmarshal(a.body, &p); err != nil || p.Title != c.title {
					t.Errorf("problem %+v (%v), want %q", p, err, c.title)
				}
				return
			}
			path := filepath.Join(t.TempDir(), "duplicata.pdf")
			if err := os.WriteFile(path, a.body, 0o644); err != nil {
				t.Fatal(err)
			}
			out, err := exec.Command(pdftotext, "-enc", "UTF-8", path, "-").Output()
			if err != nil {
				t.Fatalf("pdftotext: %v", err)
			}
			text := strings.Join(strings.Fields(string(out)), " ")
			for _, w := range []string{"Duplicata délivré le 25 novembre 2026", "K7M2P-Q9XZ4", "CISP-2022-02-2022-001-CERT"} {
				if !strings.Contains(text, w) {
					t.Errorf("the duplicata does not say %q:\n%s", w, text)
				}
			}
		})
	}
}
