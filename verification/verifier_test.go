package verification

import (
	"strings"
	"testing"
)

func TestVerifierCode(t *testing.T) {
	keys, err := NewKeys(strings.Repeat("k", 32), nil)
	if err != nil {
		t.Fatal(err)
	}
	f := Facts{Kind: Parchemin, Titulaire: "Madame Zoé FICTIVE", Code: "RNCP36128", Date: "2022-11-24", Numero: "S-1-CERT"}
	for _, c := range []struct {
		name string
		v    *Verifier
		want string // "" for no code
	}{
		{"none", nil, ""},
		{"no key", &Verifier{URL: "https://x"}, ""},
		{"signed", &Verifier{Keys: keys, URL: "https://x"}, keys.Sign(f)},
		{"registre", &Verifier{Codes: map[string]string{"S-1-CERT": "ABCDE-FGHJK"}, Keys: keys}, "ABCDE-FGHJK"},
		{"registre without this number", &Verifier{Codes: map[string]string{"S-2-CERT": "ABCDE-FGHJK"}, Keys: keys}, ""},
	} {
		got, ok := c.v.Code(f)
		if got != c.want || ok != (c.want != "") {
			t.Errorf("%s: got %q, %v; want %q", c.name, got, ok, c.want)
		}
	}
	if got := (&Verifier{URL: "https://certidoc.exemple.fr/"}).Link("ABCDE-FGHJK"); got != "https://certidoc.exemple.fr/verifier/ABCDE-FGHJK" {
		t.Errorf("Link: %s", got)
	}
}
