package documents

import (
	"strings"
	"testing"
)

// TestDossierNumeros: each attestation and parchemin of a dossier comes
// with the number its code stands for (the one NumeroDocument gives);
// other documents with none.
func TestDossierNumeros(t *testing.T) {
	r, s, d := exemple(t, nil)
	// The example's candidate numbers, 2022-001…, start their folders.
	candidat := func(e Entry) string { return strings.TrimPrefix(e.Dir, "candidats/")[:len("2022-001")] }
	prefix := strings.ToUpper(s.Session.Identifiant) + "-"
	seen := map[string]bool{}
	for e := range Dossier(r, s, d, nil, nil, nil) {
		if e.File != nil {
			continue
		}
		var want string
		switch e.Doc.Kind {
		case KindParchemin:
			want = prefix + candidat(e) + "-CERT"
		case KindAttestation:
			for _, b := range r.Blocs {
				if e.Doc.Name == AttestationName(&b) {
					want = prefix + candidat(e) + "-" + b.Code[strings.LastIndex(b.Code, "BC"):]
				}
			}
		}
		if e.Numero != want {
			t.Errorf("%s/%s: numero %q, want %q", e.Dir, e.Doc.Name, e.Numero, want)
		}
		if want != "" && seen[want] {
			t.Errorf("numero %s twice", want)
		}
		seen[want] = true
	}
	if len(seen) < 10 {
		t.Errorf("%d numbers in the dossier", len(seen))
	}
}
