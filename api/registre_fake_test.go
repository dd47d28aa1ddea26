package api

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"strings"
	"testing"

	"certidoc/referentiel"
	"certidoc/registre"
)

// The handlers' answers with a registre held in memory: what the routes
// do with what the registre says (statuses, parameters, the page), without
// a database. The same routes against SQLite and PostgreSQL are tried in
// registre_test.go and beside it.

// newFakeServer is a service whose registre is r.
func newFakeServer(t *testing.T, r Registre, logs io.Writer) *Server {
	t.Helper()
	ref, err := referentiel.Embedded()
	if err != nil {
		t.Fatal(err)
	}
	c := DefaultConfig()
	c.Registre, c.URLPublique = r, "https://certidoc.exemple.fr"
	return New(c, ref, slog.New(slog.NewJSONHandler(logs, nil)), fixedNow)
}

// registreErr is an error as the registre gives them: a kind and a
// French message.
func registreErr(kind error, message string) error {
	return &registre.Error{Kind: kind, Message: message, Err: errors.New("cause for the log")}
}

// listFake answers the listings.
type listFake struct {
	Registre // nil: what the listings do not use
	page     registre.Page
	each     []registre.Entry // what Parcourir walks through
	sessions []registre.Closing
	late     []registre.Entry
	err      error // the answer of every call, when set
	eachErr  error // Parcourir's error once each is walked through
	filter   registre.Filter
	pages    []registre.Pagination
}

func (f *listFake) ListePage(_ context.Context, fl registre.Filter, p registre.Pagination) (registre.Page, error) {
	f.filter, f.pages = fl, append(f.pages, p)
	return f.page, f.err
}

func (f *listFake) Parcourir(_ context.Context, fl registre.Filter, each func(registre.Entry) error) error {
	f.filter = fl
	if f.err != nil {
		return f.err
	}
	for _, e := range f.each {
		if err := each(e); err != nil {
			return err
		}
	}
	return f.eachErr
}

func (f *listFake) Sessions(context.Context) ([]registre.Closing, error) { return f.sessions, f.err }

func (f *listFake) ARetard(context.Context) ([]registre.Entry, error) { return f.late, f.err }

// entryOf is a registre entry of the example session.
func entryOf(numero, code, certification string) registre.Entry {
	return registre.Entry{Numero: numero, Code: code, Nature: registre.Parchemin, Session: "CISP-2022-02", Version: 1,
		Candidat: "2022-001", Titulaire: "Mme Élodie LEFÈVRE", Certification: certification, DateDecision: "2022-11-24"}
}

