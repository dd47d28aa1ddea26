package main

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"certidoc/referentiel"
	"certidoc/verification"
)

func env(vars map[string]string) func(string) string {
	return func(k string) string { return vars[k] }
}

func runT(t *testing.T, vars map[string]string, args ...string) (string, string, error) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	err := run(context.Background(), args, env(vars), &stdout, &stderr)
	return stdout.String(), stderr.String(), err
}

func TestGrillesCommand(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	out, _, err := runT(t, map[string]string{"SOURCE_DATE_EPOCH": "1764061200"}, "grilles", "--out", dir)
	if err != nil {
		t.Fatal(err)
	}
	files, _ := filepath.Glob(filepath.Join(dir, "*.pdf"))
	if len(files) != 10 || strings.Count(out, "\n") != 10 {
		t.Fatalf("got %d files, output:\n%s", len(files), out)
	}
	for _, name := range []string{"grille-A-1.pdf", "grille-E-2.pdf"} {
		data, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil || !bytes.HasPrefix(data, []byte("%PDF-")) {
			t.Errorf("%s: %v", name, err)
		}
	}
	// SOURCE_DATE_EPOCH makes runs reproducible.
	dir2 := t.TempDir()
	if _, _, err := runT(t, map[string]string{"SOURCE_DATE_EPOCH": "1764061200"}, "grilles", "--out", dir2, "--bloc", "a"); err != nil {
		t.Fatal(err)
	}
	a, _ := os.ReadFile(filepath.Join(dir, "grille-A-1.pdf"))
	b, _ := os.ReadFile(filepath.Join(dir2, "grille-A-1.pdf"))
	if !bytes.Equal(a, b) {
		t.Error("two runs with the same SOURCE_DATE_EPOCH differ")
	}
	if files, _ := filepath.Glob(filepath.Join(dir2, "*")); len(files) != 2 {
		t.Errorf("--bloc a wrote %d files, want 2", len(files))
	}
}

func TestUsageErrors(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		name string
		args []string
		vars map[string]string
		want []string
	}{
		{"no command", nil, nil, []string{"aucune commande"}},
		{"unknown command", []string{"imprimer"}, nil, []string{"commande «\u00a0imprimer\u00a0» inconnue"}},
		{"grilles without out", []string{"grilles"}, nil, []string{"--out est obligatoire"}},
		{"every problem at once", []string{"grilles", "--format", "odt"}, map[string]string{"SOURCE_DATE_EPOCH": "hier"}, []string{"--out est obligatoire", "--format «\u00a0odt\u00a0»", "SOURCE_DATE_EPOCH «\u00a0hier\u00a0»"}},
		{"unknown bloc", []string{"grilles", "--out", "x", "--bloc", "Z"}, nil, []string{"--bloc «\u00a0Z\u00a0» inconnu", "A, B, C, D, E"}},
		{"unknown flag", []string{"grilles", "--sortie", "x"}, nil, []string{"option inconnue\u00a0: --sortie"}},
		{"bad serve settings", []string{"serve", "--addr", "nulle-part", "--read-timeout", "bientôt", "--body-limit", "beaucoup", "--max-generations", "x", "--verifier-debit", "y"}, nil,
			[]string{"--addr «\u00a0nulle-part\u00a0»", "--read-timeout «\u00a0bientôt\u00a0»", "--body-limit «\u00a0beaucoup\u00a0»", "--max-generations «\u00a0x\u00a0»", "--verifier-debit «\u00a0y\u00a0»"}},
		{"serve delay not a number", []string{"serve", "--delai-convocation", "quinze"}, nil, []string{"--delai-convocation «\u00a0quinze\u00a0»", "de 0 à 365"}},
		{"serve delay out of range", []string{"serve"}, map[string]string{"CERTIDOC_DELAI_CONVOCATION": "400"}, []string{"--delai-convocation\u00a0: 400\u00a0jours"}},
		{"bad lookup settings", []string{"serve", "--verifier-plafond", "beaucoup", "--proxy-de-confiance", "10.0.0.0/8,proxy.interne"}, nil,
			[]string{"--verifier-plafond «\u00a0beaucoup\u00a0»", "--proxy-de-confiance\u00a0: «\u00a0proxy.interne\u00a0» n’est ni une adresse IP ni un réseau CIDR"}},
		{"bad lookup settings from the environment", []string{"serve"}, map[string]string{"CERTIDOC_VERIFIER_PLAFOND": "0", "CERTIDOC_PROXY_DE_CONFIANCE": "10.0.0.0/99"},
			[]string{"--verifier-plafond\u00a0: 0 vérifications par seconde, attendu un nombre positif", "--proxy-de-confiance\u00a0: «\u00a010.0.0.0/99\u00a0»"}},
		{"bad registre delays", []string{"serve", "--delai-base", "bientôt", "--read-timeout", "0s"}, map[string]string{"CERTIDOC_DELAI_CONNEXION": "-1s"},
			[]string{"--delai-base «\u00a0bientôt\u00a0»\u00a0: durée invalide", "--delai-connexion\u00a0: durée -1s invalide", "--read-timeout\u00a0: durée 0s"}},
		{"bad registre delay, command line", []string{"registre", "sessions", "--delai-base", "1ms"}, nil,
			[]string{"--delai-base\u00a0: durée 1ms invalide"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, _, err := runT(t, c.vars, c.args...)
			if _, ok := err.(usageError); !ok {
				t.Fatalf("got %v, want a usage error", err)
			}
			for _, w := range c.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error lacks %q: %v", w, err)
				}
			}
			for _, flag := range []string{"--read-timeout", "--body-limit", "--max-generations", "--verifier-debit", "--verifier-plafond", "--proxy-de-confiance", "--delai-base", "--delai-connexion"} {
				if n := strings.Count(err.Error(), flag); n > 1 {
					t.Errorf("%s named %d times: %v", flag, n, err)
				}
			}
			var stderr bytes.Buffer
			if code := exitCode(err, &stderr); code != 2 || !strings.HasPrefix(stderr.String(), "certidoc\u00a0: ") {
				t.Errorf("exit code %d, stderr %q", code, stderr.String())
			}
		})
	}
}

