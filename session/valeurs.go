package session

// The session's coded values, each with its French label and agreements:
// the one place that knows "Mme" means "Madame" and that a woman is
// "absente".

// Civilite is how a person is addressed, as the session file writes it.
type Civilite string

// The civilités.
const (
	Madame   Civilite = "Mme"
	Monsieur Civilite = "M."
)

// Civilites lists the valid civilités.
var Civilites = []Civilite{Madame, Monsieur}

// Valid tells whether c is one of Civilites.
func (c Civilite) Valid() bool { return c == Madame || c == Monsieur }

// Long writes the civilité in full: "Madame", "Monsieur".
func (c Civilite) Long() string {
	if c == Madame {
		return "Madame"
	}
	return "Monsieur"
}

// Feminine tells whether the civilité is a woman's.
func (c Civilite) Feminine() bool { return c == Madame }

// Sexe is a candidate's sex as the état civil and the Caisse des Dépôts
// record it.
type Sexe string

// The sexes.
const (
	Feminin  Sexe = "F"
	Masculin Sexe = "M"
)

// Valid tells whether s is F or M.
func (s Sexe) Valid() bool { return s == Feminin || s == Masculin }

// Accord returns the feminine form for a woman: s.Accord("né", "née").
func (s Sexe) Accord(masc, fem string) string {
	if s == Feminin {
		return fem
	}
	return masc
}

// Role is a jury member's role, as the session file writes it.
type Role string

// The roles of jury members.
const (
	RolePresident Role = "president"
	RoleMembre    Role = "membre"
)

// Roles lists the roles, in the order forms show them.
var Roles = []Role{RolePresident, RoleMembre}

// Valid tells whether r is one of Roles.
func (r Role) Valid() bool { return r == RolePresident || r == RoleMembre }

// Libelle returns the role's French label as lists write it: "président",
// "membre"; its code when unknown.
func (r Role) Libelle() string {
	switch r {
	case RolePresident:
		return "président"
	case RoleMembre:
		return "membre"
	}
	return string(r)
}

// Titre returns the role as a title, agreed with the member's civilité:
// "Présidente", "Président", "Membre".
func (r Role) Titre(c Civilite) string {
	switch {
	case r == RolePresident && c.Feminine():
		return "Présidente"
	case r == RolePresident:
		return "Président"
	}
	return "Membre"
}

// Verdict is the jury's decision on a bloc; empty while the jury has not
// decided.
type Verdict string

// The jury's decisions on a bloc.
const (
	DecisionValide    Verdict = "valide"
	DecisionNonValide Verdict = "non_valide"
	DecisionAbsent    Verdict = "absent"
)

// Verdicts lists the decisions the jury can take.
var Verdicts = []Verdict{DecisionValide, DecisionNonValide, DecisionAbsent}

// Valid tells whether v is one of Verdicts (an empty one is not).
func (v Verdict) Valid() bool {
	return v == DecisionValide || v == DecisionNonValide || v == DecisionAbsent
}

// Libelle returns the French label of a decision: "validé", "non validé",
// "absent", or "à prendre" while it is empty.
func (v Verdict) Libelle() string {
	switch v {
	case DecisionValide:
		return "validé"
	case DecisionNonValide:
		return "non validé"
	case DecisionAbsent:
		return "absent"
	}
	return "à prendre"
}

// Voie is a route (voie d'accès) to the certification.
type Voie string

// The routes.
const (
	VoieFormationContinue Voie = "formation_continue"
	VoieApprentissage     Voie = "apprentissage"
	VoieProfessionnalisat Voie = "contrat_professionnalisation"
	VoieVAE               Voie = "vae"
	VoieCandidatLibre     Voie = "candidat_libre"
)

// Voies lists the routes, in the order forms show them.
var Voies = []Voie{VoieFormationContinue, VoieApprentissage, VoieProfessionnalisat, VoieVAE, VoieCandidatLibre}

var voieLibelles = map[Voie]string{
	VoieFormationContinue: "Formation continue",
	VoieApprentissage:     "Apprentissage",
	VoieProfessionnalisat: "Contrat de professionnalisation",
	VoieVAE:               "VAE",
	VoieCandidatLibre:     "Candidat libre",
}

// Valid tells whether v is one of Voies.
func (v Voie) Valid() bool { _, ok := voieLibelles[v]; return ok }

// Libelle returns the French label of a route, or its code when unknown.
func (v Voie) Libelle() string {
	if l, ok := voieLibelles[v]; ok {
		return l
	}
	return string(v)
}