// TestRegistreListingWithoutDatabase: the listing's parameters reach the
// registre as a filter and a page; a page size out of bounds or an unknown
// format answers 400 without asking the registre; what the registre
// refuses or cannot answer keeps its status.
func TestRegistreListingWithoutDatabase(t *testing.T) {
	one := registre.Page{Entries: []registre.Entry{entryOf("CISP-2022-02-2022-001-CERT", "K7M2PQ9XZ4", "RNCP36128")}, Total: 7}
	more := one
	more.Suivant = "curseur-2"
	for _, c := range []struct {
		name, query string
		page        registre.Page
		err         error
		status      int
		filter      registre.Filter
		pagination  *registre.Pagination // nil: the registre is not asked
		detail      string               // in the problem's detail
	}{
		{"defaults", "", one, nil, 200, registre.Filter{}, &registre.Pagination{Limite: registre.LimiteDefaut}, ""},
		{"every filter and the cursor", "?certification=RNCP36128&session=CISP-2022-02&nom=lef%C3%A8vre&numero=CISP-2022-02-2022-001-CERT&tous=1&limite=5&apres=curseur-1", more, nil, 200,
			registre.Filter{Certification: "RNCP36128", Session: "CISP-2022-02", Nom: "lefèvre", Numero: "CISP-2022-02-2022-001-CERT", Tous: true},
			&registre.Pagination{Limite: 5, Apres: "curseur-1"}, ""},
		{"tous other than 1", "?tous=oui", one, nil, 200, registre.Filter{}, &registre.Pagination{Limite: registre.LimiteDefaut}, ""},
		{"the largest page", "?limite=1000", one, nil, 200, registre.Filter{}, &registre.Pagination{Limite: registre.LimiteMax}, ""},
		{"json asked", "?format=json&limite=1", one, nil, 200, registre.Filter{}, &registre.Pagination{Limite: 1}, ""},
		{"limite 0", "?limite=0", one, nil, 400, registre.Filter{}, nil, "«\u00a0limite\u00a0» «\u00a00\u00a0»"},
		{"limite over the most", "?limite=1001", one, nil, 400, registre.Filter{}, nil, "de 1 à 1000"},
		{"limite negative", "?limite=-3", one, nil, 400, registre.Filter{}, nil, "«\u00a0-3\u00a0»"},
		{"limite not a number", "?limite=dix", one, nil, 400, registre.Filter{}, nil, "«\u00a0dix\u00a0»"},
		{"limite empty", "?limite=", one, nil, 400, registre.Filter{}, nil, "«\u00a0limite\u00a0» «\u00a0\u00a0»"},
		{"unknown format", "?format=xml", one, nil, 400, registre.Filter{}, nil, "Format «\u00a0xml\u00a0» inconnu"},
		{"a cursor the registre refuses", "?apres=abc", registre.Page{}, registreErr(registre.ErrInput, "le paramètre «\u00a0apres\u00a0» n’est pas un curseur donné par une page"), 400,
			registre.Filter{}, &registre.Pagination{Limite: registre.LimiteDefaut, Apres: "abc"}, "Le paramètre «\u00a0apres\u00a0» n’est pas un curseur"},
		{"registre unavailable", "?nom=x", registre.Page{}, registreErr(registre.ErrUnavailable, "registre indisponible\u00a0: la base est occupée"), 503,
			registre.Filter{Nom: "x"}, &registre.Pagination{Limite: registre.LimiteDefaut}, "Registre indisponible\u00a0: la base est occupée."},
	} {
		t.Run(c.name, func(t *testing.T) {
			f := &listFake{page: c.page, err: c.err}
			a := call(t, newFakeServer(t, f, io.Discard).Handler(), "GET", "/api/v1/registre/documents"+c.query, nil)
			if a.status != c.status {
				t.Fatalf("status %d, want %d: %s", a.status, c.status, a.body)
			}
			switch {
			case c.pagination == nil && len(f.pages) > 0:
				t.Errorf("the registre was asked %+v, want not asked", f.pages)
			case c.pagination != nil && (len(f.pages) != 1 || f.pages[0] != *c.pagination):
				t.Errorf("pages asked %+v, want %+v", f.pages, *c.pagination)
			case c.pagination != nil && f.filter != c.filter:
				t.Errorf("filter %+v, want %+v", f.filter, c.filter)
			}
			if c.status != 200 {
				var p Problem
				if err := json.Unmarshal(a.body, &p); err != nil || !strings.Contains(p.Detail, c.detail) {
					t.Errorf("problem %+v (%v), want a detail with %q", p, err, c.detail)
				}
				if got, want := a.header.Get("Retry-After") != "", c.status == 503; got != want {
					t.Errorf("Retry-After %q, want one: %v", a.header.Get("Retry-After"), want)
				}
				return
			}
			var got struct {
				Documents []entryView `json:"documents"`
				Total     int         `json:"total"`
				Limite    int         `json:"limite"`
				Suivant   *string     `json:"suivant"`
			}
			if err := json.Unmarshal(a.body, &got); err != nil {
				t.Fatal(err)
			}
			if got.Total != c.page.Total || got.Limite != c.pagination.Limite || len(got.Documents) != len(c.page.Entries) {
				t.Errorf("total %d, limite %d, %d documents; want %d, %d, %d", got.Total, got.Limite, len(got.Documents), c.page.Total, c.pagination.Limite, len(c.page.Entries))
			}
			if d := got.Documents[0]; d.CodeAffiche != "K7M2P-Q9XZ4" || d.URL != "https://certidoc.exemple.fr/verifier/K7M2P-Q9XZ4" {
				t.Errorf("document shown with code %q and address %q", d.CodeAffiche, d.URL)
			}
			switch {
			case c.page.Suivant == "" && got.Suivant != nil:
				t.Errorf("suivant %q on the last page", *got.Suivant)
			case c.page.Suivant != "" && (got.Suivant == nil || *got.Suivant != c.page.Suivant):
				t.Errorf("suivant %v, want %q", got.Suivant, c.page.Suivant)
			}
		})
	}
}

