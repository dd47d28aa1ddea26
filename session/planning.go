package session

import (
	"certidoc/fr"
)

// Planning is when and where the session's épreuves are sat: the sittings,
// whom each convenes, and what every convocation says besides. The
// deliberation's date, time and place are the session's
// (session.deliberation). A session without a planning is valid: the
// documents before the jury then cannot be made.
type Planning struct {
	Seances []Seance `json:"seances"`
	// ContactAmenagement is whom a candidate contacts for an adjustment of
	// the épreuves (aménagement, for a disability): a name, a telephone, an
	// address. Every convocation prints it.
	ContactAmenagement string `json:"contact_amenagement"`
	// DateConvocation is the date the convocations are sent; empty, the day
	// they are made.
	DateConvocation fr.Date `json:"date_convocation,omitzero"`
}

// Forme is how a sitting is held, which decides its attendance sheet.
type Forme string

// The forms of a sitting.
const (
	// FormeEcrit: the candidates sit together for the whole sitting; they
	// sign on arrival and on departure.
	FormeEcrit Forme = "ecrit"
	// FormeOral: each candidate comes at a passage time (an oral, an
	// interview, a mise en situation); they sign once.
	FormeOral Forme = "oral"
	// FormeRemise: the candidates hand in a dossier; they sign for it.
	FormeRemise Forme = "remise"
)

// Formes lists the forms of a sitting, in the order the workbook offers them.
var Formes = []Forme{FormeEcrit, FormeOral, FormeRemise}

// Valid tells whether f is one of Formes.
func (f Forme) Valid() bool {
	for _, g := range Formes {
		if f == g {
			return true
		}
	}
	return false
}

// Libelle is the form as documents print it.
func (f Forme) Libelle() string {
	switch f {
	case FormeEcrit:
		return "Épreuve écrite"
	case FormeOral:
		return "Épreuve orale ou mise en situation"
	case FormeRemise:
		return "Remise de dossier"
	}
	return string(f)
}

// Seance is one sitting: one or more épreuves sat at one place and time,
// before its evaluators, by the candidates it convenes.
type Seance struct {
	// ID names the sitting, unique in the session ("S1", "oral-B"): the
	// attendance sheet's file and the routes use it.
	ID string `json:"id"`
	// Epreuves are the épreuves sat, by identifier ("B-1").
	Epreuves []string `json:"epreuves"`
	Forme    Forme    `json:"forme"`
	Date     fr.Date  `json:"date"`
	Heure    fr.Heure `json:"heure"`
	// DureeMinutes is how long the sitting lasts, from Heure.
	DureeMinutes int `json:"duree_minutes"`
	// Lieu is the address of the place, one line ("12 rue des Lilas,
	// 31000 Toulouse"); Salle the room.
	Lieu        string       `json:"lieu"`
	Salle       string       `json:"salle,omitempty"`
	Evaluateurs []Evaluateur `json:"evaluateurs,omitempty"`
	// DureePassageMinutes is how long one candidate's passage lasts in an
	// oral sitting; each convened candidate then has a passage time.
	DureePassageMinutes int        `json:"duree_passage_minutes,omitempty"`
	Candidats           []Convoque `json:"candidats"`
}

// Convoque is one candidate convened to a sitting.
type Convoque struct {
	Numero string `json:"numero"`
	// Heure is the candidate's passage time in an oral sitting.
	Heure fr.Heure `json:"heure,omitzero"`
}
