package registre

import (
	"bytes"
	"context"
	"testing"
	"time"
)

// TestProfilKeptWithTheClosing: the profile given at a closing is read back
// whole, its images once each whatever the number of closings.
func TestProfilKeptWithTheClosing(t *testing.T) {
	for _, b := range backends(t) {
		t.Run(b.name, func(t *testing.T) {
			ctx := context.Background()
			r := open(t, b.cfg(t), &clock{time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC)})
			img := []byte("une image")
			p := &Profil{Contenu: []byte(`{"raison_sociale":"X","logo":{"empreinte":"` + sha(img) + `"}}`), Images: map[string][]byte{sha(img): img}}
			s := exemple(t, nil)
			c, err := r.CloturerProfil(ctx, ref(t), s, p, Request{ID: "t"})
			if err != nil {
				t.Fatal(err)
			}
			if c.Profil == "" {
				t.Fatal("no profile recorded with the closing")
			}
			got, err := r.Profil(ctx, c)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got.Contenu, p.Contenu) || !bytes.Equal(got.Images[sha(img)], img) || len(got.Images) != 1 {
				t.Errorf("profile read back: %s, %d images", got.Contenu, len(got.Images))
			}
			again, err := r.Session(ctx, s.Session.Identifiant)
			if err != nil || again.Profil != c.Profil {
				t.Errorf("the closing read again names profile %q (%v), want %q", again.Profil, err, c.Profil)
			}
			// A wrongly named image is refused, nothing recorded.
			s2 := exemple(t, nil)
			s2.Session.Identifiant = "AUTRE-2026"
			bad := &Profil{Contenu: []byte(`{}`), Images: map[string][]byte{sha(img): []byte("autre chose")}}
			if _, err := r.CloturerProfil(ctx, ref(t), s2, bad, Request{ID: "t"}); err == nil {
				t.Error("an image under another's name was recorded")
			}
			if _, err := r.Session(ctx, "AUTRE-2026"); err == nil {
				t.Error("the closing with a wrongly named image was recorded")
			}
		})
	}
}

// TestMigrationToProfils: a registre made before profiles were kept opens,
// migrates, and its closings give no profile.
func TestMigrationToProfils(t *testing.T) {
	for _, b := range backends(t) {
		t.Run(b.name, func(t *testing.T) {
			ctx := context.Background()
			cfg := b.cfg(t)
			clk := &clock{time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC)}
			r := open(t, cfg, clk)
			s := exemple(t, nil)
			if _, err := r.Cloturer(ctx, ref(t), s, Request{ID: "t"}); err != nil {
				t.Fatal(err)
			}
			for _, q := range []string{`DROP TABLE profils`, `DROP TABLE images`, `ALTER TABLE sessions DROP COLUMN profil`, `DELETE FROM schema_migrations WHERE version = 3`} {
				if _, err := r.db.ExecContext(ctx, q); err != nil {
					t.Fatalf("%s: %v", q, err)
				}
			}
			r.Close()
			r = open(t, cfg, clk)
			c, err := r.Session(ctx, s.Session.Identifiant)
			if err != nil {
				t.Fatal(err)
			}
			if p, err := r.Profil(ctx, c); err != nil || p != nil || c.Profil != "" {
				t.Errorf("a closing made before profiles: profile %v %q, err %v", p, c.Profil, err)
			}
		})
	}
}

func sha(b []byte) string { return (&Profil{Contenu: b}).empreinte() }