// TestRegistreCSVWithoutDatabase: ?format=csv streams what the registre
// walks through; a registre that fails before the first row answers its
// problem, one that fails after cuts the answer short and is logged.
func TestRegistreCSVWithoutDatabase(t *testing.T) {
	two := []registre.Entry{entryOf("CISP-2022-02-2022-001-CERT", "K7M2PQ9XZ4", "RNCP36128"), entryOf("CISP-2022-02-2022-002-CERT", "K7M2PQ9XZ5", "RNCP36128")}
	unavailable := registreErr(registre.ErrUnavailable, "registre indisponible\u00a0: la base est occupée")
	for _, c := range []struct {
		name         string
		f            *listFake
		status, rows int
		contentType  string
		logged       string
	}{
		{"two entries", &listFake{each: two}, 200, 3, "text/csv", ""},
		{"none", &listFake{}, 200, 1, "text/csv", ""},
		{"unavailable before the first row", &listFake{err: unavailable}, 503, -1, "application/problem+json", "registre unavailable"},
		{"unavailable after", &listFake{each: two, eachErr: unavailable}, 200, -1, "text/csv", "error after response started"},
	} {
		t.Run(c.name, func(t *testing.T) {
			var logs syncBuffer
			a := call(t, newFakeServer(t, c.f, &logs).Handler(), "GET", "/api/v1/registre/documents?format=csv&session=CISP-2022-02", nil)
			if a.status != c.status || !strings.HasPrefix(a.header.Get("Content-Type"), c.contentType) {
				t.Fatalf("%d %s, want %d %s: %s", a.status, a.header.Get("Content-Type"), c.status, c.contentType, a.body)
			}
			if c.f.filter != (registre.Filter{Session: "CISP-2022-02"}) {
				t.Errorf("filter %+v", c.f.filter)
			}
			if rows := strings.Count(string(a.body), "\n"); c.rows >= 0 && rows != c.rows {
				t.Errorf("%d lines, want %d:\n%s", rows, c.rows, a.body)
			}
			if c.logged != "" && !strings.Contains(logs.String(), c.logged) {
				t.Errorf("log without %q:\n%s", c.logged, logs.String())
			}
		})
	}
}