func TestHelp(t *testing.T) {
	t.Parallel()
	for _, args := range [][]string{{"--help"}, {"grilles", "--help"}, {"referentiel", "-h"}, {"serve", "--help"}} {
		out, _, err := runT(t, nil, args...)
		if err != errHelp || exitCode(err, &bytes.Buffer{}) != 0 {
			t.Errorf("%v: got %v", args, err)
		}
		if !strings.Contains(out, "certidoc") {
			t.Errorf("%v: help is empty: %q", args, out)
		}
	}
}

func TestReferentielCommand(t *testing.T) {
	t.Parallel()
	out, _, err := runT(t, nil, "referentiel")
	if err != nil || !strings.Contains(out, "RNCP36128") || !strings.Contains(out, "Épreuve E-2") {
		t.Errorf("summary: %v\n%s", err, out)
	}
	out, _, err = runT(t, nil, "referentiel", "--json")
	if err != nil {
		t.Fatal(err)
	}
	var r referentiel.Referentiel
	if err := json.Unmarshal([]byte(out), &r); err != nil || len(r.Blocs) != 5 {
		t.Errorf("--json: %v, %d blocs", err, len(r.Blocs))
	}
}

func TestBrokenReferentielFile(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	path := filepath.Join(dir, "autre.yaml")
	broken := strings.Replace(string(referentiel.EmbeddedYAML()), `niveau: 5`, `niveau: 12`, 1)
	if err := os.WriteFile(path, []byte(broken), 0o644); err != nil {
		t.Fatal(err)
	}
	_, _, err := runT(t, map[string]string{"CERTIDOC_REFERENTIEL": path}, "referentiel")
	if err == nil || !strings.Contains(err.Error(), path) || !strings.Contains(err.Error(), "certification.niveau") {
		t.Errorf("got %v", err)
	}
	var stderr bytes.Buffer
	if exitCode(err, &stderr) != 1 {
		t.Error("exit code is not 1")
	}
	_, _, err = runT(t, nil, "referentiel", "--referentiel", filepath.Join(dir, "absent.yaml"))
	if err == nil || !strings.Contains(err.Error(), "fichier introuvable") {
		t.Errorf("missing file: got %v", err)
	}
}

