package api

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"certidoc/registre"
)

// lookupFake answers the verification page's lookups.
type lookupFake struct {
	Registre // nil: what the verification page does not use
	v        registre.Verification
	err      error
	asked    []string
}

func (f *lookupFake) Verify(_ context.Context, code string) (registre.Verification, error) {
	f.asked = append(f.asked, code)
	return f.v, f.err
}

// TestVerifierWithoutDatabase: the verification page says what the
// registre answers — genuine, revoked (when, never why), unknown — and a
// registre that fails gives 503 with Retry-After, never 500.
func TestVerifierWithoutDatabase(t *testing.T) {
	parchemin := registre.Verification{Code: "K7M2PQ9XZ4", Numero: "CISP-2022-02-2022-001-CERT", Nature: registre.Parchemin,
		Titulaire: "Mme Élodie LEFÈVRE", Certifie: "RNCP36128", DateDecision: "2022-11-24"}
	attestation := parchemin
	attestation.Numero, attestation.Nature, attestation.Certifie = "CISP-2022-02-2022-001-BC02", registre.Attestation, "RNCP36128BC02"
	revoked := parchemin
	revoked.RevoqueLe, revoked.Motif = time.Date(2026, 11, 30, 23, 30, 0, 0, time.UTC), "Fraude constatée"
	for _, c := range []struct {
		name, code string
		v          registre.Verification
		err        error
		asked      string // the code the registre is asked, "" for none
		status     int
		want, not  []string
	}{
		{"genuine parchemin, typed in lower case", "k7m2p-q9xz4", parchemin, nil, "K7M2PQ9XZ4", 200,
			[]string{"Document authentique", "K7M2P-Q9XZ4", "Parchemin n° CISP-2022-02-2022-001-CERT", "Mme Élodie LEFÈVRE", "24\u00a0novembre 2022", "(RNCP36128)"},
			[]string{"révoqué", "Code inconnu"}},
		{"genuine attestation, with O for 0", "K7M2P Q9XZ4", attestation, nil, "K7M2PQ9XZ4", 200,
			[]string{"Document authentique", "Attestation de bloc de compétences n° CISP-2022-02-2022-001-BC02", "Bloc de compétences", "(RNCP36128BC02)"}, nil},
		{"revoked", "K7M2P-Q9XZ4", revoked, nil, "K7M2PQ9XZ4", 410,
			[]string{"Document révoqué le 1er\u00a0décembre 2026", "Mme Élodie LEFÈVRE"}, []string{"Document authentique", "Fraude"}},
		{"unknown", "K7M2P-Q9XZ5", registre.Verification{}, registreErr(registre.ErrNotFound, "code inconnu"), "K7M2PQ9XZ5", 404,
			[]string{"Code inconnu ou altéré"}, []string{"Document authentique"}},
		{"registre unavailable", "K7M2P-Q9XZ4", registre.Verification{}, registreErr(registre.ErrUnavailable, "registre indisponible\u00a0: la base est occupée"), "K7M2PQ9XZ4", 503,
			[]string{"Vérification momentanément impossible", "la base est occupée"}, []string{"Document authentique", "Code inconnu"}},
		{"registre corrupt", "K7M2P-Q9XZ4", registre.Verification{}, registreErr(registre.ErrCorrupt, "le fichier du registre est endommagé"), "K7M2PQ9XZ4", 503,
			[]string{"Vérification momentanément impossible", "endommagé"}, nil},
		{"registre fails without saying why", "K7M2P-Q9XZ4", registre.Verification{}, errors.New("driver: bad connection to 10.0.0.7"), "K7M2PQ9XZ4", 503,
			[]string{"Le registre ne répond pas. Réessayez"}, []string{"10.0.0.7", "driver"}},
		{"not a short code: the registre is not asked", "pas-un-code", registre.Verification{}, nil, "", 404,
			[]string{"Code inconnu ou altéré"}, nil},
	} {
		t.Run(c.name, func(t *testing.T) {
			var logs syncBuffer
			f := &lookupFake{v: c.v, err: c.err}
			a := call(t, newFakeServer(t, f, &logs).Handler(), "GET", "/verifier/"+strings.ReplaceAll(c.code, " ", "%20"), nil)
			if a.status != c.status {
				t.Errorf("status %d, want %d: %.500s", a.status, c.status, a.body)
			}
			if got := strings.Join(f.asked, ","); got != c.asked {
				t.Errorf("the registre was asked %q, want %q", got, c.asked)
			}
			if ct := a.header.Get("Content-Type"); !strings.HasPrefix(ct, "text/html") {
				t.Errorf("Content-Type %q, want the French page", ct)
			}
			if got, want := a.header.Get("Retry-After") != "", c.status == 503; got != want {
				t.Errorf("Retry-After %q, want one: %v", a.header.Get("Retry-After"), want)
			}
			for _, w := range c.want {
				if !strings.Contains(string(a.body), w) {
					t.Errorf("the page does not say %q", w)
				}
			}
			for _, n := range c.not {
				if strings.Contains(string(a.body), n) {
					t.Errorf("the page says %q", n)
				}
			}
			if c.status == 503 && !strings.Contains(logs.String(), "verifier lookup") {
				t.Errorf("the failing lookup is not logged: %s", logs.String())
			}
		})
	}
}
