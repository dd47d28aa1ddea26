package referentiel

import (
	"fmt"
	"slices"
	"strings"

	"certidoc/fr"
)

// Referentiel is one certification's référentiel: what is certified, how it is
// evaluated, and the rule that turns levels into a proposed bloc result.
type Referentiel struct {
	Certification Certification `yaml:"certification" json:"certification"`
	Echelle       Echelle       `yaml:"echelle" json:"echelle"`
	RegleBloc     RegleBloc     `yaml:"regle_bloc" json:"regle_bloc"`
	Blocs         []Bloc        `yaml:"blocs" json:"blocs"`
}

// Certification is the identity of the certification as registered in the
// RNCP. Every field is data of the référentiel file, never a constant in code.
type Certification struct {
	Intitule       string   `yaml:"intitule" json:"intitule"`
	Sigle          string   `yaml:"sigle" json:"sigle"`
	CodeRNCP       string   `yaml:"code_rncp" json:"code_rncp"`
	Niveau         int      `yaml:"niveau" json:"niveau"`
	NiveauEuropeen int      `yaml:"niveau_europeen" json:"niveau_europeen"`
	NSF            []string `yaml:"nsf" json:"nsf"`
	NSFLibelles    []string `yaml:"nsf_libelles" json:"nsf_libelles,omitempty"`
	Certificateur  string   `yaml:"certificateur" json:"certificateur"`
	// DateDecisionFranceCompetences is the date of the France compétences
	// decision that registered the certification (YYYY-MM-DD), empty when
	// not known yet.
	DateDecisionFranceCompetences fr.Date `yaml:"date_decision_france_competences" json:"date_decision_france_competences,omitzero"`
	// DateEcheance is the end of the registration (YYYY-MM-DD), if known.
	// After it, a level is granted only to candidates whose training began
	// on or before it (Code du travail L6113-9).
	DateEcheance fr.Date `yaml:"date_echeance" json:"date_echeance,omitzero"`
	// Successeur is the RNCP code of the certification that replaced this
	// one when its registration ended, if any (RNCP37504 for RNCP36128).
	Successeur string `yaml:"successeur" json:"successeur,omitempty"`
	// AVerifier names the fields above whose value is not verified yet;
	// AVerifierFaits reports them so that nobody prints them unknowingly.
	AVerifier []string `yaml:"a_verifier" json:"a_verifier,omitempty"`
}

// Fait is one fact of the certification's registration that the
// référentiel flags as not verified yet.
type Fait struct {
	Champ   string `json:"champ"`   // such as "certification.date_decision_france_competences"
	Valeur  string `json:"valeur"`  // as the documents print it, "" when empty
	Message string `json:"message"` // in French: what it is, where it is printed, what to do
}

// verifiables names the fields a_verifier may list, with their French
// label and where documents print them.
var verifiables = map[string]struct {
	libelle, usage string
	feminin        bool
}{
	"certificateur":                    {"le certificateur", "imprimé sur chaque document", false},
	"date_decision_france_competences": {"la date de la décision de France compétences", "imprimée sur chaque attestation et chaque parchemin (mention obligatoire)", true},
	"date_echeance":                    {"la date de fin d’enregistrement", "qui décide de la délivrance des niveaux", true},
	"successeur":                       {"la certification qui succède", "nommée quand une délivrance est impossible", true},
	"nsf":                              {"le code NSF", "imprimé sur chaque attestation et chaque parchemin (mention obligatoire)", false},
	"niveau":                           {"le niveau", "imprimé sur chaque attestation et chaque parchemin (mention obligatoire)", false},
	"niveau_europeen":                  {"le niveau européen", "imprimé sur chaque attestation et chaque parchemin (mention obligatoire)", false},
}