// TestRegistreSessionsAndLateWithoutDatabase: ?certification= keeps one
// certification's closed sessions and late holders, in any case, spaces
// around; the late holders' answer gives the delay in days.
func TestRegistreSessionsAndLateWithoutDatabase(t *testing.T) {
	f := &listFake{
		sessions: []registre.Closing{{Session: "CISP-2022-02", ReferentielCode: "RNCP36128"}, {Session: "AUTRE-2023-01", ReferentielCode: "RNCP99901"}},
		late:     []registre.Entry{entryOf("CISP-2022-02-2022-001-CERT", "K7M2PQ9XZ4", "RNCP36128"), entryOf("AUTRE-2023-01-001-CERT", "K7M2PQ9XZ5", "RNCP99901")},
	}
	h := newFakeServer(t, f, io.Discard).Handler()
	for _, c := range []struct {
		name, target string
		want         int
	}{
		{"every session", "/api/v1/registre/sessions", 2},
		{"one certification's sessions", "/api/v1/registre/sessions?certification=%20rncp36128%20", 1},
		{"every late holder", "/api/v1/registre/a-declarer", 2},
		{"one certification's late holders", "/api/v1/registre/a-declarer?certification=RNCP99901", 1},
		{"an unknown certification", "/api/v1/registre/a-declarer?certification=RNCP00000", 0},
	} {
		t.Run(c.name, func(t *testing.T) {
			a := call(t, h, "GET", c.target, nil)
			var got struct {
				Sessions   []registre.Closing `json:"sessions"`
				Documents  []entryView        `json:"documents"`
				DelaiJours *int               `json:"delai_jours"`
			}
			if err := json.Unmarshal(a.body, &got); err != nil || a.status != 200 {
				t.Fatalf("%d %s (%v)", a.status, a.body, err)
			}
			if n := len(got.Sessions) + len(got.Documents); n != c.want {
				t.Errorf("%d answered, want %d: %s", n, c.want, a.body)
			}
			if late := strings.Contains(c.target, "a-declarer"); late && (got.DelaiJours == nil || *got.DelaiJours != 60) {
				t.Errorf("delai_jours %v, want 60", got.DelaiJours)
			}
			if got.Sessions == nil && got.Documents == nil {
				t.Errorf("an empty answer is null, want []: %s", a.body)
			}
		})
	}
}

// TestLateHoldersGaugeWithoutDatabase: the gauge says NaN before the
// first count, then the registre's count; a registre that fails keeps
// the last count and logs why.
func TestLateHoldersGaugeWithoutDatabase(t *testing.T) {
	const name = "certidoc_registre_titulaires_a_declarer"
	var logs syncBuffer
	f := &listFake{late: make([]registre.Entry, 3)}
	s := newFakeServer(t, f, &logs)
	h := s.Handler()
	if got := gauge(t, h, name); got != "NaN" {
		t.Errorf("before the first count: %q, want NaN", got)
	}
	s.late.refresh(context.Background())
	if got := gauge(t, h, name); got != "3" {
		t.Errorf("after a count: %q, want 3", got)
	}
	f.err = registreErr(registre.ErrUnavailable, "registre indisponible\u00a0: la base est occupée")
	s.late.refresh(context.Background())
	if got := gauge(t, h, name); got != "3" {
		t.Errorf("once the registre fails: %q, want the last count, 3", got)
	}
	if !strings.Contains(logs.String(), "registre gauge") {
		t.Errorf("the failed count is not logged:\n%s", logs.String())
	}
}

// stateFake answers the readiness probe.
type stateFake struct {
	Registre // nil: what the probe does not use
	etat     registre.Etat
	err      error
	asked    int
}

func (f *stateFake) Etat(context.Context) (registre.Etat, error) {
	f.asked++
	return f.etat, f.err
}

// TestReadyzWithoutDatabase: /readyz answers the registre's state, 503
// with Retry-After when the registre does not answer, and asks the
// registre once per readyFor whatever the number of probes.
func TestReadyzWithoutDatabase(t *testing.T) {
	for _, c := range []struct {
		name   string
		f      *stateFake
		status int
		want   string
	}{
		{"answers", &stateFake{etat: registre.Etat{Moteur: "postgresql", Schema: 9, Sessions: 2}}, 200, `"moteur": "postgresql"`},
		{"silent", &stateFake{err: registreErr(registre.ErrUnavailable, "registre indisponible\u00a0: la base n’a pas répondu en 2\u00a0s")}, 503, "pas répondu"},
	} {
		t.Run(c.name, func(t *testing.T) {
			h := newFakeServer(t, c.f, io.Discard).Handler()
			for range 3 {
				a := call(t, h, "GET", "/readyz", nil)
				if a.status != c.status || !strings.Contains(string(a.body), c.want) || (a.header.Get("Retry-After") != "") != (c.status == 503) {
					t.Errorf("%d (Retry-After %q) %s, want %d with %q", a.status, a.header.Get("Retry-After"), a.body, c.status, c.want)
				}
			}
			if c.f.asked != 1 {
				t.Errorf("three probes at once asked the registre %d times, want once", c.f.asked)
			}
		})
	}
}
