package session

import (
	"certidoc/fr"
	"certidoc/referentiel"
)

// Session is one exam session of a certification, as the secrétariat
// describes it in JSON (see testdata/session-exemple.json).
type Session struct {
	// Certification is the RNCP code of the certification the session is
	// of (RNCP36128). Optional while the service holds one référentiel,
	// or for the default one.
	Certification      string     `json:"certification,omitempty"`
	Certificateur      Organisme  `json:"certificateur"`
	OrganismeFormation Organisme  `json:"organisme_formation"`
	Signataire         Signataire `json:"signataire"`
	Session            Infos      `json:"session"`
	Jury               []Membre   `json:"jury"`
	Candidats          []Candidat `json:"candidats"`
	Incidents          []string   `json:"incidents,omitempty"`
	// Planning is when and where the épreuves are sat, for the documents
	// before the jury (convocations, attendance sheets); optional.
	Planning *Planning `json:"planning,omitempty"`
}

// Organisme is a body: the certifier or the training body.
type Organisme struct {
	RaisonSociale string `json:"raison_sociale"`
	Adresse       string `json:"adresse"`
	CodePostal    string `json:"code_postal"`
	Ville         string `json:"ville"`
	// Recours is the certifier's appeal route, as its règlement de
	// certification sets it: the text that ends every letter refusing a
	// bloc. Empty, a default naming the certifier and a delay of two months
	// is used. Only the certifier's is read.
	Recours string `json:"recours,omitempty"`
}

// Signataire is who signs the certificates for the certifier.
type Signataire struct {
	Nom     string `json:"nom"`
	Qualite string `json:"qualite"`
}

// Infos identifies the session and its deliberation.
type Infos struct {
	Identifiant  string       `json:"identifiant"`
	EpreuvesDu   fr.Date      `json:"epreuves_du"`
	EpreuvesAu   fr.Date      `json:"epreuves_au"`
	Deliberation Deliberation `json:"deliberation"`
	// DateDelivrance is the date of issue of attestations and parchemins;
	// the deliberation's date when empty.
	DateDelivrance fr.Date `json:"date_delivrance,omitzero"`
}

// Delivrance returns the date of issue of attestations and parchemins:
// DateDelivrance, or the deliberation's date when it is empty.
func (i Infos) Delivrance() fr.Date {
	if !i.DateDelivrance.IsZero() {
		return i.DateDelivrance
	}
	return i.Deliberation.Date
}

// Deliberation is when and where the jury meets.
type Deliberation struct {
	Date  fr.Date  `json:"date"`
	Heure fr.Heure `json:"heure"`
	Lieu  string   `json:"lieu"`
}

// Membre is a member of the jury.
type Membre struct {
	Civilite     Civilite `json:"civilite"`
	Nom          string   `json:"nom"`
	Prenom       string   `json:"prenom"`
	Role         Role     `json:"role"`
	Organisation string   `json:"organisation"`
	// Externe is true for a member from outside the training body.
	Externe bool `json:"externe"`
	// VoixDeliberative is false for a member who attends without voting.
	VoixDeliberative bool `json:"voix_deliberative"`
	// Adresse is the member's postal address for the convocation to the
	// deliberation, one line per item; optional.
	Adresse []string `json:"adresse,omitempty"`
}

// Candidat is one candidate of the session.
type Candidat struct {
	Numero       string    `json:"numero"`
	Civilite     Civilite  `json:"civilite"`
	NomNaissance string    `json:"nom_naissance"`
	NomUsage     string    `json:"nom_usage,omitempty"`
	Prenoms      string    `json:"prenoms"`
	Sexe         Sexe      `json:"sexe"`
	Naissance    Naissance `json:"naissance"`
	// Adresse is the postal address for the letter, one line per item.
	Adresse        []string     `json:"adresse,omitempty"`
	Voie           Voie         `json:"voie_acces"`
	BlocsPresentes []string     `json:"blocs_presentes"`
	BlocsAcquis    []BlocAcquis `json:"blocs_acquis,omitempty"`
	Formateurs     []string     `json:"formateurs,omitempty"`
	Evaluations    []Evaluation `json:"evaluations,omitempty"`
	Decisions      []Decision   `json:"decisions,omitempty"`
	Preconisations string       `json:"preconisations,omitempty"`
	// DebutFormation is the date the candidate's training began, if given.
	// Once the certification's registration has ended, a level is granted
	// only to candidates whose training began on or before its end.
	DebutFormation fr.Date `json:"debut_formation,omitzero"`
	// packed holds the evaluations instead of Evaluations once the
	// candidate is packed (pack.go): nil otherwise.
	packed []byte
}

// Naissance is a birth date and place: a French commune with its INSEE code,
// or a commune abroad with its country (ISO 3166 alpha-3 code and name).
type Naissance struct {
	Date        fr.Date `json:"date"`
	Commune     string  `json:"commune"`
	CodeINSEE   string  `json:"code_insee,omitempty"`
	Pays        string  `json:"pays,omitempty"`
	PaysLibelle string  `json:"pays_libelle,omitempty"`
}

// NeeALEtranger tells whether the candidate was born outside France.
func (n Naissance) NeeALEtranger() bool { return n.Pays != "" && n.Pays != "FRA" }

// BlocAcquis is a bloc validated in an earlier session.
type BlocAcquis struct {
	Bloc    string  `json:"bloc"`
	Date    fr.Date `json:"date"`
	Session string  `json:"session"`
}

// Evaluation is the result of one épreuve for one candidate.
type Evaluation struct {
	Bloc        string       `json:"bloc"`
	Epreuve     int          `json:"epreuve"`
	Date        fr.Date      `json:"date"`
	Lieu        string       `json:"lieu,omitempty"`
	Evaluateurs []Evaluateur `json:"evaluateurs"`
	Criteres    []Critere    `json:"criteres"`
	// Note is the épreuve's mark, with a référentiel whose scale is of
	// marks; nil otherwise.
	Note         *referentiel.Decimal `json:"note,omitempty"`
	Appreciation string               `json:"appreciation,omitempty"`
}

// Evaluateur is one evaluator of an épreuve.
type Evaluateur struct {
	Nom  string `json:"nom"`
	Role string `json:"role"`
}

// Critere is the level given to one compétence's criterion, and why. In a
// marked épreuve whose criteria get no level, Niveau is empty and the
// criterion carries a comment only.
type Critere struct {
	Competence  string                 `json:"competence"`
	Niveau      referentiel.CodeNiveau `json:"niveau,omitempty"`
	Commentaire string                 `json:"commentaire,omitempty"`
}

// Decision is the jury's decision on one bloc. The jury is sovereign: a
// decision differing from the grids' proposal needs a Motif. An empty
// Decision means the jury has not decided yet.
type Decision struct {
	Bloc     string  `json:"bloc"`
	Decision Verdict `json:"decision"`
	Motif    string  `json:"motif,omitempty"`
}

// NomComplet returns the candidate's name as documents print it: first
// names, then the usage name (or birth name) in capitals.
func (c *Candidat) NomComplet() string {
	return c.Prenoms + " " + upper(c.NomAffiche())
}

// NomAffiche returns the usage name, or the birth name when there is none.
func (c *Candidat) NomAffiche() string {
	if c.NomUsage != "" {
		return c.NomUsage
	}
	return c.NomNaissance
}

// Accord returns the feminine form for a woman: c.Accord("né", "née").
func (c *Candidat) Accord(masc, fem string) string { return c.Sexe.Accord(masc, fem) }