// AVerifierFaits returns each fact the référentiel flags as not verified,
// with its value and what to check, in French.
func (r *Referentiel) AVerifierFaits() []Fait {
	c := r.Certification
	var out []Fait
	for _, f := range c.AVerifier {
		v := verifiables[f]
		val := ""
		switch f {
		case "certificateur":
			val = c.Certificateur
		case "date_decision_france_competences":
			val = c.DateDecisionFranceCompetences.Courte()
		case "date_echeance":
			val = c.DateEcheance.Courte()
		case "successeur":
			val = c.Successeur
		case "nsf":
			val = strings.Join(c.NSF, ", ")
		case "niveau":
			val = fmt.Sprint(c.Niveau)
		case "niveau_europeen":
			val = fmt.Sprint(c.NiveauEuropeen)
		}
		e, la := "", "le"
		if v.feminin {
			e, la = "e", "la"
		}
		shown := "non renseigné" + e
		if val != "" {
			shown = "«\u00a0" + val + "\u00a0»"
		}
		out = append(out, Fait{
			Champ:  "certification." + f,
			Valeur: val,
			Message: fmt.Sprintf("%s (%s), %s, n’est pas vérifié%s\u00a0: vérifiez-%s sur la fiche %s du RNCP avant d’imprimer attestations et parchemins.",
				upperFirst(v.libelle), shown, v.usage, e, la, c.CodeRNCP),
		})
	}
	return out
}

// Enregistrement writes the registration in French: the decision's date,
// the end of the registration and the successor, each fact not verified
// yet marked so ("décision du 26/01/2022 (à vérifier), fin le 26/01/2023,
// remplacée par RNCP37504"); "" when the file says nothing of it.
func (r *Referentiel) Enregistrement() string {
	c := r.Certification
	check := func(field string) string {
		if slices.Contains(c.AVerifier, field) {
			return " (à vérifier)"
		}
		return ""
	}
	var parts []string
	if !c.DateDecisionFranceCompetences.IsZero() {
		parts = append(parts, "décision de France compétences du "+c.DateDecisionFranceCompetences.Courte()+check("date_decision_france_competences"))
	}
	if !c.DateEcheance.IsZero() {
		parts = append(parts, "fin le "+c.DateEcheance.Courte()+check("date_echeance"))
	}
	if c.Successeur != "" {
		parts = append(parts, "remplacée par "+c.Successeur+check("successeur"))
	}
	return strings.Join(parts, ", ")
}

// Avertissements returns, in French, what the référentiel asks to check
// before documents are printed from it: one line per unverified fact.
func (r *Referentiel) Avertissements() []string {
	var out []string
	for _, f := range r.AVerifierFaits() {
		out = append(out, "référentiel, "+f.Champ+"\u00a0: "+lowerFirst(f.Message))
	}
	return out
}

// dateFR writes 2022-01-26 as 26/01/2022; anything else as it is.
func upperFirst(s string) string {
	r := []rune(s)
	if len(r) == 0 {
		return s
	}
	return strings.ToUpper(string(r[0])) + string(r[1:])
}

// The scale types a référentiel file may pick.
const (
	// EchelleNiveaux: a level per criterion (Acquis, Partiellement acquis…).
	EchelleNiveaux = "niveaux"
	// EchelleNotes: a mark per épreuve, from Minimum to Maximum by Pas;
	// criteria may still get a level in the épreuves that say so
	// (Epreuve.NiveauxParCritere), from Niveaux.
	EchelleNotes = "notes"
)

// Echelle is the evaluation scale: the levels an evaluator may give a
// criterion, or the marks an épreuve may get.
type Echelle struct {
	Type    string   `yaml:"type" json:"type"`
	Niveaux []Niveau `yaml:"niveaux" json:"niveaux"`
	// Minimum, Maximum and Pas bound the marks of a "notes" scale: 0 to 20
	// by 0.5, say. A mark is a multiple of Pas from Minimum.
	Minimum Decimal `yaml:"minimum" json:"minimum,omitempty"`
	Maximum Decimal `yaml:"maximum" json:"maximum,omitempty"`
	Pas     Decimal `yaml:"pas" json:"pas,omitempty"`
}

// Notes tells whether the scale is of marks.
func (e Echelle) Notes() bool { return e.Type == EchelleNotes }

// NoteValide tells whether a mark is one the scale allows: within its
// bounds and a multiple of its step from its minimum.
func (e Echelle) NoteValide(n Decimal) bool {
	return n >= e.Minimum && n <= e.Maximum && e.Pas > 0 && (n-e.Minimum)%e.Pas == 0
}

// Niveau is one level of the scale, such as "A" for "Acquis".
type Niveau struct {
	Code    CodeNiveau `yaml:"code" json:"code"`
	Libelle string     `yaml:"libelle" json:"libelle"`
	// Feminin is the label agreed with a feminine noun, as a letter says
	// it of a compétence: "partiellement acquise"; the label itself when
	// empty.
	Feminin string `yaml:"feminin" json:"feminin,omitempty"`
}

