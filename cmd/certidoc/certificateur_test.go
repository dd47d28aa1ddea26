package main

import (
	"archive/zip"
	"bytes"
	"context"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"certidoc/internal/testtool"
)

// A broken profile stops every command before anything is made or served:
// the error names the file, each key with its line, and what to do.
func TestBrokenProfileStopsEverything(t *testing.T) {
	t.Parallel()
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
		{"convocations", "--session", "../../testdata/session-exemple.json", "--out", out},
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
	t.Parallel()
	out := filepath.Join(t.TempDir(), "dossier.zip")
	_, _, err := runT(t, map[string]string{"CERTIDOC_CERTIFICATEUR": "../../certificateur/testdata/profil.yaml"}, "dossier", "--session", "../../testdata/session-exemple.json", "--out", out)
	if err != nil {
		t.Fatal(err)
	}
	if names := zipNames(t, out); !names["proces-verbal.pdf"] {
		t.Errorf("dossier: %v", names)
	}
}

// The papers before the jury take the profile as the dossier does: its
// identity (with a warning when the session names another body), its logo
// on every document, its letter texts on the convocations, and the
// signature and stamp images on the convocations only when signature_sur
// names them — never on an attendance sheet nor the planning.
func TestConvocationsWithProfile(t *testing.T) {
	t.Parallel()
	pdftotext := testtool.Need(t, "pdftotext", "poppler-utils")
	test, err := os.ReadFile("../../certificateur/testdata/profil.yaml")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	for _, f := range []string{"logo.png", "signature.jpg", "cachet.png"} {
		data, err := os.ReadFile(filepath.Join("../../certificateur/testdata", f))
		if err != nil {
			t.Fatal(err)
		}
		os.WriteFile(filepath.Join(dir, f), data, 0o644)
	}
	other := strings.Replace(string(test), "raison_sociale: CENTRE RESSOURCES AROBASE", "raison_sociale: INSTITUT DES ESSAIS", 1)
	for _, c := range []struct {
		name, profil string
		// images in each kind's PDF: the logo and its mask (2), with the
		// signature and the stamp and its mask (5)
		convocation int
		warn        string
	}{
		{"signed by hand", strings.Replace(other, "signature_sur: [attestation, parchemin, notification]", "signature_sur: [notification]", 1), 2, "INSTITUT DES ESSAIS"},
		{"signature images", strings.Replace(other, "signature_sur: [attestation, parchemin, notification]", "signature_sur: [notification, convocation]", 1), 5, "INSTITUT DES ESSAIS"},
	} {
		t.Run(c.name, func(t *testing.T) {
			path := filepath.Join(dir, "profil.yaml")
			os.WriteFile(path, []byte(c.profil), 0o644)
			out := filepath.Join(t.TempDir(), "avant.zip")
			_, stderr, err := runT(t, map[string]string{"CERTIDOC_CERTIFICATEUR": path, "SOURCE_DATE_EPOCH": "1663574400"},
				"convocations", "--session", "../../testdata/session-exemple.json", "--out", out)
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(stderr, "avertissement – certificateur.raison_sociale") || !strings.Contains(stderr, c.warn) {
				t.Errorf("no warning that the profile's body replaces the session's: %s", stderr)
			}
			zr, err := zip.OpenReader(out)
			if err != nil {
				t.Fatal(err)
			}
			defer zr.Close()
			seen := 0
			for _, f := range zr.File {
				if !strings.HasSuffix(f.Name, ".pdf") {
					continue
				}
				rc, _ := f.Open()
				data, _ := io.ReadAll(rc)
				rc.Close()
				images := bytes.Count(data, []byte("/Subtype /Image"))
				file := filepath.Join(t.TempDir(), "doc.pdf")
				os.WriteFile(file, data, 0o644)
				text, err := exec.Command(pdftotext, "-enc", "UTF-8", file, "-").Output()
				if err != nil {
					t.Fatalf("pdftotext %s: %v", f.Name, err)
				}
				want, words := 2, []string{"INSTITUT DES ESSAIS"}
				switch base := filepath.Base(f.Name); {
				case base == "convocation.pdf", strings.HasPrefix(base, "convocation-jury-"):
					want = c.convocation
					words = append(words, "Nous vous prions de croire", "Danièle Marchand-Royer")
				}
				if images != want {
					t.Errorf("%s: %d images, want %d", f.Name, images, want)
				}
				for _, w := range words {
					if !strings.Contains(string(text), w) {
						t.Errorf("%s lacks %q", f.Name, w)
					}
				}
				if strings.Contains(string(text), "CENTRE RESSOURCES AROBASE") {
					t.Errorf("%s names the session's body, not the profile's", f.Name)
				}
				seen++
			}
			if seen != 22 {
				t.Errorf("%d PDF in the ZIP, want 22 (the planning, 10 sheets, 7 convocations, 4 for the jury)", seen)
			}
		})
	}
}
