package classeur

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"certidoc/referentiel"
	"certidoc/session"
)

// Version is the layout version of the entry workbook; an import refuses a
// workbook of another version.
const Version = "1"

// Sheet names.
const (
	sheetLisezMoi   = "Lisez-moi"
	sheetSession    = "Session"
	sheetJury       = "Jury"
	sheetCandidats  = "Candidats"
	sheetAcquis     = "Blocs acquis"
	sheetDecisions  = "Décisions"
	sheetIncidents  = "Incidents"
	sheetListes     = "Listes"
	sheetCalculs    = "Calculs"
	sheetMeta       = "certidoc"
	metaMarker      = "certidoc-classeur"
	firstDataRow    = 3 // row 1: column titles, row 2: help
	evaluatorsPerEp = 2
)

// Session sheet: one labelled value per row. field returns the session's
// field the row holds: a *string, *fr.Date or *fr.Heure.
var sessionFields = []struct {
	Label string
	field func(s *session.Session) any
}{
	{"Identifiant de la session", func(s *session.Session) any { return &s.Session.Identifiant }},
	{"Première épreuve", func(s *session.Session) any { return &s.Session.EpreuvesDu }},
	{"Dernière épreuve", func(s *session.Session) any { return &s.Session.EpreuvesAu }},
	{"Date de la délibération", func(s *session.Session) any { return &s.Session.Deliberation.Date }},
	{"Heure de la délibération (HH:MM)", func(s *session.Session) any { return &s.Session.Deliberation.Heure }},
	{"Lieu de la délibération", func(s *session.Session) any { return &s.Session.Deliberation.Lieu }},
	{"Date de délivrance (facultative)", func(s *session.Session) any { return &s.Session.DateDelivrance }},
	{"Certificateur – raison sociale", func(s *session.Session) any { return &s.Certificateur.RaisonSociale }},
	{"Certificateur – adresse", func(s *session.Session) any { return &s.Certificateur.Adresse }},
	{"Certificateur – code postal", func(s *session.Session) any { return &s.Certificateur.CodePostal }},
	{"Certificateur – ville", func(s *session.Session) any { return &s.Certificateur.Ville }},
	{labelRecours, func(s *session.Session) any { return &s.Certificateur.Recours }},
	{"Organisme de formation – raison sociale", func(s *session.Session) any { return &s.OrganismeFormation.RaisonSociale }},
	{"Organisme de formation – adresse", func(s *session.Session) any { return &s.OrganismeFormation.Adresse }},
	{"Organisme de formation – code postal", func(s *session.Session) any { return &s.OrganismeFormation.CodePostal }},
	{"Organisme de formation – ville", func(s *session.Session) any { return &s.OrganismeFormation.Ville }},
	{"Signataire des parchemins – nom", func(s *session.Session) any { return &s.Signataire.Nom }},
	{"Signataire des parchemins – qualité", func(s *session.Session) any { return &s.Signataire.Qualite }},
}

// labelRecours is the row of the certifier's appeal route, printed at the
// end of a letter with a bloc not validated; empty, the letters give the
// default route (documents.Recours). Workbooks made before this row
// existed lack it, and import as if it were empty.
const labelRecours = "Certificateur – voie de recours (facultative)"

// sessionPaths maps a Session-sheet label to its JSON path, for errors.
var sessionPaths = map[string]string{
	"Identifiant de la session":               "session.identifiant",
	"Première épreuve":                        "session.epreuves_du",
	"Dernière épreuve":                        "session.epreuves_au",
	"Date de la délibération":                 "session.deliberation.date",
	"Heure de la délibération (HH:MM)":        "session.deliberation.heure",
	"Lieu de la délibération":                 "session.deliberation.lieu",
	"Date de délivrance (facultative)":        "session.date_delivrance",
	"Certificateur – raison sociale":          "certificateur.raison_sociale",
	"Certificateur – adresse":                 "certificateur.adresse",
	"Certificateur – code postal":             "certificateur.code_postal",
	"Certificateur – ville":                   "certificateur.ville",
	labelRecours:                              "certificateur.recours",
	"Organisme de formation – raison sociale": "organisme_formation.raison_sociale",
	"Organisme de formation – adresse":        "organisme_formation.adresse",
	"Organisme de formation – code postal":    "organisme_formation.code_postal",
	"Organisme de formation – ville":          "organisme_formation.ville",
	"Signataire des parchemins – nom":         "signataire.nom",
	"Signataire des parchemins – qualité":     "signataire.qualite",
}