// CodeNiveau is the code of a level of the scale, as evaluators write it
// in the session ("A", "PA", "NA" in the CISP's). The codes and their
// French labels are the référentiel's data, in its Echelle: the one place
// that knows "PA" means "Partiellement acquis".
type CodeNiveau string

// Niveau returns the level of the scale with the given code.
func (e Echelle) Niveau(code CodeNiveau) (Niveau, bool) {
	for _, n := range e.Niveaux {
		if n.Code == code {
			return n, true
		}
	}
	return Niveau{}, false
}

// Libelle returns the French label of a level ("Acquis"), or its code when
// the scale has no such level.
func (e Echelle) Libelle(code CodeNiveau) string {
	if n, ok := e.Niveau(code); ok {
		return n.Libelle
	}
	return string(code)
}

// Feminin returns the label of a level agreed with a feminine noun (une
// compétence «\u00a0partiellement acquise\u00a0»), or its label when the scale
// gives no feminine form, or its code when the scale has no such level.
func (e Echelle) Feminin(code CodeNiveau) string {
	if n, ok := e.Niveau(code); ok && n.Feminin != "" {
		return n.Feminin
	}
	return e.Libelle(code)
}

// Bloc is a bloc de compétences: the unit a jury validates.
type Bloc struct {
	Lettre    string     `yaml:"lettre" json:"lettre"`
	Code      string     `yaml:"code" json:"code"`
	Intitule  string     `yaml:"intitule" json:"intitule"`
	Activites []Activite `yaml:"activites" json:"activites"`
	Epreuves  []Epreuve  `yaml:"epreuves" json:"epreuves"`
}

// Activite is an activité of the référentiel d'activités and the compétences
// that follow from it.
type Activite struct {
	Code     string `yaml:"code" json:"code"`
	Intitule string `yaml:"intitule" json:"intitule"`
	// Preambule introduces the compétences when the source does (E6).
	Preambule string `yaml:"preambule" json:"preambule,omitempty"`
	// CritereCommun introduces criteria shared by all the compétences of the
	// activité (E6: one criterion with one bullet per compétence).
	CritereCommun string       `yaml:"critere_commun" json:"critere_commun,omitempty"`
	Competences   []Competence `yaml:"competences" json:"competences"`
}

// Competence is one compétence and its critère d'évaluation.
type Competence struct {
	Code     string `yaml:"code" json:"code"`
	Intitule string `yaml:"intitule" json:"intitule"`
	Critere  string `yaml:"critere" json:"critere"`
}

// Epreuve is a modalité d'évaluation of a bloc.
type Epreuve struct {
	Numero     int      `yaml:"numero" json:"numero"`
	Type       string   `yaml:"type" json:"type"`
	Intitule   string   `yaml:"intitule" json:"intitule"`
	Duree      string   `yaml:"duree" json:"duree,omitempty"`
	Contenu    []string `yaml:"contenu" json:"contenu"`
	Modalites  []string `yaml:"modalites" json:"modalites,omitempty"`
	Evaluation string   `yaml:"evaluation" json:"evaluation,omitempty"`
	// Evaluateurs lists one role per signature expected on the grid.
	Evaluateurs []string `yaml:"evaluateurs" json:"evaluateurs"`
	// Competences lists the codes of the compétences the épreuve evaluates.
	Competences []string `yaml:"competences" json:"competences"`
	// Choix records a reading of the source that was a choice.
	Choix string `yaml:"choix" json:"choix,omitempty"`
	// Coefficient weighs the épreuve's mark in its bloc's average (a
	// "notes" scale); 1 when not given.
	Coefficient Decimal `yaml:"coefficient" json:"coefficient,omitempty"`
	// NoteEliminatoire, when set, fails the bloc whatever its average if
	// the épreuve's mark is below it (strictly).
	NoteEliminatoire *Decimal `yaml:"note_eliminatoire" json:"note_eliminatoire,omitempty"`
	// NiveauxParCritere asks, in a marked épreuve, a level of the scale's
	// Niveaux for each criterion besides the mark: shown on the grid and
	// the PV's annex, not used by the bloc rule.
	NiveauxParCritere bool `yaml:"niveaux_par_critere" json:"niveaux_par_critere,omitempty"`
}

