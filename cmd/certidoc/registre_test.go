package main

import (
	"archive/zip"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"certidoc/internal/testtool"
)

// registreVars returns the settings of a fresh SQLite registre and, when
// CERTIDOC_TEST_BASE is set, of a fresh schema on PostgreSQL.
func registreVars(t *testing.T) map[string]func(t *testing.T) map[string]string {
	out := map[string]func(t *testing.T) map[string]string{
		"sqlite": func(t *testing.T) map[string]string { return map[string]string{"CERTIDOC_DONNEES": t.TempDir()} },
	}
	dsn := os.Getenv("CERTIDOC_TEST_BASE")
	if dsn == "" {
		t.Log("CERTIDOC_TEST_BASE unset: PostgreSQL tests skipped (.ci/run starts PostgreSQL and sets it)")
		return out
	}
	out["postgres"] = func(t *testing.T) map[string]string {
		return map[string]string{"CERTIDOC_BASE": testtool.PostgresSchema(t, dsn)}
	}
	return out
}

// TestRegistreScenario is the README's scenario, on each database: close
// the example session, verify a short code, revoke it, get a duplicata.
func TestRegistreScenario(t *testing.T) {
	t.Parallel()
	for name, vars := range registreVars(t) {
		t.Run(name, func(t *testing.T) {
			v := vars(t)
			dir := t.TempDir()
			out, _, err := runT(t, v, "registre", "cloturer", "--session", "../../testdata/session-exemple.json")
			if err != nil || !strings.Contains(out, "clôturée\u00a0: 16 documents") {
				t.Fatalf("cloturer: %v\n%s", err, out)
			}
			out, _, _ = runT(t, v, "registre", "cloturer", "--session", "../../testdata/session-exemple.json")
			if !strings.Contains(out, "déjà clôturée avec ce contenu") {
				t.Errorf("second closing: %s", out)
			}
			// Holders 60 days after their deliberation, reported from the registre.
			if out, _, _ := runT(t, v, "registre", "a-declarer"); !strings.HasPrefix(out, "2 titulaires non déclarés") {
				t.Errorf("a-declarer before the flux: %s", out)
			}
			flux := filepath.Join(dir, "flux.xml")
			out, _, err = runT(t, v, "accrochage", "--registre", "--du", "2022-11-01", "--au", "2022-11-30", "--out", flux,
				"--accrochage-id-client", "AB12CD34", "--accrochage-id-contrat", "CTR-0001")
			if err != nil || !strings.Contains(out, "2 titulaires de 1 session") {
				t.Fatalf("accrochage --registre: %v %s", err, out)
			}
			xmllint := testtool.Need(t, "xmllint", "libxml2-utils")
			if b, err := exec.Command(xmllint, "--noout", "--schema", "../../testdata/cdc-cpf-accrochage-1.1.2.xsd", flux).CombinedOutput(); err != nil || !strings.Contains(string(b), "validates") {
				t.Errorf("the flux from the registre does not validate: %v\n%s", err, b)
			}
			if out, _, _ := runT(t, v, "registre", "a-declarer"); !strings.HasPrefix(out, "0 titulaire non déclaré") {
				t.Errorf("a-declarer after the flux: %s", out)
			}
			const n = "CISP-2022-02-2022-001-BC02"
			out, _, err = runT(t, v, "registre", "liste", "--numero", n)
			fields := strings.Split(out, "\t")
			if err != nil || len(fields) < 2 {
				t.Fatalf("liste: %v %q", err, out)
			}
			code := fields[1]
			if out, _, err := runT(t, v, "verifier", code); err != nil || !strings.HasPrefix(out, "Document authentique.") || !strings.Contains(out, n) {
				t.Errorf("verifier: %v\n%s", err, out)
			}
			if _, _, err := runT(t, v, "registre", "revoquer", n); err == nil || exitCode(err, &strings.Builder{}) != 2 {
				t.Errorf("revoquer without --motif: %v", err)
			}
			if _, _, err := runT(t, v, "registre", "revoquer", n, "--motif", "Fraude constatée"); err != nil {
				t.Fatal(err)
			}
			out, _, err = runT(t, v, "verifier", strings.ToLower(strings.ReplaceAll(code, "-", "")))
			if err == nil || !strings.HasPrefix(out, "Document révoqué le ") || !strings.Contains(out, "Fraude constatée") {
				t.Errorf("verifier after revocation: %v\n%s", err, out)
			}
			pdf := filepath.Join(dir, "d.pdf")
			if out, _, err := runT(t, v, "registre", "duplicata", "CISP-2022-02-2022-001-BC01", "--out", pdf); err != nil || !strings.Contains(out, "duplicata du document") {
				t.Fatalf("duplicata: %v %s", err, out)
			}
			if data, _ := os.ReadFile(pdf); !strings.HasPrefix(string(data), "%PDF-") {
				t.Errorf("duplicata is not a PDF")
			}
			if _, _, err := runT(t, v, "registre", "duplicata", n); err == nil || !strings.Contains(err.Error(), "révoqué") {
				t.Errorf("duplicata of a revoked document: %v", err)
			}
			zipPath := filepath.Join(dir, "d.zip")
			if out, _, err := runT(t, v, "registre", "dossier", "CISP-2022-02", "--out", zipPath); err != nil || !strings.Contains(out, "depuis le registre") {
				t.Errorf("dossier: %v %s", err, out)
			}
			// The revoked attestation is not in the dossier remade after its
			// revocation; AVERTISSEMENTS.txt names it.
			zr, err := zip.OpenReader(zipPath)
			if err != nil {
				t.Fatal(err)
			}
			defer zr.Close()
			var avert string
			for _, f := range zr.File {
				if strings.HasPrefix(f.Name, "candidats/2022-001-") && strings.Contains(f.Name, "/attestation-B.") {
					t.Errorf("the dossier holds the revoked attestation: %s", f.Name)
				}
				if f.Name == "AVERTISSEMENTS.txt" {
					rc, _ := f.Open()
					b, _ := io.ReadAll(rc)
					rc.Close()
					avert = string(b)
				}
			}
			if !strings.Contains(avert, n) || !strings.Contains(avert, code) || !strings.Contains(avert, "Fraude constatée") {
				t.Errorf("AVERTISSEMENTS.txt does not name the revoked attestation:\n%s", avert)
			}
			if name == "sqlite" {
				copy := filepath.Join(dir, "copie.db")
				if _, _, err := runT(t, v, "registre", "sauvegarder", "--out", copy); err != nil {
					t.Fatal(err)
				}
				// The copy holds personal data: its owner alone reads it.
				if fi, err := os.Stat(copy); err != nil || fi.Mode().Perm() != 0o600 {
					t.Errorf("backup: mode %v, %v; want 0600", fi.Mode().Perm(), err)
				}
				restored := t.TempDir()
				os.Rename(copy, filepath.Join(restored, "certidoc.db"))
				out, _, err := runT(t, map[string]string{"CERTIDOC_DONNEES": restored}, "registre", "liste", "--numero", n)
				if err != nil || !strings.Contains(out, "révoqué") {
					t.Errorf("the backup does not hold the revocation: %v %s", err, out)
				}
				// Codes verify on the restored copy: the revoked one as revoked,
				// another as authentic.
				if out, _, err := runT(t, map[string]string{"CERTIDOC_DONNEES": restored}, "verifier", code); err == nil || !strings.HasPrefix(out, "Document révoqué le ") {
					t.Errorf("verifier on the restored backup, revoked code: %v\n%s", err, out)
				}
				out, _, _ = runT(t, map[string]string{"CERTIDOC_DONNEES": restored}, "registre", "liste", "--numero", "CISP-2022-02-2022-001-CERT")
				if f := strings.Split(out, "\t"); len(f) < 2 {
					t.Errorf("liste on the restored backup: %q", out)
				} else if out, _, err := runT(t, map[string]string{"CERTIDOC_DONNEES": restored}, "verifier", f[1]); err != nil || !strings.HasPrefix(out, "Document authentique.") {
					t.Errorf("verifier on the restored backup: %v\n%s", err, out)
				}
			}
		})
	}
}

