package certificateur

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"certidoc/fr"
)

// Textes are the texts a certifier may write itself. Each may hold
// placeholders between braces, replaced when a document is made; "{{" and
// "}}" write a brace. The mandatory mentions (RNCP registration, levels,
// France compétences' decision, bloc codes, "acquis à vie"…) are not in
// these texts: they are printed whatever the texts say.
type Textes struct {
	// LettreAppel opens the letter: "{civilite},".
	LettreAppel string `yaml:"lettre_appel,omitempty" json:"lettre_appel,omitempty"`
	// LettrePolitesse closes it, before the signature.
	LettrePolitesse string `yaml:"lettre_politesse,omitempty" json:"lettre_politesse,omitempty"`
	// LettreSuite says what comes next to a candidate with blocs left.
	LettreSuite string `yaml:"lettre_suite,omitempty" json:"lettre_suite,omitempty"`
	// ParcheminFormule follows the holder's name on the parchemin.
	ParcheminFormule string `yaml:"parchemin_formule,omitempty" json:"parchemin_formule,omitempty"`
	// AttestationFormule precedes the holder's name on an attestation.
	AttestationFormule string `yaml:"attestation_formule,omitempty" json:"attestation_formule,omitempty"`
	// PiedDePage is a line printed at the foot of every page of every
	// document; empty, none.
	PiedDePage string `yaml:"pied_de_page,omitempty" json:"pied_de_page,omitempty"`
}

// Texte names one of the texts.
type Texte string

// The texts, by their key in the profile.
const (
	LettreAppel        Texte = "lettre_appel"
	LettrePolitesse    Texte = "lettre_politesse"
	LettreSuite        Texte = "lettre_suite"
	ParcheminFormule   Texte = "parchemin_formule"
	AttestationFormule Texte = "attestation_formule"
	PiedDePage         Texte = "pied_de_page"
)

// Placeholder is one value a text may name.
type Placeholder struct {
	Nom         string // without braces: "civilite"
	Description string // in French, for the documentation and the errors
}

// Placeholders lists every placeholder, in the documentation's order.
var Placeholders = []Placeholder{
	{"civilite", "Madame ou Monsieur, selon la civilité du candidat"},
	{"nom", "le nom du candidat tel que les documents l’écrivent (prénoms puis NOM)"},
	{"certification", "l’intitulé de la certification"},
	{"sigle", "le sigle de la certification (CISP)"},
	{"code_rncp", "le code RNCP de la certification (RNCP36128)"},
	{"session", "l’identifiant de la session"},
	{"date_deliberation", "la date de la délibération du jury, en toutes lettres"},
	{"date_delivrance", "la date de délivrance, en toutes lettres"},
	{"certificateur", "la raison sociale du certificateur"},
	{"ville", "la ville du certificateur"},
	{"bloc", "le bloc attesté\u00a0: sa lettre et son code (attestation seulement)"},
	{"blocs_restants", "les blocs qu’il reste à valider\u00a0: «\u00a0le bloc C\u00a0», «\u00a0les blocs C et D\u00a0» (lettre_suite seulement)"},
	{"siret", "le SIRET du certificateur"},
	{"site_web", "le site web du certificateur"},
}

// textRule is what one text may hold.
type textRule struct {
	max          int // characters
	placeholders []string
	defaut       string
}

var (
	candidat  = []string{"civilite", "nom", "certification", "sigle", "code_rncp", "session", "date_deliberation", "date_delivrance", "certificateur", "ville"}
	organisme = []string{"certificateur", "ville", "siret", "site_web"}
)

// textRules gives each text its length, its placeholders and its default
// (the documents' wording before profiles existed).
var textRules = map[Texte]textRule{
	LettreAppel:        {60, candidat, "{civilite},"},
	LettrePolitesse:    {400, candidat, "Nous vous prions d’agréer, {civilite}, l’expression de nos salutations distinguées."},
	LettreSuite:        {600, append([]string{"blocs_restants"}, candidat...), "Pour obtenir la certification, il vous reste à valider {blocs_restants} lors d’une prochaine session."},
	ParcheminFormule:   {300, candidat, "au vu de la décision du jury de certification du {date_deliberation} (session {session})."},
	AttestationFormule: {300, append([]string{"bloc"}, candidat...), "{certificateur}, organisme certificateur, atteste que"},
	PiedDePage:         {150, organisme, ""},
}

// TextesOrder lists the texts in the documentation's order.
var TextesOrder = []Texte{LettreAppel, LettrePolitesse, LettreSuite, ParcheminFormule, AttestationFormule, PiedDePage}

// Max returns the longest a text may be, in characters.
func (t Texte) Max() int { return textRules[t].max }

