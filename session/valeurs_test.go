package session

import (
	"encoding/json"
	"testing"
)

func TestValeurs(t *testing.T) {
	for _, c := range []struct{ name, got, want string }{
		{"Madame", Madame.Long(), "Madame"},
		{"Monsieur", Monsieur.Long(), "Monsieur"},
		{"née", Feminin.Accord("né", "née"), "née"},
		{"né", Masculin.Accord("né", "née"), "né"},
		{"validé", DecisionValide.Libelle(), "validé"},
		{"non validé", DecisionNonValide.Libelle(), "non validé"},
		{"absent", DecisionAbsent.Libelle(), "absent"},
		{"undecided", Verdict("").Libelle(), "à prendre"},
		{"VAE", VoieVAE.Libelle(), "VAE"},
		{"contrat", VoieProfessionnalisat.Libelle(), "Contrat de professionnalisation"},
		{"unknown route", Voie("autre").Libelle(), "autre"},
		{"président", RolePresident.Libelle(), "président"},
		{"membre", RoleMembre.Libelle(), "membre"},
		{"unknown role", Role("secrétaire").Libelle(), "secrétaire"},
		{"Présidente", RolePresident.Titre(Madame), "Présidente"},
		{"Président", RolePresident.Titre(Monsieur), "Président"},
		{"Membre, a woman", RoleMembre.Titre(Madame), "Membre"},
	} {
		if c.got != c.want {
			t.Errorf("%s: got %q, want %q", c.name, c.got, c.want)
		}
	}
	for _, c := range []struct {
		name  string
		valid bool
		want  bool
	}{
		{"Mme", Civilite("Mme").Valid(), true},
		{"Madame spelt out", Civilite("Madame").Valid(), false},
		{"F", Sexe("F").Valid(), true},
		{"f", Sexe("f").Valid(), false},
		{"valide", Verdict("valide").Valid(), true},
		{"undecided", Verdict("").Valid(), false},
		{"vae", Voie("vae").Valid(), true},
		{"VAE", Voie("VAE").Valid(), false},
		{"president", Role("president").Valid(), true},
		{"président spelt in French", Role("président").Valid(), false},
		{"no role", Role("").Valid(), false},
	} {
		if c.valid != c.want {
			t.Errorf("%s: Valid() = %v, want %v", c.name, c.valid, c.want)
		}
	}
	// The typed values stay plain strings in the session file.
	var cand Candidat
	if err := json.Unmarshal([]byte(`{"civilite":"Mme","sexe":"F","voie_acces":"vae","decisions":[{"bloc":"A","decision":"absent"}]}`), &cand); err != nil {
		t.Fatal(err)
	}
	if cand.Civilite != Madame || cand.Sexe != Feminin || cand.Voie != VoieVAE || cand.Decisions[0].Decision != DecisionAbsent {
		t.Errorf("decoded %+v", cand)
	}
	if cand.Accord("absent", "absente") != "absente" {
		t.Error("a woman's result does not agree")
	}
}

// The results as the PV and the page write them, from the deliberation's
// types.
func TestResultLabels(t *testing.T) {
	she, he := &Candidat{Sexe: Feminin}, &Candidat{Sexe: Masculin}
	for _, c := range []struct {
		name, got, want string
	}{
		{"absent woman", (&ResultatCandidat{Candidat: she, Resultat: Absent}).Libelle(), "Absente"},
		{"absent man", (&ResultatCandidat{Candidat: he, Resultat: Absent}).Libelle(), "Absent"},
		{"totale", (&ResultatCandidat{Candidat: she, Resultat: Totale}).Libelle(), "Certification totale"},
		{"undecided", (&ResultatCandidat{Candidat: he}).Libelle(), "Décision à prendre"},
		{"proposed partial", (&ResultatCandidat{Candidat: he, Provisoire: Partielle}).LibelleProvisoire(), "validation partielle"},
		{"proposal not yet known", (&ResultatCandidat{Candidat: he, Provisoire: EnAttente}).LibelleProvisoire(), "à établir"},
	} {
		if c.got != c.want {
			t.Errorf("%s: got %q, want %q", c.name, c.got, c.want)
		}
	}
}
