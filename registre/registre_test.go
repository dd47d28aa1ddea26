package registre

import (
	"context"
	"errors"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"certidoc/session"
)

var reCode = regexp.MustCompile(`^[0-9A-HJKMNP-TV-Z]{10}$`)

func TestCloturer(t *testing.T) {
	for _, b := range backends(t) {
		t.Run(b.name, func(t *testing.T) {
			ctx := context.Background()
			clk := &clock{time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC)}
			r := open(t, b.cfg(t), clk)
			s := exemple(t, nil)
			d := session.Deliberer(ref(t), s)
			wantAtt, wantParch := 0, 0
			for _, rc := range d.Candidats {
				wantAtt += len(rc.Valides())
				if rc.Resultat == session.Totale {
					wantParch++
				}
			}
			c, err := r.Cloturer(ctx, ref(t), s, Request{ID: "req-1"})
			if err != nil {
				t.Fatal(err)
			}
			if !c.Nouvelle || c.Version != 1 || c.Session != s.Session.Identifiant || c.ReferentielCode != "RNCP36128" || c.ReferentielVersion == "" {
				t.Fatalf("closing: nouvelle %v, version %d, session %s, référentiel %s %s", c.Nouvelle, c.Version, c.Session, c.ReferentielCode, c.ReferentielVersion)
			}
			gotAtt, gotParch := 0, 0
			codes := map[string]bool{}
			for _, e := range c.Documents {
				if !reCode.MatchString(e.Code) || codes[e.Code] {
					t.Errorf("code %q: not a fresh Crockford code", e.Code)
				}
				codes[e.Code] = true
				switch e.Nature {
				case Attestation:
					gotAtt++
				case Parchemin:
					gotParch++
				}
			}
			if gotAtt != wantAtt || gotParch != wantParch || wantParch == 0 {
				t.Errorf("entries: %d attestations, %d parchemins; want %d, %d", gotAtt, gotParch, wantAtt, wantParch)
			}
			e, err := r.Document(ctx, numero(s, 0, "CERT"))
			if err != nil {
				t.Fatal(err)
			}
			if e.Nature != Parchemin || e.NomNaissance != "Lefèvre-Œuvray" || e.Certification != "RNCP36128" || e.DateDecision != s.Session.Deliberation.Date.String() || e.Signataire == "" {
				t.Errorf("parchemin entry = %+v", e)
			}

			// The same content again: the same entries, nothing new.
			again, err := r.Cloturer(ctx, ref(t), exemple(t, nil), Request{ID: "req-2"})
			if err != nil {
				t.Fatal(err)
			}
			if again.Nouvelle || again.Version != 1 || len(again.Documents) != len(c.Documents) {
				t.Fatalf("second closing: nouvelle %v version %d, %d documents", again.Nouvelle, again.Version, len(again.Documents))
			}
			for i := range again.Documents {
				if again.Documents[i].Code != codeOf(c.Documents, again.Documents[i].Numero) {
					t.Errorf("%s: code changed on the same content", again.Documents[i].Numero)
				}
			}

			// Other content: refused without a reason.
			changed := func(s *session.Session) { s.Candidats[1].Prenoms = "Anne-Sophie Marie" }
			if _, err := r.Cloturer(ctx, ref(t), exemple(t, changed), Request{ID: "req-3"}); !errors.Is(err, ErrConflict) {
				t.Fatalf("other content without a reason: err = %v, want ErrConflict", err)
			}
			// With a reason: version 2, unchanged documents keep their code.
			clk.t = clk.t.Add(time.Hour)
			v2, err := r.Cloturer(ctx, ref(t), exemple(t, changed), Request{ID: "req-4", Motif: "prénom mal orthographié"})
			if err != nil {
				t.Fatal(err)
			}
			if !v2.Nouvelle || v2.Version != 2 || len(v2.Documents) != len(c.Documents) {
				t.Fatalf("rectification: %+v", v2)
			}
			cand2 := s.Candidats[1].Numero
			for _, e := range v2.Documents {
				old := codeOf(c.Documents, e.Numero)
				if (e.Candidat == cand2) == (e.Code == old) {
					t.Errorf("%s (candidate %s): code %s, old %s", e.Numero, e.Candidat, e.Code, old)
				}
			}
			for _, e := range c.Documents {
				got, err := r.Lookup(ctx, e.Code)
				if err != nil {
					t.Fatal(err)
				}
				if e.Candidat == cand2 && (!got.Revoque() || !got.Remplace || got.Motif != "rectification de la session\u00a0: prénom mal orthographié") {
					t.Errorf("old code of a rectified document: %+v", got)
				}
				if e.Candidat != cand2 && got.Revoque() {
					t.Errorf("unchanged document revoked: %+v", got)
				}
			}
			j, err := r.Journal(ctx, s.Session.Identifiant)
			if err != nil {
				t.Fatal(err)
			}
			if len(j) != 2 || j[0].Action != "cloture" || j[0].Requete != "req-1" || j[1].Action != "rectification" || j[1].Requete != "req-4" || j[1].Motif != "prénom mal orthographié" {
				t.Errorf("journal = %+v", j)
			}
		})
	}
}

