package reedition

import (
	"context"
	"strings"
	"testing"
	"time"

	"certidoc/documents"
	"certidoc/generator"
	"certidoc/referentiel"
	"certidoc/registre"
)

// TestDossierLeavesRevokedOut: a dossier remade from the registre after a
// revocation holds no paper of the revoked document, which would pass for
// a valid one; AVERTISSEMENTS.txt names it, with the date and the reason.
func TestDossierLeavesRevokedOut(t *testing.T) {
	for _, b := range backends(t) {
		t.Run(b.name, func(t *testing.T) {
			ctx := context.Background()
			clk := &clock{time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC)}
			r := open(t, b.cfg(t), clk)
			s := exemple(t, nil)
			c, err := r.Cloturer(ctx, ref(t), s, registre.Request{ID: "req-1"})
			if err != nil {
				t.Fatal(err)
			}
			_, all, n0, _, err := Dossier(ctx, r, referentiel.Seul(ref(t)), generator.Font(), s.Session.Identifiant, "https://certidoc.exemple.fr")
			if err != nil {
				t.Fatal(err)
			}
			before := names(all)
			parch, att := numero(s, 0, "CERT"), numero(s, 0, "BC02")
			dir := documents.CandidatDir(&s.Candidats[0])
			for _, f := range []string{dir + "/parchemin", dir + "/attestation-B"} {
				if !before[f] {
					t.Fatalf("the dossier before revocation lacks %s: %v", f, before)
				}
			}
			clk.t = time.Date(2026, 12, 3, 10, 0, 0, 0, time.UTC)
			for _, num := range []string{parch, att} {
				if _, err := r.Revoquer(ctx, num, registre.Request{ID: "req-rev", Motif: "Fraude au diplôme constatée"}); err != nil {
					t.Fatal(err)
				}
			}

			_, entries, n, _, err := Dossier(ctx, r, referentiel.Seul(ref(t)), generator.Font(), s.Session.Identifiant, "https://certidoc.exemple.fr")
			if err != nil {
				t.Fatal(err)
			}
			var avert string
			got := map[string]bool{}
			docs := 0
			for e := range entries {
				if e.File != nil {
					if e.File.Name == documents.AvertissementsName {
						avert = string(e.File.Data)
					}
					continue
				}
				docs++
				got[e.Dir+"/"+e.Doc.Name] = true
			}
			for _, f := range []string{dir + "/parchemin", dir + "/attestation-B"} {
				if got[f] {
					t.Errorf("the dossier after revocation still holds %s", f)
				}
			}
			if len(got) != len(before)-2 || docs != n || n != n0-2 {
				t.Errorf("%d documents (count %d) after revoking 2 of %d (count %d)", len(got), n, len(before), n0)
			}
			for _, want := range []string{"2 documents révoqués", parch, att, "révoqué le 3\u00a0décembre 2026", "Fraude au diplôme constatée", codeAffiche(c.Documents, parch)} {
				if !strings.Contains(avert, want) {
					t.Errorf("AVERTISSEMENTS.txt lacks %q:\n%s", want, avert)
				}
			}
		})
	}
}

func names(entries func(func(documents.Entry) bool)) map[string]bool {
	out := map[string]bool{}
	for e := range entries {
		if e.File == nil {
			out[e.Dir+"/"+e.Doc.Name] = true
		}
	}
	return out
}

func codeAffiche(es []registre.Entry, numero string) string {
	for _, e := range es {
		if e.Numero == numero {
			return e.CodeAffiche()
		}
	}
	return ""
}