// Poids returns the épreuve's coefficient: 1 when the file gives none.
func (e *Epreuve) Poids() Decimal {
	if e.Coefficient == 0 {
		return Unit(1)
	}
	return e.Coefficient
}

// Niveaux tells whether the épreuve's criteria get a level: every
// épreuve of a "niveaux" scale, those that say so on a "notes" scale.
func (r *Referentiel) Niveaux(e *Epreuve) bool {
	return !r.Echelle.Notes() || e.NiveauxParCritere
}

// EpreuveID returns the identifier of one of the bloc's épreuves, such as "B-1".
func (b *Bloc) EpreuveID(e *Epreuve) string {
	return fmt.Sprintf("%s-%d", b.Lettre, e.Numero)
}

// Bloc returns the bloc with the given letter (A, B…).
func (r *Referentiel) Bloc(lettre string) (*Bloc, bool) {
	for i := range r.Blocs {
		if r.Blocs[i].Lettre == lettre {
			return &r.Blocs[i], true
		}
	}
	return nil, false
}

// EpreuveByID returns the bloc and the épreuve an identifier such as "B-1"
// names (as Bloc.EpreuveID writes it), or nil.
func (r *Referentiel) EpreuveByID(id string) (*Bloc, *Epreuve) {
	for i := range r.Blocs {
		b := &r.Blocs[i]
		for j := range b.Epreuves {
			if b.EpreuveID(&b.Epreuves[j]) == id {
				return b, &b.Epreuves[j]
			}
		}
	}
	return nil, nil
}

// EpreuveIDs returns the identifiers of every épreuve, in order ("A-1",
// "A-2", "B-1"…).
func (r *Referentiel) EpreuveIDs() []string {
	var out []string
	for i := range r.Blocs {
		b := &r.Blocs[i]
		for j := range b.Epreuves {
			out = append(out, b.EpreuveID(&b.Epreuves[j]))
		}
	}
	return out
}

// Lettres returns the letters of the blocs, in order.
func (r *Referentiel) Lettres() []string {
	out := make([]string, len(r.Blocs))
	for i, b := range r.Blocs {
		out[i] = b.Lettre
	}
	return out
}

// Epreuve returns the épreuve with the given number.
func (b *Bloc) Epreuve(numero int) (*Epreuve, bool) {
	for i := range b.Epreuves {
		if b.Epreuves[i].Numero == numero {
			return &b.Epreuves[i], true
		}
	}
	return nil, false
}

// Numeros returns the numbers of the bloc's épreuves, in order.
func (b *Bloc) Numeros() []int {
	out := make([]int, len(b.Epreuves))
	for i, e := range b.Epreuves {
		out[i] = e.Numero
	}
	return out
}

// Competence returns the compétence of the bloc with the given code and the
// activité it belongs to.
func (b *Bloc) Competence(code string) (*Competence, *Activite, bool) {
	for i := range b.Activites {
		a := &b.Activites[i]
		for j := range a.Competences {
			if a.Competences[j].Code == code {
				return &a.Competences[j], a, true
			}
		}
	}
	return nil, nil, false
}

// Evaluees returns the compétences an épreuve evaluates, grouped by activité
// in the order of the référentiel.
func (b *Bloc) Evaluees(e *Epreuve) []Groupe {
	want := make(map[string]bool, len(e.Competences))
	for _, c := range e.Competences {
		want[c] = true
	}
	var out []Groupe
	for i := range b.Activites {
		a := &b.Activites[i]
		g := Groupe{Activite: a}
		for _, c := range a.Competences {
			if want[c.Code] {
				g.Competences = append(g.Competences, c)
			}
		}
		if len(g.Competences) > 0 {
			out = append(out, g)
		}
	}
	return out
}

// Groupe is the part of an activité's compétences that one épreuve evaluates.
type Groupe struct {
	Activite    *Activite
	Competences []Competence
}

func verifiableNames() []string {
	out := make([]string, 0, len(verifiables))
	for k := range verifiables {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

func lowerFirst(s string) string {
	r := []rune(s)
	if len(r) == 0 {
		return s
	}
	return strings.ToLower(string(r[0])) + string(r[1:])
}