func codeOf(es []Entry, numero string) string {
	for _, e := range es {
		if e.Numero == numero {
			return e.Code
		}
	}
	return ""
}

func TestCloturerUndecided(t *testing.T) {
	for _, b := range backends(t) {
		t.Run(b.name, func(t *testing.T) {
			r := open(t, b.cfg(t), &clock{time.Now()})
			s := exemple(t, func(s *session.Session) { s.Candidats[2].Decisions = s.Candidats[2].Decisions[:1] })
			_, err := r.Cloturer(context.Background(), ref(t), s, Request{ID: "x"})
			if !errors.Is(err, ErrUndecided) {
				t.Fatalf("err = %v, want ErrUndecided", err)
			}
			if l, _ := r.Liste(context.Background(), Filter{}); len(l) != 0 {
				t.Errorf("%d entries recorded for a refused session", len(l))
			}
		})
	}
}

// TestConcurrentClosing closes the same session from two registres (two
// connection pools, as two instances would) at the same moment: it is
// recorded once.
func TestConcurrentClosing(t *testing.T) {
	for _, b := range backends(t) {
		t.Run(b.name, func(t *testing.T) {
			cfg := b.cfg(t)
			clk := &clock{time.Now()}
			rs := []*Registre{open(t, cfg, clk), open(t, cfg, clk)}
			const n = 8
			var wg sync.WaitGroup
			results := make([]*Closing, n)
			errs := make([]error, n)
			start := make(chan struct{})
			for i := range n {
				wg.Go(func() {
					<-start
					results[i], errs[i] = rs[i%2].Cloturer(context.Background(), ref(t), exemple(t, nil), Request{ID: "req"})
				})
			}
			close(start)
			wg.Wait()
			nouvelles := 0
			for i := range n {
				if errs[i] != nil {
					t.Fatalf("closing %d: %v", i, errs[i])
				}
				if results[i].Nouvelle {
					nouvelles++
				}
				for _, e := range results[i].Documents {
					if e.Code != codeOf(results[0].Documents, e.Numero) {
						t.Errorf("closing %d: %s has code %s, closing 0 %s", i, e.Numero, e.Code, codeOf(results[0].Documents, e.Numero))
					}
				}
			}
			if nouvelles != 1 {
				t.Errorf("%d closings recorded the session, want 1", nouvelles)
			}
			all, err := rs[0].Liste(context.Background(), Filter{Tous: true})
			if err != nil {
				t.Fatal(err)
			}
			if len(all) != len(results[0].Documents) {
				t.Errorf("%d entries on record, want %d", len(all), len(results[0].Documents))
			}
			if ss, _ := rs[1].Sessions(context.Background()); len(ss) != 1 || ss[0].Version != 1 {
				t.Errorf("sessions = %+v", ss)
			}
		})
	}
}