func TestDossierAndValiderCommands(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	out := filepath.Join(dir, "dossier.zip")
	stdout, stderr, err := runT(t, map[string]string{"SOURCE_DATE_EPOCH": "1764061200"}, "dossier", "--session", "../../testdata/session-exemple.json", "--out", out)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(stdout, "62 documents pour 7 candidats") {
		t.Errorf("stdout: %s", stdout)
	}
	if !strings.Contains(stderr, "certification.date_decision_france_competences\u00a0: la date de la décision de France compétences («\u00a026/01/2022\u00a0»)") {
		t.Errorf("the référentiel's warning is not shown: %s", stderr)
	}
	if info, err := os.Stat(out); err != nil || info.Size() < 100000 {
		t.Errorf("dossier: %v", err)
	}
	stdout, _, err = runT(t, nil, "valider", "--session", "../../testdata/session-exemple.json")
	if err != nil || !strings.Contains(stdout, "session CISP-2022-02 valide, 7 candidats") {
		t.Errorf("valider: %v %s", err, stdout)
	}

	bad := filepath.Join(dir, "mauvaise.json")
	data, _ := os.ReadFile("../../testdata/session-exemple.json")
	data = bytes.Replace(data, []byte(`"voie_acces": "vae"`), []byte(`"voie_acces": "VAE!"`), 1)
	if err := os.WriteFile(bad, data, 0o644); err != nil {
		t.Fatal(err)
	}
	for _, cmd := range []string{"valider", "dossier"} {
		args := []string{cmd, "--session", bad}
		if cmd == "dossier" {
			args = append(args, "--out", filepath.Join(dir, "non.zip"))
		}
		_, _, err := runT(t, nil, args...)
		if err == nil || !strings.Contains(err.Error(), "candidats[1].voie_acces\u00a0: voie d’accès «\u00a0VAE!\u00a0» inconnue") {
			t.Errorf("%s on a bad session: %v", cmd, err)
		}
		if exitCode(err, &bytes.Buffer{}) == 0 {
			t.Errorf("%s on a bad session exits 0", cmd)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "non.zip")); !os.IsNotExist(err) {
		t.Error("a dossier was written from an invalid session")
	}
}

func TestWorkbookCommands(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	xlsx := filepath.Join(dir, "saisie.xlsx")
	env := map[string]string{"SOURCE_DATE_EPOCH": "1764061200"}
	if _, _, err := runT(t, env, "classeur", "--out", xlsx, "--session", "../../testdata/session-exemple.json"); err != nil {
		t.Fatal(err)
	}
	back := filepath.Join(dir, "session.json")
	if _, _, err := runT(t, env, "import", xlsx, "--out", back); err != nil {
		t.Fatal(err)
	}
	a, _ := os.ReadFile("../../testdata/session-exemple.json")
	b, _ := os.ReadFile(back)
	var x, y any
	json.Unmarshal(a, &x)
	json.Unmarshal(b, &y)
	ja, _ := json.Marshal(x)
	jb, _ := json.Marshal(y)
	if !bytes.Equal(ja, jb) {
		t.Error("classeur then import does not give the example back")
	}
	for _, out := range []string{"r.csv", "r.xlsx"} {
		if _, _, err := runT(t, env, "resultats", "--session", xlsx, "--out", filepath.Join(dir, out)); err != nil {
			t.Errorf("resultats %s: %v", out, err)
		}
	}
	if _, _, err := runT(t, env, "resultats", "--session", xlsx, "--out", filepath.Join(dir, "r.ods")); err == nil || !strings.Contains(err.Error(), ".xlsx ou .csv") {
		t.Errorf("resultats .ods: %v", err)
	}
	// import refuses a file that is not a workbook, in French, exit 1.
	bad := filepath.Join(dir, "faux.xlsx")
	os.WriteFile(bad, []byte("PK\x03\x04abc"), 0o644)
	_, _, err := runT(t, env, "import", bad)
	if err == nil || !strings.Contains(err.Error(), "classeur Excel") || exitCode(err, &bytes.Buffer{}) != 1 {
		t.Errorf("import of a broken file: %v", err)
	}
	if _, _, err := runT(t, env, "import"); err == nil {
		t.Error("import without a file: no error")
	}
}

