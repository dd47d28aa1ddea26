package documents

import (
	"errors"
	"os"
	"slices"
	"strings"
	"testing"

	"certidoc/generator/fonts"
	"certidoc/referentiel"
	"certidoc/session"
)

// font is the documents' font, as generator.Font gives it (generator
// imports this package: its tests cannot).
var font = session.Font{Covers: fonts.Covers, Replacement: fonts.Replacement}

// exemple loads testdata/session-exemple.json, edited by edit when not nil.
func exemple(t *testing.T, edit func(string) string) (*referentiel.Referentiel, *session.Session, *session.Resultats) {
	t.Helper()
	r, err := referentiel.Embedded()
	if err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile("../testdata/session-exemple.json")
	if err != nil {
		t.Fatal(err)
	}
	if edit != nil {
		data = []byte(edit(string(data)))
	}
	s, _, err := session.Parse(data, r, font)
	if err != nil {
		t.Fatal(err)
	}
	return r, s, session.Deliberer(r, s)
}

// undecideLast leaves the jury's last two decisions (candidate 2022-007's)
// to take: the session becomes a préparatoire.
func undecideLast(s string) string {
	for range 2 {
		i := strings.LastIndex(s, `"decision": "non_valide"`)
		s = s[:i] + `"decision": ""` + s[i+len(`"decision": "non_valide"`):]
	}
	return s
}

func candidate(t *testing.T, d *session.Resultats, num string) *session.ResultatCandidat {
	t.Helper()
	for i := range d.Candidats {
		if d.Candidats[i].Candidat.Numero == num {
			return &d.Candidats[i]
		}
	}
	t.Fatalf("no candidate %s", num)
	return nil
}

func TestCatalogue(t *testing.T) {
	for _, c := range []struct {
		name      string
		edit      func(string) string
		candidat  string
		delivered []string          // every document that exists, in order
		refused   map[string]string // document → words of the reason
	}{
		{name: "full certification", candidat: "2022-001",
			delivered: []string{"grille-A-1", "grille-A-2", "grille-B-1", "grille-B-2", "grille-C-1", "grille-C-2", "grille-D-1", "grille-D-2", "grille-E-1", "grille-E-2",
				"attestation-A", "attestation-B", "attestation-C", "attestation-D", "attestation-E", "parchemin", "notification"},
			refused: map[string]string{}},
		{name: "VAE completing blocs acquired earlier", candidat: "2022-002",
			delivered: []string{"grille-D-1", "grille-D-2", "grille-E-1", "grille-E-2", "attestation-D", "attestation-E", "parchemin", "notification"},
			refused:   map[string]string{"attestation-A": "Le bloc A n’a pas été validé", "grille-A-1": "n’a pas d’évaluation de l’épreuve A-1"}},
		{name: "partial validation", candidat: "2022-003",
			refused: map[string]string{"attestation-D": "Le bloc D n’a pas été validé", "parchemin": "ne détient pas tous les blocs"}},
		{name: "absent", candidat: "2022-005",
			delivered: []string{"notification"},
			refused:   map[string]string{"attestation-A": "n’a pas été validé", "parchemin": "ne détient pas tous les blocs", "grille-A-1": "n’a pas d’évaluation"}},
		{name: "préparatoire: a decided candidate gets grids only", edit: undecideLast, candidat: "2022-001",
			delivered: []string{"grille-A-1", "grille-A-2", "grille-B-1", "grille-B-2", "grille-C-1", "grille-C-2", "grille-D-1", "grille-D-2", "grille-E-1", "grille-E-2"},
			refused: map[string]string{"attestation-A": "1\u00a0candidat attend ses décisions. Une attestation", "parchemin": "Un parchemin n’existe",
				"notification": "seuls le PV préparatoire et les grilles"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			r, s, d := exemple(t, c.edit)
			rc := candidate(t, d, c.candidat)
			items := Catalogue(r, s, d, rc, nil, nil)
			var delivered []string
			for _, it := range items {
				if it.Err != nil {
					if !errors.Is(it.Err, ErrNonDelivrable) {
						t.Errorf("%s: %v does not wrap ErrNonDelivrable", it.Ref, it.Err)
					}
					continue
				}
				delivered = append(delivered, it.Ref.String())
				doc := it.Document()
				if doc.Kind != it.Ref.Kind || doc.Name != it.Ref.String() {
					t.Errorf("%s made a document of kind %q named %q", it.Ref, doc.Kind, doc.Name)
				}
			}
			if c.delivered != nil && !slices.Equal(delivered, c.delivered) {
				t.Errorf("delivered:\n got %v\nwant %v", delivered, c.delivered)
			}
			for name, words := range c.refused {
				i := slices.IndexFunc(items, func(it Item) bool { return it.Ref.String() == name })
				if i < 0 {
					t.Errorf("%s: not in the catalogue", name)
					continue
				}
				nd, ok := errors.AsType[*NonDelivrableError](items[i].Err)
				if !ok {
					t.Errorf("%s: got %v, want a refusal", name, items[i].Err)
					continue
				}
				if !strings.Contains(nd.Motif, words) {
					t.Errorf("%s: reason %q lacks %q", name, nd.Motif, words)
				}
			}
		})
	}
}