func TestServeRefusesExposureWithoutToken(t *testing.T) {
	t.Parallel()
	_, _, err := runT(t, map[string]string{"CERTIDOC_DONNEES": t.TempDir()}, "serve", "--addr", "0.0.0.0:0")
	if err == nil || !strings.Contains(err.Error(), "--token") {
		t.Errorf("serve on 0.0.0.0 with the registre and no token: %v", err)
	}
}

// The period of an accrochage from the registre is read as dates: spaces
// around them do not change which holders are reported.
func TestAccrochageRegistrePeriod(t *testing.T) {
	t.Parallel()
	v := registreVars(t)["sqlite"](t)
	if out, _, err := runT(t, v, "registre", "cloturer", "--session", "../../testdata/session-exemple.json"); err != nil {
		t.Fatalf("cloturer: %v\n%s", err, out)
	}
	for _, c := range []struct {
		name, du, au string
		want         string
	}{
		{"plain", "2022-11-01", "2022-11-30", "2 titulaires de 1 session"},
		{"spaces around", " 2022-11-01 ", " 2022-11-30 ", "2 titulaires de 1 session"},
		{"the deliberation's day only", "2022-11-24", "2022-11-24", "2 titulaires de 1 session"},
	} {
		t.Run(c.name, func(t *testing.T) {
			flux := filepath.Join(t.TempDir(), "flux.xml")
			out, _, err := runT(t, v, "accrochage", "--registre", "--du", c.du, "--au", c.au, "--out", flux,
				"--accrochage-id-client", "AB12CD34", "--accrochage-id-contrat", "CTR-0001")
			if err != nil || !strings.Contains(out, c.want) {
				t.Errorf("got %v %q, want %q", err, out, c.want)
			}
		})
	}
}