func TestAccrochageCommand(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	out := filepath.Join(dir, "flux.xml")
	env := map[string]string{"CERTIDOC_ACCROCHAGE_ID_CLIENT": "AB12CD34", "CERTIDOC_ACCROCHAGE_ID_CONTRAT": "CTR-1"}
	stdout, _, err := runT(t, env, "accrochage", "--session", "../../testdata/session-exemple.json", "--out", out)
	if err != nil || !strings.Contains(stdout, "2 titulaires") {
		t.Fatalf("%v %s", err, stdout)
	}
	data, _ := os.ReadFile(out)
	if !bytes.Contains(data, []byte("<cpf:idClient>AB12CD34</cpf:idClient>")) {
		t.Error("idClient missing")
	}
	_, _, err = runT(t, nil, "accrochage", "--session", "../../testdata/session-exemple.json", "--out", out)
	if _, ok := err.(usageError); !ok || !strings.Contains(err.Error(), "--accrochage-id-client") {
		t.Errorf("without settings: %v", err)
	}
}

func TestVerifierCommand(t *testing.T) {
	t.Parallel()
	key := strings.Repeat("k", 40)
	env := map[string]string{"CERTIDOC_CLE_VERIFICATION": key}
	keys, err := verification.NewKeys(key, nil)
	if err != nil {
		t.Fatal(err)
	}
	code := keys.Sign(verification.Facts{Kind: verification.Attestation, Titulaire: "Madame Zoé EXEMPLE", Code: "RNCP36128BC02", Date: "2022-11-24", Numero: "S-1-BC02"})
	out, _, err := runT(t, env, "verifier", code)
	if err != nil || !strings.Contains(out, "Document authentique") || !strings.Contains(out, "Madame Zoé EXEMPLE") {
		t.Errorf("genuine: %v %s", err, out)
	}
	_, _, err = runT(t, env, "verifier", code[:len(code)-2]+"AA")
	if err == nil || !strings.Contains(err.Error(), "code inconnu ou altéré") || exitCode(err, &bytes.Buffer{}) != 1 {
		t.Errorf("altered: %v", err)
	}
	// A code of the old key still verifies after a rotation.
	rotated := map[string]string{"CERTIDOC_CLE_VERIFICATION": strings.Repeat("n", 40), "CERTIDOC_CLES_VERIFICATION_ANCIENNES": key}
	if _, _, err := runT(t, rotated, "verifier", code); err != nil {
		t.Errorf("after rotation: %v", err)
	}
	if _, _, err := runT(t, map[string]string{"CERTIDOC_CLE_VERIFICATION": "courte"}, "verifier", code); err == nil {
		t.Error("a short key is accepted")
	}
	// About one key in 64 makes every code start with "-": still a code,
	// before or after the options.
	for i := 0; ; i++ {
		dash := strings.Repeat("d", 40) + strconv.Itoa(i)
		dk, err := verification.NewKeys(dash, nil)
		if err != nil {
			t.Fatal(err)
		}
		dcode := dk.Sign(verification.Facts{Kind: verification.Parchemin, Titulaire: "Monsieur Jean EXEMPLE", Code: "RNCP36128", Date: "2022-11-24", Numero: "S-1"})
		if !strings.HasPrefix(dcode, "-") {
			continue
		}
		for _, args := range [][]string{{"verifier", "--cle-verification", dash, dcode}, {"verifier", dcode, "--cle-verification", dash}, {"verifier", "--cle-verification=" + dash, "--", dcode}} {
			if out, _, err := runT(t, nil, args...); err != nil || !strings.Contains(out, "Document authentique") {
				t.Errorf("%q: %v %s", args, err, out)
			}
		}
		break
	}
	// A dossier signed with a key needs the public address its QR codes lead to.
	_, _, err = runT(t, env, "dossier", "--session", "../../testdata/session-exemple.json", "--out", filepath.Join(t.TempDir(), "d.zip"))
	if err == nil || !strings.Contains(err.Error(), "--url-publique") {
		t.Errorf("dossier without public address: %v", err)
	}
}

func TestHelpOnce(t *testing.T) {
	t.Parallel()
	out, _, _ := runT(t, nil, "serve", "--help")
	if n := strings.Count(out, "certidoc serve —"); n != 1 {
		t.Errorf("help printed %d times", n)
	}
	for _, env := range []string{"CERTIDOC_ADDR", "CERTIDOC_TOKEN", "CERTIDOC_CLE_VERIFICATION", "CERTIDOC_MAX_GENERATIONS", "CERTIDOC_UPLOAD_LIMIT"} {
		if !strings.Contains(out, env) {
			t.Errorf("serve --help does not name %s", env)
		}
	}
}