// The dossier holds the PV and exactly what the catalogue delivers, and
// CandidateDocument answers each document of the catalogue the same way.
func TestDossierFollowsTheCatalogue(t *testing.T) {
	for _, edit := range []func(string) string{nil, undecideLast} {
		r, s, d := exemple(t, edit)
		var want []string
		for i := range d.Candidats {
			rc := &d.Candidats[i]
			for _, it := range Catalogue(r, s, d, rc, nil, nil) {
				doc, err := CandidateDocument(r, s, d, rc, it.Ref, nil, nil)
				if (err == nil) != (it.Err == nil) || (err == nil && doc.Name != it.Ref.String()) {
					t.Errorf("%s %s: CandidateDocument gave %q, %v; the catalogue %v", rc.Candidat.Numero, it.Ref, doc.Name, err, it.Err)
				}
				if it.Err == nil {
					want = append(want, CandidatDir(rc.Candidat)+"/"+it.Ref.String())
				}
			}
		}
		var got []string
		for e := range Dossier(r, s, d, nil, nil, nil) {
			if e.Dir == "" {
				if e.File != nil && e.File.Name == AvertissementsName {
					continue
				}
				if e.Doc.Kind != KindPV {
					t.Errorf("%s at the top of the dossier", e.Doc.Name)
				}
				continue
			}
			got = append(got, e.Dir+"/"+e.Doc.Name)
		}
		if !slices.Equal(got, want) {
			t.Errorf("dossier:\n got %v\nwant %v", got, want)
		}
		if n := DossierCount(r, s, d); n != len(want)+1 {
			t.Errorf("DossierCount: got %d, want %d", n, len(want)+1)
		}
	}
}

func TestCandidateDocumentUnknown(t *testing.T) {
	r, s, d := exemple(t, nil)
	for _, ref := range []Ref{{Kind: "duplicata"}, {Kind: KindGrille, Bloc: "F", Epreuve: 1}, {Kind: KindAttestation}, {Kind: KindPV}} {
		_, err := CandidateDocument(r, s, d, &d.Candidats[0], ref, nil, nil)
		if !errors.Is(err, ErrNonDelivrable) {
			t.Errorf("%s: got %v, want ErrNonDelivrable", ref, err)
		}
	}
}

// TestCatalogueDelivrances checks that the catalogue issues exactly the
// attestations and parchemins session.Resultats.Delivrances lists (the
// registre records the latter), with the same numbers: decided,
// préparatoire, and after the end of the registration.
func TestCatalogueDelivrances(t *testing.T) {
	for _, c := range []struct {
		name string
		edit func(string) string
	}{
		{"décidée", nil},
		{"préparatoire", undecideLast},
		{"hors enregistrement", func(s string) string {
			return strings.Replace(s, `"deliberation": {`, `"date_delivrance": "2023-03-01", "deliberation": {`, 1)
		}},
	} {
		t.Run(c.name, func(t *testing.T) {
			r, s, d := exemple(t, c.edit)
			issued := 0
			for i := range d.Candidats {
				rc := &d.Candidats[i]
				var got []string
				for _, it := range Catalogue(r, s, d, rc, nil, nil) {
					if it.Err != nil || (it.Ref.Kind != KindAttestation && it.Ref.Kind != KindParchemin) {
						continue
					}
					b, _ := r.Bloc(it.Ref.Bloc)
					got = append(got, session.NumeroDocument(s, rc.Candidat, b))
				}
				var want []string
				for _, dl := range d.Delivrances(s, rc) {
					want = append(want, dl.Numero)
				}
				if !slices.Equal(got, want) {
					t.Errorf("%s: catalogue issues %q, Delivrances %q", rc.Candidat.Numero, got, want)
				}
				issued += len(want)
			}
			if c.name == "décidée" && issued == 0 {
				t.Error("the example session issues nothing")
			}
		})
	}
}
