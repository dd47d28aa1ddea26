package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// A broken profile stops every command before anything is made or served:
// the error names the file, each key with its line, and what to do.
func TestBrokenProfileStopsEverything(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "logo.png"), []byte("\x89PNG\r\n\x1a\ncoupé"), 0o644)
	profil := filepath.Join(dir, "profil.yaml")
	os.WriteFile(profil, []byte(`raison_sociale: CENTRE TEST
adresse: 1 rue du Test
code_postal: "69007"
ville: Lyon
logo:
  fichier: logo.png
signataires:
  - nom: Jeanne Exemple
    qualite: Directrice
textes:
  lettre_politesse: "Salutations {civilité}"
`), 0o644)
	out := filepath.Join(dir, "dossier.zip")
	for _, args := range [][]string{
		{"serve", "--addr", "127.0.0.1:0", "--sans-registre"},
		{"dossier", "--session", "../../testdata/session-exemple.json", "--out", out},
		{"grilles", "--out", filepath.Join(dir, "grilles")},
		{"registre", "cloturer", "--session", "../../testdata/session-exemple.json", "--donnees", filepath.Join(dir, "donnees")},
	} {
		t.Run(args[0], func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
			defer cancel()
			var stdout, stderr bytes.Buffer
			err := run(ctx, args, env(map[string]string{"CERTIDOC_CERTIFICATEUR": profil}), &stdout, &stderr)
			if err == nil {
				t.Fatal("no error with a broken profile")
			}
			msg := err.Error()
			for _, want := range []string{profil, "logo.fichier (ligne 6)", "logo.png", "PNG tronqué", "textes.lettre_politesse (ligne 11)", "repère {civilité} inconnu"} {
				if !strings.Contains(msg, want) {
					t.Errorf("error %q lacks %q", msg, want)
				}
			}
			if strings.Contains(stdout.String(), "écoute sur") {
				t.Error("the service started")
			}
		})
	}
	if _, err := os.Stat(out); err == nil {
		t.Error("a dossier was written with a broken profile")
	}
	if _, err := os.Stat(filepath.Join(dir, "grilles")); err == nil {
		t.Error("grids were written with a broken profile")
	}
}

// The dossier made with the test profile carries its logo.
func TestDossierWithProfile(t *testing.T) {
	out := filepath.Join(t.TempDir(), "dossier.zip")
	_, _, err := runT(t, map[string]string{"CERTIDOC_CERTIFICATEUR": "../../certificateur/testdata/profil.yaml"}, "dossier", "--session", "../../testdata/session-exemple.json", "--out", out)
	if err != nil {
		t.Fatal(err)
	}
	if names := zipNames(t, out); !names["proces-verbal.pdf"] {
		t.Errorf("dossier: %v", names)
	}
}
