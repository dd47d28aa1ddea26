package registre

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"certidoc/session"
)

// bigSession is the example with its first candidate (5 attestations and
// a parchemin) copied n times: 6n entries.
func bigSession(t testing.TB, n int) *session.Session {
	return exemple(t, func(s *session.Session) {
		first := s.Candidats[0]
		s.Candidats = s.Candidats[:0]
		for i := range n {
			c := first
			c.Numero = fmt.Sprintf("2022-%04d", i+1)
			s.Candidats = append(s.Candidats, c)
		}
	})
}

// TestListePages: a session of 5,400 entries (more than the 5,000 a
// listing stopped at, without saying so) is listed whole, page by page
// with the total and the next page's cursor, and streamed whole.
func TestListePages(t *testing.T) {
	t.Parallel()
	for _, b := range backends(t) {
		t.Run(b.name, func(t *testing.T) {
			ctx := context.Background()
			r := open(t, b.cfg(t), &clock{time.Now()})
			c, err := r.Cloturer(ctx, ref(t), bigSession(t, 900), Request{ID: "x"})
			if err != nil {
				t.Fatal(err)
			}
			const want = 5400
			if len(c.Documents) != want {
				t.Fatalf("%d entries closed, want %d", len(c.Documents), want)
			}
			all, err := r.Liste(ctx, Filter{Session: c.Session})
			if err != nil {
				t.Fatal(err)
			}
			if len(all) != want {
				t.Fatalf("Liste: %d entries, want %d", len(all), want)
			}
			var paged []Entry
			pages := 0
			p := Pagination{Limite: 1000}
			for {
				page, err := r.ListePage(ctx, Filter{Nom: "lefevre"}, p)
				if err != nil {
					t.Fatal(err)
				}
				pages++
				if page.Total != want {
					t.Errorf("page %d: total %d, want %d", pages, page.Total, want)
				}
				paged = append(paged, page.Entries...)
				if page.Suivant == "" {
					break
				}
				if len(page.Entries) != 1000 {
					t.Errorf("page %d: %d entries before the last page, want 1000", pages, len(page.Entries))
				}
				p.Apres = page.Suivant
			}
			if pages != 6 || len(paged) != want {
				t.Errorf("%d pages, %d entries; want 6 pages, %d entries", pages, len(paged), want)
			}
			for i := range paged {
				if paged[i].Code != all[i].Code {
					t.Fatalf("entry %d: %s by pages, %s in the listing", i, paged[i].Numero, all[i].Numero)
				}
			}
			n := 0
			if err := r.Parcourir(ctx, Filter{}, func(Entry) error { n++; return nil }); err != nil || n != want {
				t.Errorf("Parcourir: %d entries, %v; want %d", n, err, want)
			}
			stop := errors.New("stop")
			if err := r.Parcourir(ctx, Filter{}, func(Entry) error { return stop }); err != stop {
				t.Errorf("Parcourir returns %v, want the callback's error", err)
			}
			for _, bad := range []Pagination{{Limite: LimiteMax + 1}, {Limite: -1}, {Apres: "pas un curseur"}, {Apres: "eA"}} {
				if _, err := r.ListePage(ctx, Filter{}, bad); !errors.Is(err, ErrInput) {
					t.Errorf("ListePage(%+v): %v, want ErrInput", bad, err)
				}
			}
			if page, err := r.ListePage(ctx, Filter{}, Pagination{}); err != nil || len(page.Entries) != LimiteDefaut || page.Total != want {
				t.Errorf("default page: %d entries of %d, %v; want %d of %d", len(page.Entries), page.Total, err, LimiteDefaut, want)
			}
		})
	}
}