// A dossier whose rendering fails exits 1 quickly and leaves no file
// behind, not even a partial one. (An emoji in a first name made the PDF
// font panic mid-dossier, and the dossier then hung; validation now
// refuses such a name before any rendering, which must end the same way.)
func TestDossierFailureLeavesNoFile(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	data, _ := os.ReadFile("../../testdata/session-exemple.json")
	data = bytes.Replace(data, []byte(`"prenoms": "Nadia"`), []byte(`"prenoms": "Nadia 😀"`), 1)
	sess := filepath.Join(dir, "session.json")
	if err := os.WriteFile(sess, data, 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "dossier.zip")
	done := make(chan error, 1)
	go func() {
		_, _, err := runT(t, nil, "dossier", "--session", sess, "--out", out)
		done <- err
	}()
	select {
	case err := <-done:
		if code := exitCode(err, &bytes.Buffer{}); code != 1 {
			t.Errorf("exit code %d, want 1 (%v)", code, err)
		}
	case <-time.After(60 * time.Second):
		t.Fatal("the dossier still runs after 60 s")
	}
	if files, _ := os.ReadDir(dir); len(files) != 1 {
		t.Errorf("files left in the folder: %v", files)
	}
}

// After the end of the registration (2023-01-26 for RNCP36128), valider
// names each candidate who would get an attestation without a training
// begun in time, and the dossier leaves out their attestations, parchemin
// and letter; once debut_formation says the training began in time, every
// document is made again.
func TestValiderAfterRegistration(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	var s map[string]any
	data, err := os.ReadFile("../../testdata/session-exemple.json")
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(data, &s); err != nil {
		t.Fatal(err)
	}
	s["session"].(map[string]any)["deliberation"].(map[string]any)["date"] = "2023-03-02"
	write := func(name string) string {
		out, _ := json.Marshal(s)
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, out, 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	late := write("tard.json")
	stdout, _, err := runT(t, nil, "valider", "--session", late)
	if err == nil || exitCode(err, &bytes.Buffer{}) != 1 {
		t.Fatalf("valider after the registration: err %v, want exit status 1", err)
	}
	for _, want := range []string{"candidate 2022-001 (Élodie Marie LEFÈVRE-ŒUVRAY)", "RNCP37504", "02/03/2023", "26/01/2023", "5 problèmes"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("valider does not say %q:\n%s", want, stdout)
		}
	}
	zipPath := filepath.Join(dir, "tard.zip")
	if _, _, err := runT(t, nil, "dossier", "--session", late, "--out", zipPath); err != nil {
		t.Fatalf("dossier after the registration: %v", err)
	}
	names := zipNames(t, zipPath)
	if !names["AVERTISSEMENTS.txt"] || !names["proces-verbal.pdf"] || !names["candidats/2022-001-lefevre-oeuvray-elodie-marie/grille-B-1.pdf"] {
		t.Errorf("the PV, the grids and AVERTISSEMENTS.txt must be made: %v", names)
	}
	for n := range names {
		// 2022-005 (absent) and 2022-007 (no bloc validated) get no level:
		// their letters are made.
		named := !strings.Contains(n, "2022-005") && !strings.Contains(n, "2022-007")
		if named && (strings.Contains(n, "attestation") || strings.Contains(n, "parchemin") || strings.Contains(n, "notification")) {
			t.Errorf("%s made after the end of the registration", n)
		}
	}
	if !names["candidats/2022-007-celik-jean-noel/notification.pdf"] {
		t.Error("the letter of a candidate who gets no level is made all the same")
	}

	for _, c := range s["candidats"].([]any) {
		c.(map[string]any)["debut_formation"] = "2022-09-05"
	}
	inTime := write("a-temps.json")
	if stdout, _, err := runT(t, nil, "valider", "--session", inTime); err != nil || !strings.Contains(stdout, "valide") {
		t.Fatalf("valider with trainings begun in time: %v\n%s", err, stdout)
	}
	if _, _, err := runT(t, nil, "dossier", "--session", inTime, "--out", zipPath); err != nil {
		t.Fatal(err)
	}
	names = zipNames(t, zipPath)
	for _, want := range []string{"candidats/2022-001-lefevre-oeuvray-elodie-marie/parchemin.pdf", "candidats/2022-001-lefevre-oeuvray-elodie-marie/attestation-A.pdf",
		"candidats/2022-001-lefevre-oeuvray-elodie-marie/notification.pdf"} {
		if !names[want] {
			t.Errorf("%s missing with the training begun in time", want)
		}
	}
}