func TestRevoquerDuplicata(t *testing.T) {
	for _, b := range backends(t) {
		t.Run(b.name, func(t *testing.T) {
			ctx := context.Background()
			clk := &clock{time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC)}
			r := open(t, b.cfg(t), clk)
			s := exemple(t, nil)
			c, err := r.Cloturer(ctx, ref(t), s, Request{ID: "req-1"})
			if err != nil {
				t.Fatal(err)
			}
			num := numero(s, 0, "BC02")
			e, snap, at, err := r.Duplicata(ctx, num, Request{ID: "req-dup"})
			if err != nil {
				t.Fatal(err)
			}
			if e.Code != codeOf(c.Documents, num) || snap.Version != 1 || len(snap.Contenu) == 0 || !at.Equal(clk.t) {
				t.Errorf("duplicata: entry %+v, version %d, at %v", e, snap.Version, at)
			}
			for _, bad := range []string{"", "   ", strings.Repeat("é", MaxMotif+1), "motif\nsur deux lignes"} {
				if _, err := r.Revoquer(ctx, num, Request{ID: "req-rev", Motif: bad}); !errors.Is(err, ErrInput) {
					t.Errorf("revocation with the reason %.20q: %v, want ErrInput", bad, err)
				}
			}
			clk.t = clk.t.Add(24 * time.Hour)
			if _, err := r.Revoquer(ctx, num, Request{ID: "req-rev", Motif: "fraude constatée"}); err != nil {
				t.Fatal(err)
			}
			got, err := r.Lookup(ctx, FormatCode(e.Code))
			if err != nil {
				t.Fatal(err)
			}
			if !got.RevoqueLe.Equal(clk.t) || got.Motif != "fraude constatée" {
				t.Errorf("revoked entry = %+v", got)
			}
			if _, err := r.Revoquer(ctx, num, Request{ID: "again", Motif: "x"}); !errors.Is(err, ErrRevoked) {
				t.Errorf("second revocation: %v, want ErrRevoked", err)
			}
			if _, _, _, err := r.Duplicata(ctx, num, Request{ID: "x"}); !errors.Is(err, ErrRevoked) {
				t.Errorf("duplicata of a revoked document: %v, want ErrRevoked", err)
			}
			for _, tc := range []struct{ numero string }{{numero(s, 0, "CERT") + "X"}, {""}} {
				if _, err := r.Revoquer(ctx, tc.numero, Request{Motif: "x"}); !errors.Is(err, ErrNotFound) {
					t.Errorf("revoke %q: %v, want ErrNotFound", tc.numero, err)
				}
			}
			j, _ := r.Journal(ctx, s.Session.Identifiant)
			var actions []string
			for _, l := range j {
				actions = append(actions, l.Action+":"+l.Requete)
			}
			if want := "[cloture:req-1 duplicata:req-dup revocation:req-rev]"; fmtSlice(actions) != want {
				t.Errorf("journal = %v, want %s", actions, want)
			}
		})
	}
}

func fmtSlice(s []string) string {
	out := "["
	for i, v := range s {
		if i > 0 {
			out += " "
		}
		out += v
	}
	return out + "]"
}

func TestLookupCodes(t *testing.T) {
	for _, b := range backends(t) {
		t.Run(b.name, func(t *testing.T) {
			ctx := context.Background()
			r := open(t, b.cfg(t), &clock{time.Now()})
			c, err := r.Cloturer(ctx, ref(t), exemple(t, nil), Request{ID: "x"})
			if err != nil {
				t.Fatal(err)
			}
			code := c.Documents[0].Code
			for _, tc := range []struct {
				name, in string
				ok       bool
			}{
				{"stored form", code, true},
				{"printed form", FormatCode(code), true},
				{"lower case with spaces", " " + toLower(code[:5]) + " " + toLower(code[5:]), true},
				{"one character changed", flip(code), false},
				{"too short", code[:9], false},
				{"U is not Crockford", "UUUUU-UUUUU", false},
				{"SQL", "' OR 1=1 --", false},
			} {
				t.Run(tc.name, func(t *testing.T) {
					e, err := r.Lookup(ctx, tc.in)
					if tc.ok && (err != nil || e.Code != code) {
						t.Errorf("Lookup(%q) = %v, %v", tc.in, e.Code, err)
					}
					if !tc.ok && !errors.Is(err, ErrNotFound) {
						t.Errorf("Lookup(%q): err = %v, want ErrNotFound", tc.in, err)
					}
				})
			}
		})
	}
}

func toLower(s string) string {
	b := []byte(s)
	for i, c := range b {
		if c >= 'A' && c <= 'Z' {
			b[i] = c + 32
		}
	}
	return string(b)
}

func flip(code string) string {
	b := []byte(code)
	if b[0] == '0' {
		b[0] = '1'
	} else {
		b[0] = '0'
	}
	return string(b)
}

func TestListe(t *testing.T) {
	for _, b := range backends(t) {
		t.Run(b.name, func(t *testing.T) {
			ctx := context.Background()
			r := open(t, b.cfg(t), &clock{time.Now()})
			s := exemple(t, nil)
			if _, err := r.Cloturer(ctx, ref(t), s, Request{ID: "x"}); err != nil {
				t.Fatal(err)
			}
			for _, tc := range []struct {
				name string
				f    Filter
				want int
			}{
				{"accents and case ignored", Filter{Nom: "lefevre-oeuvray"}, 6},
				{"part of a name", Filter{Nom: "ŒUVR"}, 6},
				{"by number", Filter{Numero: strings.ToLower(numero(s, 0, "CERT"))}, 1},
				{"by session", Filter{Session: s.Session.Identifiant, Nom: "Lefèvre"}, 6},
				{"other session", Filter{Session: "CISP-2025-01"}, 0},
				{"LIKE wildcards are literal", Filter{Nom: "%"}, 0},
			} {
				t.Run(tc.name, func(t *testing.T) {
					got, err := r.Liste(ctx, tc.f)
					if err != nil {
						t.Fatal(err)
					}
					if len(got) != tc.want {
						t.Errorf("%d entries, want %d", len(got), tc.want)
					}
				})
			}
		})
	}
}

