package accrochage

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"certidoc/fr"
	"certidoc/generator"
	"certidoc/internal/testtool"
	"certidoc/referentiel"
	"certidoc/session"
)

var (
	cfg = Config{IDClient: "AB12CD34", IDContrat: "CTR-0001", Type: "RNCP", Version: "1.1.2"}
	now = time.Date(2026, 11, 25, 16, 30, 0, 123000000, time.UTC)
)

func load(t *testing.T) (*referentiel.Referentiel, *session.Session) {
	t.Helper()
	ref, err := referentiel.Embedded()
	if err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile("../testdata/session-exemple.json")
	if err != nil {
		t.Fatal(err)
	}
	s, _, err := session.Parse(data, ref, generator.Font())
	if err != nil {
		t.Fatal(err)
	}
	return ref, s
}

// xsd validates a flux with xmllint against the CDC's schema.
func xsd(t *testing.T, flux []byte) {
	t.Helper()
	xmllint := testtool.Need(t, "xmllint", "libxml2-utils")
	path := filepath.Join(t.TempDir(), "flux.xml")
	os.WriteFile(path, flux, 0o644)
	out, err := exec.Command(xmllint, "--noout", "--schema", "../testdata/cdc-cpf-accrochage-1.1.2.xsd", path).CombinedOutput()
	if err != nil {
		t.Fatalf("the flux does not match the XSD: %v\n%s\n%s", err, out, flux)
	}
}

func write(t *testing.T, ref *referentiel.Referentiel, s *session.Session) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := Write(&buf, cfg, ref, s, session.Deliberer(ref, s), now, NewFluxID(now)); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestFluxOfTheExample(t *testing.T) {
	ref, s := load(t)
	flux := write(t, ref, s)
	xsd(t, flux)
	text := string(flux)
	if n := strings.Count(text, "<cpf:passageCertification>"); n != 2 {
		t.Errorf("%d passages, want 2 (the holders of all 5 blocs)", n)
	}
	for _, want := range []string{
		"<cpf:idTechnique>CISP-2022-02-2022-001</cpf:idTechnique>",
		"<cpf:modaliteAcces>FORMATION_CONTINUE_HORS_CONTRAT_DE_PROFESSIONNALISATION</cpf:modaliteAcces>",
		"<cpf:modaliteAcces>VAE</cpf:modaliteAcces>", "<cpf:voieAccessVAE>VAE_CLASSIQUE</cpf:voieAccessVAE>",
		`<cpf:dateFinValidite xsi:nil="true"/>`, `<cpf:nomUsage xsi:nil="true"/>`,
		"<cpf:prenom1>Élodie</cpf:prenom1>", "<cpf:prenom2>Marie</cpf:prenom2>",
		"<cpf:codeInsee>69266</cpf:codeInsee>", "<cpf:dateDebutValidite>2022-11-24</cpf:dateDebutValidite>",
		"<cpf:horodatage>2026-11-25T17:30:00+01:00</cpf:horodatage>", "<cpf:code>RNCP36128</cpf:code>",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("flux lacks %s", want)
		}
	}
	if !regexp.MustCompile(`<cpf:idFlux>certidoc-20261125T163000-[0-9a-f]{12}</cpf:idFlux>`).MatchString(text) {
		t.Error("idFlux not as expected")
	}
	if a, b := NewFluxID(now), NewFluxID(now); a == b {
		t.Error("two exports at the same second share an idFlux")
	}
}

// Born abroad, with a usage name, by training or by VAE: every case valid.
func TestFluxVariants(t *testing.T) {
	ref, s := load(t)
	a := &s.Candidats[0]
	a.NomUsage = "Martin-Exemple"
	a.Naissance = session.Naissance{Date: fr.MustDate("1991-04-17"), Commune: "Liège", Pays: "BEL", PaysLibelle: "Belgique"}
	b := &s.Candidats[1]
	b.NomUsage = "Usage d’Exemple & Fils"
	flux := write(t, ref, s)
	xsd(t, flux)
	for _, want := range []string{"<cpf:nomUsage>Martin-Exemple</cpf:nomUsage>", `<cpf:codePostal xsi:nil="true"/>`,
		"<cpf:codePaysNaissance>BEL</cpf:codePaysNaissance>", "Usage d’Exemple &amp; Fils"} {
		if !strings.Contains(string(flux), want) {
			t.Errorf("flux lacks %s", want)
		}
	}
}

func TestCheckBeforeWriting(t *testing.T) {
	ref, s := load(t)
	s.Candidats[0].Naissance.CodeINSEE = "691"
	s.Candidats[1].Prenoms = " "
	s.Candidats[1].NomNaissance = strings.Repeat("x", 61)
	d := session.Deliberer(ref, s)
	problems := Check(s, d)
	if len(problems) != 3 {
		t.Fatalf("got %v, want 3 problems", problems)
	}
	for i, want := range []string{"candidats[0].naissance.code_insee", "candidats[1].nom_naissance", "candidats[1].prenoms"} {
		if problems[i].Chemin != want {
			t.Errorf("problem %d at %s, want %s", i, problems[i].Chemin, want)
		}
	}
	var buf bytes.Buffer
	if err := Write(&buf, cfg, ref, s, d, now, "x"); !errors.Is(err, ErrIdentity) || buf.Len() != 0 {
		t.Errorf("got %v and %d bytes, want ErrIdentity and nothing written", err, buf.Len())
	}
	if err := Write(&buf, Config{}, ref, s, d, now, "x"); !errors.Is(err, ErrNotConfigured) {
		t.Errorf("without settings: got %v", err)
	}
}

func TestConfigValidate(t *testing.T) {
	if err := (Config{}).Validate(); err != nil {
		t.Errorf("an unconfigured export is valid: %v", err)
	}
	if err := cfg.Validate(); err != nil {
		t.Error(err)
	}
	err := Config{IDClient: "short", IDContrat: strings.Repeat("x", 21), Type: "RNCP", Version: "2.0.0"}.Validate()
	for _, want := range []string{"--accrochage-id-client", "--accrochage-id-contrat", "--accrochage-version"} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("error lacks %s: %v", want, err)
		}
	}
}