// A birth date that is not one is refused, naming the flag, instead of
// matching nobody.
func TestRegistrePersonneNaissance(t *testing.T) {
	t.Parallel()
	v := registreVars(t)["sqlite"](t)
	if out, _, err := runT(t, v, "registre", "cloturer", "--session", "../../testdata/session-exemple.json"); err != nil {
		t.Fatalf("cloturer: %v\n%s", err, out)
	}
	for _, c := range []struct {
		name, naissance string
		code            int    // exit status
		want            string // in the output or the error
	}{
		{"any birth date", "", 0, " 6 documents"},
		{"the right one", "1991-04-17", 0, " 6 documents"},
		{"spaces around", " 1991-04-17 ", 0, " 6 documents"},
		{"another day", "1991-04-18", 0, " 0 document"},
		{"written the French way", "12/03/1991", 2, "--naissance «\u00a012/03/1991\u00a0»\u00a0: attendu une date AAAA-MM-JJ"},
		{"not a day", "1991-02-30", 2, "--naissance «\u00a01991-02-30\u00a0»"},
	} {
		t.Run(c.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "p.json")
			out, _, err := runT(t, v, "registre", "personne", "--nom", "lefèvre", "--naissance", c.naissance, "--out", path)
			got := out
			if err != nil {
				got = err.Error()
			}
			// What the registre holds about a person: its owner alone reads it.
			if fi, serr := os.Stat(path); err == nil && (serr != nil || fi.Mode().Perm() != 0o600) {
				t.Errorf("%s: mode %v, %v; want 0600", path, fi.Mode().Perm(), serr)
			}
			if code := exitCode(err, &strings.Builder{}); code != c.code || !strings.Contains(got, c.want) {
				t.Errorf("exit %d %q, want exit %d and %q", code, got, c.code, c.want)
			}
		})
	}
}