// column is one column of a table sheet: its title, a help line, its width
// and the JSON field it fills (for errors).
type column struct {
	Title string
	Help  string
	Width float64
	Field string
}

var juryColumns = []column{
	{"Civilité", "Mme ou M.", 10, "civilite"},
	{"Nom", "", 22, "nom"},
	{"Prénom", "", 18, "prenom"},
	{"Rôle", "président ou membre", 14, "role"},
	{"Organisation", "", 38, "organisation"},
	{"Externe", "Oui\u00a0: extérieur à l’organisme de formation", 12, "externe"},
	{"Voix délibérative", "Oui ou Non", 12, "voix_deliberative"},
}

// juryOptional come last on the Jury sheet; a workbook made before they
// existed still imports (the column is then empty for every row).
var juryOptional = []column{
	{"Adresse postale", "pour la convocation à la délibération : une ligne par retour à la ligne (Alt+Entrée)", 30, "adresse"},
}

// candidatColumns come first on the Candidats sheet; one "Bloc X présenté"
// column per bloc follows, then candidatTail.
var candidatColumns = []column{
	{"Numéro", "unique", 12, "numero"},
	{"Civilité", "Mme ou M.", 9, "civilite"},
	{"Nom de naissance", "", 22, "nom_naissance"},
	{"Nom d’usage", "facultatif", 18, "nom_usage"},
	{"Prénoms", "dans l’ordre de l’état civil", 22, "prenoms"},
	{"Sexe", "F ou M", 7, "sexe"},
	{"Date de naissance", "JJ/MM/AAAA", 13, "naissance.date"},
	{"Commune de naissance", "", 18, "naissance.commune"},
	{"Code INSEE de la commune", "né(e) en France, ex. 69123", 12, "naissance.code_insee"},
	{"Pays de naissance (code)", "né(e) à l’étranger\u00a0: code à 3 lettres, ex. BEL", 12, "naissance.pays"},
	{"Pays de naissance", "né(e) à l’étranger, ex. Belgique", 14, "naissance.pays_libelle"},
	{"Adresse postale", "une ligne par retour à la ligne (Alt+Entrée)", 28, "adresse"},
	{"Voie d’accès", "liste", 24, "voie_acces"},
}

var candidatTail = []column{
	{"Formateurs", "séparés par des points-virgules", 24, "formateurs"},
	{"Préconisations du jury", "pour les blocs non validés", 40, "preconisations"},
}

// candidatOptional come last on the Candidats sheet; a workbook made before
// they existed still imports (the column is then empty for every row).
var candidatOptional = []column{
	{"Début de formation", "JJ/MM/AAAA\u202f; exigée après la fin d’enregistrement de la certification", 16, "debut_formation"},
}

var acquisColumns = []column{
	{"Numéro du candidat", "", 16, ""},
	{"Bloc", "lettre", 8, "bloc"},
	{"Date d’acquisition", "JJ/MM/AAAA", 14, "date"},
	{"Session", "identifiant", 18, "session"},
}

var decisionColumns = []column{
	{"Numéro du candidat", "", 16, ""},
	{"Candidat", "rappel", 30, ""},
	{"Bloc", "lettre", 7, "bloc"},
	{"Proposition des grilles", "calculée", 18, ""},
	{"Décision du jury", "validé, non validé ou absent", 16, "decision"},
	{"Motif", "obligatoire si la décision diffère de la proposition", 50, "motif"},
}

// epreuveSheet names the sheet of an épreuve, such as "Bloc B – épreuve 1".
func epreuveSheet(b *referentiel.Bloc, e *referentiel.Epreuve) string {
	return fmt.Sprintf("Bloc %s – épreuve %d", b.Lettre, e.Numero)
}