// Placeholders returns the placeholders the text may name.
func (t Texte) Placeholders() []string { return textRules[t].placeholders }

// Defaut returns the text used when the profile gives none.
func (t Texte) Defaut() string { return textRules[t].defaut }

// get returns the profile's text t, as written.
func (x *Textes) get(t Texte) *string {
	switch t {
	case LettreAppel:
		return &x.LettreAppel
	case LettrePolitesse:
		return &x.LettrePolitesse
	case LettreSuite:
		return &x.LettreSuite
	case ParcheminFormule:
		return &x.ParcheminFormule
	case AttestationFormule:
		return &x.AttestationFormule
	case PiedDePage:
		return &x.PiedDePage
	}
	return new(string)
}

// TexteSource returns text t as the profile writes it, placeholders and
// all: its own, or the default.
func (p *Profil) TexteSource(t Texte) string {
	if p != nil {
		if src := *p.Textes.get(t); strings.TrimSpace(src) != "" {
			return src
		}
	}
	return t.Defaut()
}

// Valeurs are the values of the placeholders for one document.
type Valeurs map[string]string

// Texte returns text t for a document: the profile's or the default, its
// placeholders replaced by vals, with French typography. The profile was
// checked at load: every placeholder it names is one the text may name.
func (p *Profil) Texte(t Texte, vals Valeurs) string {
	src := ""
	if p != nil {
		src = *p.Textes.get(t)
	}
	if strings.TrimSpace(src) == "" {
		src = t.Defaut()
	}
	if p != nil {
		vals = p.withOrganisme(vals)
	}
	out, _ := expand(src, func(name string) (string, bool) {
		v, ok := vals[name]
		return v, ok
	})
	return fr.Typo(out)
}

// withOrganisme adds the profile's own placeholders to vals.
func (p *Profil) withOrganisme(vals Valeurs) Valeurs {
	out := make(Valeurs, len(vals)+4)
	out["certificateur"] = p.RaisonSociale
	out["ville"] = p.Ville
	out["siret"] = p.SIRET
	out["site_web"] = p.SiteWeb
	for k, v := range vals {
		out[k] = v
	}
	return out
}

// expand replaces the placeholders of src by what value gives; it returns
// the first problem it meets ("" when none), in French, the text still
// expanded as well as it could be.
func expand(src string, value func(string) (string, bool)) (string, string) {
	var b strings.Builder
	problem := ""
	note := func(msg string) {
		if problem == "" {
			problem = msg
		}
	}
	for i := 0; i < len(src); {
		switch {
		case strings.HasPrefix(src[i:], "{{"):
			b.WriteByte('{')
			i += 2
		case strings.HasPrefix(src[i:], "}}"):
			b.WriteByte('}')
			i += 2
		case src[i] == '{':
			end := strings.IndexAny(src[i+1:], "{}")
			if end < 0 || src[i+1+end] == '{' {
				note(fmt.Sprintf("accolade ouverte sans accolade fermante après «\u00a0%s\u00a0» (écrivez {{ pour une accolade)", excerpt(src[:i+1])))
				b.WriteString(src[i:])
				i = len(src)
				continue
			}
			name := src[i+1 : i+1+end]
			v, ok := value(name)
			if !ok {
				note(fmt.Sprintf("repère {%s} inconnu", name))
			}
			b.WriteString(v)
			i += end + 2
		case src[i] == '}':
			note(fmt.Sprintf("accolade fermante sans accolade ouvrante après «\u00a0%s\u00a0» (écrivez }} pour une accolade)", excerpt(src[:i+1])))
			b.WriteByte('}')
			i++
		default:
			b.WriteByte(src[i])
			i++
		}
	}
	return b.String(), problem
}

// excerpt is the end of s, for a message: at most 30 characters.
func excerpt(s string) string {
	if utf8.RuneCountInString(s) <= 30 {
		return s
	}
	r := []rune(s)
	return "…" + string(r[len(r)-30:])
}

// checkText returns what is wrong with the profile's text t ("" when
// nothing).
func checkText(t Texte, src string) string {
	rule := textRules[t]
	if n := utf8.RuneCountInString(src); n > rule.max {
		return fmt.Sprintf("texte trop long (%d caractères)\u00a0: %d au plus", n, rule.max)
	}
	allowed := map[string]bool{}
	for _, name := range rule.placeholders {
		allowed[name] = true
	}
	_, problem := expand(src, func(name string) (string, bool) { return "", allowed[name] })
	if strings.HasPrefix(problem, "repère {") {
		problem += "\u00a0: ce texte connaît " + "{" + strings.Join(rule.placeholders, "}, {") + "}"
	}
	return problem
}