func TestHoldersAndReports(t *testing.T) {
	for _, b := range backends(t) {
		t.Run(b.name, func(t *testing.T) {
			ctx := context.Background()
			s := exemple(t, nil)
			delib, _ := s.Session.Deliberation.Date.Time()
			clk := &clock{delib.Add(33 * time.Hour)}
			r := open(t, b.cfg(t), clk)
			if _, err := r.Cloturer(ctx, ref(t), s, Request{ID: "x"}); err != nil {
				t.Fatal(err)
			}
			holders, err := r.Titulaires(ctx, "", delib.AddDate(0, 0, -1).Format(time.DateOnly), delib.Format(time.DateOnly))
			if err != nil || len(holders) == 0 {
				t.Fatalf("holders: %d, %v", len(holders), err)
			}
			if late, _ := r.ARetard(ctx); len(late) != 0 {
				t.Errorf("%d holders late the day after the deliberation", len(late))
			}
			clk.t = delib.AddDate(0, 0, 59).Add(12 * time.Hour)
			if late, _ := r.ARetard(ctx); len(late) != 0 {
				t.Errorf("%d holders late 59 days after the deliberation", len(late))
			}
			clk.t = delib.AddDate(0, 0, 60).Add(12 * time.Hour)
			late, _ := r.ARetard(ctx)
			if len(late) != len(holders) {
				t.Errorf("60 days later: %d late, want %d", len(late), len(holders))
			}
			if err := r.Declarer(ctx, []string{holders[0].Numero}, "FLUX-1", Request{ID: "req-flux"}); err != nil {
				t.Fatal(err)
			}
			late, _ = r.ARetard(ctx)
			if len(late) != len(holders)-1 {
				t.Errorf("after one report: %d late, want %d", len(late), len(holders)-1)
			}
			ds, _ := r.Declarations(ctx, holders[0].Numero)
			if len(ds) != 1 || ds[0].IDFlux != "FLUX-1" || !ds[0].Le.Equal(clk.t.Truncate(time.Second)) {
				t.Errorf("declarations = %+v", ds)
			}
		})
	}
}

// numero is the number of a document of the i-th candidate of s.
func numero(s *session.Session, i int, suffix string) string {
	return strings.ToUpper(s.Session.Identifiant + "-" + s.Candidats[i].Numero + "-" + suffix)
}

func TestPersonne(t *testing.T) {
	for _, b := range backends(t) {
		t.Run(b.name, func(t *testing.T) {
			ctx := context.Background()
			r := open(t, b.cfg(t), &clock{time.Now()})
			s := exemple(t, nil)
			if _, err := r.Cloturer(ctx, ref(t), s, Request{ID: "x"}); err != nil {
				t.Fatal(err)
			}
			if _, err := r.Revoquer(ctx, numero(s, 0, "BC01"), Request{ID: "rev", Motif: "erreur de saisie"}); err != nil {
				t.Fatal(err)
			}
			last := len(s.Candidats) - 1 // obtained nothing: only the snapshot knows them
			for _, tc := range []struct {
				name, nom, naissance  string
				docs, fiches, journal int
			}{
				{"a holder", "LEFEVRE", "", 6, 1, 1},
				{"a holder, with the birth date", "lefèvre-œuvray", s.Candidats[0].Naissance.Date.String(), 6, 1, 1},
				{"wrong birth date", "Lefèvre", "1900-01-01", 0, 0, 0},
				{"a candidate who obtained nothing", s.Candidats[last].NomNaissance, "", 0, 1, 0},
			} {
				t.Run(tc.name, func(t *testing.T) {
					p, err := r.Personne(ctx, tc.nom, tc.naissance)
					if err != nil {
						t.Fatal(err)
					}
					if len(p.Documents) != tc.docs || len(p.Fiches) != tc.fiches || len(p.Journal) != tc.journal {
						t.Errorf("%d documents, %d records, %d journal lines; want %d, %d, %d", len(p.Documents), len(p.Fiches), len(p.Journal), tc.docs, tc.fiches, tc.journal)
					}
				})
			}
		})
	}
}