// titleNote is the title of a marked épreuve's mark column; fieldNote,
// its field, makes it a column of numbers, not of text: 12,5 typed in a
// French Excel or Calc stays a number.
const (
	titleNote = "Note"
	fieldNote = "note"
)

// epreuveColumns: number, name, date, place, evaluators, the mark of a
// marked épreuve, one level column per criterion (unless the épreuve is
// marked and its criteria get no level), then one comment column per
// criterion, then the overall comment. Levels sit side by side so that one
// formula counts them.
func epreuveColumns(ref *referentiel.Referentiel, e *referentiel.Epreuve) []column {
	cols := []column{
		{Title: "Numéro du candidat", Width: 14},
		{Title: "Candidat", Help: "rappel", Width: 26},
		{Title: "Date", Help: "JJ/MM/AAAA", Width: 13, Field: "date"},
		{Title: "Lieu", Width: 14, Field: "lieu"},
	}
	for i := 1; i <= evaluatorsPerEp; i++ {
		role := ""
		if i <= len(e.Evaluateurs) {
			role = e.Evaluateurs[i-1]
		}
		cols = append(cols,
			column{Title: fmt.Sprintf("Évaluateur %d – nom", i), Help: role, Width: 20, Field: fmt.Sprintf("evaluateurs[%d].nom", i-1)},
			column{Title: fmt.Sprintf("Évaluateur %d – rôle", i), Help: role, Width: 18, Field: fmt.Sprintf("evaluateurs[%d].role", i-1)})
	}
	if ref.Echelle.Notes() {
		cols = append(cols, column{Title: titleNote, Help: noteHelp(ref, e), Width: 16, Field: fieldNote})
	}
	if ref.Niveaux(e) {
		for _, c := range e.Competences {
			cols = append(cols, column{Title: "Niveau " + c, Width: 9})
		}
	}
	for _, c := range e.Competences {
		cols = append(cols, column{Title: "Commentaire " + c, Width: 30})
	}
	return append(cols, column{Title: "Appréciation générale", Width: 40, Field: "appreciation"})
}

// noteHelp is the help line under a mark's title: the scale, the
// coefficient and the eliminatory mark.
func noteHelp(ref *referentiel.Referentiel, e *referentiel.Epreuve) string {
	ech := ref.Echelle
	s := fmt.Sprintf("de %s à %s par pas de %s, avec une virgule (12,5)\u202f; coefficient %s", ech.Minimum.Francais(), ech.Maximum.Francais(), ech.Pas.Francais(), e.Poids().Francais())
	if n := e.NoteEliminatoire; n != nil {
		s += "\u202f; éliminatoire sous " + n.Francais()
	}
	return s
}

// fold compares titles and values leniently: case, accents, spaces and
// typographic apostrophes do not matter.
func fold(s string) string {
	if len(s) > 256 {
		return s // longer than any title or choice: left as it is, not copied
	}
	var b strings.Builder
	for _, r := range norm.NFD.String(strings.TrimSpace(s)) {
		switch {
		case unicode.Is(unicode.Mn, r):
		case r == '’' || r == '\'':
			b.WriteRune('\'')
		case r == '\u00a0' || r == '\u202f':
			b.WriteRune(' ')
		default:
			b.WriteRune(unicode.ToLower(r))
		}
	}
	return strings.Join(strings.Fields(b.String()), " ")
}

// verdictLabel is a decision as the workbook and the results write it
// (session.Verdict's label), empty while undecided.
func verdictLabel(v session.Verdict) string {
	if !v.Valid() {
		return ""
	}
	return v.Libelle()
}

func ouiNon(b bool) string {
	if b {
		return "Oui"
	}
	return "Non"
}

// wrappedLines is how many lines a text takes in a cell that wraps it, the
// column width in characters: each of its lines cut at the width, roughly
// (one character less, for the cell's margins).
func wrappedLines(v string, width float64) int {
	per := max(int(width)-1, 1)
	n := 0
	for _, l := range strings.Split(v, "\n") {
		n += max(1, (utf8.RuneCountInString(l)+per-1)/per)
	}
	return n
}