// TestRegistreOddParameters: a name of 49,999 characters or a NUL byte
// gets the registre's French message, not the database's (« LIKE or GLOB
// pattern too complex »), on both engines.
func TestRegistreOddParameters(t *testing.T) {
	t.Parallel()
	for name, vars := range registreVars(t) {
		t.Run(name, func(t *testing.T) {
			v := vars(t)
			if out, _, err := runT(t, v, "registre", "cloturer", "--session", "../../testdata/session-exemple.json"); err != nil {
				t.Fatalf("cloturer: %v\n%s", err, out)
			}
			for _, tc := range []struct {
				args []string
				want string
			}{
				{[]string{"liste", "--nom", strings.Repeat("a", 49_999)}, "le nom cherché fait 49\u202f999 caractères\u00a0: 200 au plus"},
				{[]string{"liste", "--nom", strings.Repeat("%", 49_999)}, "le nom cherché fait 49\u202f999 caractères"},
				{[]string{"liste", "--session", "CISP\x00"}, "l’identifiant de session contient le caractère de contrôle «\u00a0U+0000\u00a0»"},
				{[]string{"revoquer", "CISP\x00", "--motif", "x"}, "le numéro de document contient le caractère de contrôle «\u00a0U+0000\u00a0»"},
				{[]string{"personne", "--nom", strings.Repeat("é", 300), "--out", filepath.Join(t.TempDir(), "p.json")}, "le nom cherché fait 300 caractères"},
			} {
				_, _, err := runT(t, v, append([]string{"registre"}, tc.args...)...)
				if err == nil || !strings.Contains(err.Error(), tc.want) || strings.Contains(err.Error(), "LIKE") || strings.Contains(err.Error(), "SQLSTATE") {
					t.Errorf("registre %s: %.300v; want %q", tc.args[0], err, tc.want)
				}
			}
		})
	}
}

// TestRegistreListeEveryRow: `registre liste --csv` and `registre liste`
// write every entry of a session of 5,400 (a listing stopped at 5,000
// without saying so).
func TestRegistreListeEveryRow(t *testing.T) {
	t.Parallel()
	v := registreVars(t)["sqlite"](t)
	data, err := os.ReadFile("../../testdata/session-exemple.json")
	if err != nil {
		t.Fatal(err)
	}
	var sess map[string]any
	if err := json.Unmarshal(data, &sess); err != nil {
		t.Fatal(err)
	}
	first := sess["candidats"].([]any)[0].(map[string]any)
	var cands []any
	for i := range 900 {
		c := maps.Clone(first)
		c["numero"] = fmt.Sprintf("2022-%04d", i+1)
		cands = append(cands, c)
	}
	sess["candidats"] = cands
	delete(sess, "planning") // it convenes the example's candidates by number
	big := filepath.Join(t.TempDir(), "s.json")
	data, _ = json.Marshal(sess)
	if err := os.WriteFile(big, data, 0o600); err != nil {
		t.Fatal(err)
	}
	if out, _, err := runT(t, v, "registre", "cloturer", "--session", big); err != nil {
		t.Fatalf("cloturer: %v\n%.300s", err, out)
	}
	out, _, err := runT(t, v, "registre", "liste", "--csv")
	rows, cerr := csv.NewReader(strings.NewReader(out)).ReadAll()
	if err != nil || cerr != nil || len(rows) != 5401 {
		t.Errorf("liste --csv: %d rows (%v, %v), want 5,400 and a header", len(rows), err, cerr)
	}
	out, _, err = runT(t, v, "registre", "liste", "--session", "CISP-2022-02")
	if n := strings.Count(out, "\n"); err != nil || n != 5400 {
		t.Errorf("liste: %d lines (%v), want 5,400", n, err)
	}
}