func zipNames(t *testing.T, path string) map[string]bool {
	t.Helper()
	zr, err := zip.OpenReader(path)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	out := map[string]bool{}
	for _, f := range zr.File {
		out[f.Name] = true
	}
	return out
}

// A service that signs (a verification key) and has no token refuses to
// listen beyond loopback, naming both settings; nothing is started.
func TestServeSigningNeedsToken(t *testing.T) {
	t.Parallel()
	vars := map[string]string{"CERTIDOC_CLE_VERIFICATION": strings.Repeat("k", 40), "CERTIDOC_SANS_REGISTRE": "1"}
	_, _, err := runT(t, vars, "serve", "--addr", "0.0.0.0:0")
	if _, ok := err.(usageError); !ok {
		t.Fatalf("got %v, want a usage error", err)
	}
	for _, want := range []string{"--cle-verification", "--token"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("%q does not name %s", err, want)
		}
	}
}

// Flag errors are told apart by kind, not by Go's English text.
func TestFlagErrorKinds(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		name string
		args []string
		kind error
		want string
	}{
		{"unknown", []string{"dossier", "--sortie", "x"}, errUnknownFlag, "option inconnue\u00a0: --sortie"},
		{"unknown, single dash", []string{"grilles", "-sortie=x"}, errUnknownFlag, "option inconnue\u00a0: --sortie"},
		{"missing value", []string{"dossier", "--session"}, errFlagNeedsArg, "l’option --session demande une valeur"},
		{"bad yes/no value", []string{"referentiel", "--json=peut-être"}, errFlagValue, "valeur d’option invalide"},
		{"unexpected argument", []string{"referentiel", "en-trop"}, errUnexpectedArg, "argument inattendu\u00a0: en-trop"},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, _, err := runT(t, nil, c.args...)
			if !errors.Is(err, c.kind) || !strings.Contains(err.Error(), c.want) {
				t.Errorf("got %v, want %v with %q", err, c.kind, c.want)
			}
			if code := exitCode(err, &bytes.Buffer{}); code != 2 {
				t.Errorf("exit code %d, want 2", code)
			}
		})
	}
}

// Every command's --help is French and writes its options as the README
// does (--session FICHIER), and never prints a value taken from the
// environment, such as the signing key.
func TestHelpInFrench(t *testing.T) {
	t.Parallel()
	const secret = "cle-secrete-de-test-0123456789abcdef"
	vars := map[string]string{"CERTIDOC_CLE_VERIFICATION": secret, "CERTIDOC_TOKEN": secret, "CERTIDOC_BASE": "postgres://u:" + secret + "@h/b"}
	for _, cmd := range []string{"serve", "grilles", "classeur", "import", "valider", "dossier", "resultats", "accrochage", "verifier", "registre", "referentiel"} {
		t.Run(cmd, func(t *testing.T) {
			args := []string{cmd, "--help"}
			if cmd == "registre" {
				args = []string{cmd, "cloturer", "--help"}
			}
			out, _, err := runT(t, vars, args...)
			if !errors.Is(err, errHelp) {
				t.Fatalf("got %v", err)
			}
			if !strings.Contains(out, "Options\u00a0:") || !strings.Contains(out, "\n  --") {
				t.Errorf("no options listed:\n%s", out)
			}
			for _, bad := range []string{"(default", "\n  -" + "-" + "-", " string\n", " int\n", secret} {
				if strings.Contains(out, bad) {
					t.Errorf("help holds %q:\n%s", bad, out)
				}
			}
			for _, line := range strings.Split(out, "\n") {
				if strings.HasPrefix(line, "  -") && !strings.HasPrefix(line, "  --") {
					t.Errorf("single-dash option: %q", line)
				}
			}
		})
	}
}
