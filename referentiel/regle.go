package referentiel

import (
	"fmt"
	"strings"
)

// The bloc rule kinds a référentiel file may pick.
const (
	// RegleTousAcquis proposes a bloc when every criterion evaluated in its
	// épreuves has the required level (default: "Acquis").
	RegleTousAcquis = "tous_acquis"
	// ReglePartMinimale proposes a bloc when at least a share of its criteria
	// have the required level and none has an excluded level.
	ReglePartMinimale = "part_minimale"
	// RegleMoyennePonderee proposes a bloc when the average of its
	// épreuves' marks, weighted by their coefficients and rounded as
	// Arrondi says, reaches Seuil, no mark is below its épreuve's
	// eliminatory mark, and, without Compensation, every mark reaches
	// Seuil too.
	RegleMoyennePonderee = "moyenne_ponderee"
)

// The roundings of an average, to two decimals.
const (
	// ArrondiPlusProche rounds to the nearest hundredth, a half up:
	// 9.995 gives 10.00, 9.994 gives 9.99.
	ArrondiPlusProche = "au_plus_proche"
	// ArrondiInferieur cuts after the second decimal: 9.999 gives 9.99.
	ArrondiInferieur = "inferieur"
)

// RegleBloc is the rule that turns the levels given to a bloc's criteria into
// a proposed result. The jury decides; the rule only proposes.
type RegleBloc struct {
	Type          string       `yaml:"type" json:"type"`
	NiveauRequis  CodeNiveau   `yaml:"niveau_requis" json:"niveau_requis,omitempty"`
	PartMinimale  float64      `yaml:"part_minimale" json:"part_minimale,omitempty"`
	NiveauxExclus []CodeNiveau `yaml:"niveaux_exclus" json:"niveaux_exclus,omitempty"`
	// Seuil is the average a bloc must reach (moyenne_ponderee).
	Seuil Decimal `yaml:"seuil" json:"seuil,omitempty"`
	// Compensation, for moyenne_ponderee, says whether the épreuves of a
	// bloc compensate each other (true: the average decides) or not
	// (false: every mark must reach Seuil too). The file must say which.
	Compensation *bool `yaml:"compensation" json:"compensation,omitempty"`
	// Arrondi is how the average is rounded to two decimals before it is
	// compared with Seuil and printed: ArrondiPlusProche (default) or
	// ArrondiInferieur.
	Arrondi string `yaml:"arrondi" json:"arrondi,omitempty"`
}

// NoteEpreuve is one épreuve's mark, as the rule weighs it.
type NoteEpreuve struct {
	Note, Coefficient Decimal
	// Eliminatoire is the épreuve's eliminatory mark, nil when none.
	Eliminatoire *Decimal
}

// Moyenne returns the weighted average of the marks, computed exactly
// then rounded to two decimals as Arrondi says; false without marks.
func (r RegleBloc) Moyenne(notes []NoteEpreuve) (Decimal, bool) {
	var sum, weight int64 // Σ note×coefficient in ten-thousandths, Σ coefficient in hundredths
	for _, n := range notes {
		sum += n.Note.Centiemes() * n.Coefficient.Centiemes()
		weight += n.Coefficient.Centiemes()
	}
	if weight <= 0 {
		return 0, false
	}
	// The exact average is sum/weight hundredths.
	if r.Arrondi == ArrondiInferieur {
		return FromCentiemes(floorDiv(sum, weight)), true
	}
	return FromCentiemes(floorDiv(2*sum+weight, 2*weight)), true
}

func floorDiv(a, b int64) int64 {
	q := a / b
	if (a%b != 0) && (a < 0) != (b < 0) {
		q--
	}
	return q
}

// Eliminee tells whether a mark is below its épreuve's eliminatory mark.
func (n NoteEpreuve) Eliminee() bool { return n.Eliminatoire != nil && n.Note < *n.Eliminatoire }

// ProposeNotes tells whether a bloc whose épreuves got these marks is
// proposed "validé" by a moyenne_ponderee rule. No mark proposes nothing.
func (r RegleBloc) ProposeNotes(notes []NoteEpreuve) bool {
	avg, ok := r.Moyenne(notes)
	if !ok {
		return false
	}
	for _, n := range notes {
		if n.Eliminee() {
			return false
		}
		if r.Compensation != nil && !*r.Compensation && n.Note < r.Seuil {
			return false
		}
	}
	return avg >= r.Seuil
}

// Propose tells whether a bloc whose evaluated criteria received levels is
// proposed "validé". No level at all proposes nothing (false).
func (r RegleBloc) Propose(levels []CodeNiveau) bool {
	if len(levels) == 0 {
		return false
	}
	required := 0
	for _, l := range levels {
		if l == r.NiveauRequis {
			required++
		}
		for _, x := range r.NiveauxExclus {
			if l == x {
				return false
			}
		}
	}
	switch r.Type {
	case RegleTousAcquis:
		return required == len(levels)
	case ReglePartMinimale:
		return float64(required) >= r.PartMinimale*float64(len(levels))
	}
	return false
}

// Description states the rule in French, for the documents.
func (r RegleBloc) Description(e Echelle) string {
	name := func(code CodeNiveau) string {
		if n, ok := e.Niveau(code); ok {
			return "«\u00a0" + n.Libelle + "\u00a0»"
		}
		return string(code)
	}
	switch r.Type {
	case RegleMoyennePonderee:
		arrondi := "arrondie au centième le plus proche (9,995 donne 10,00)"
		if r.Arrondi == ArrondiInferieur {
			arrondi = "tronquée au centième (9,999 donne 9,99)"
		}
		s := fmt.Sprintf("Le bloc est proposé «\u00a0validé\u00a0» quand la moyenne des notes de ses épreuves, pondérée par leurs coefficients et %s, atteint %s sur %s", arrondi, r.Seuil.Francais(), e.Maximum.Francais())
		if r.Compensation != nil && !*r.Compensation {
			s += "\u202f; sans compensation entre ses épreuves\u00a0: chaque note doit aussi atteindre " + r.Seuil.Francais()
		} else {
			s += "\u202f; ses épreuves se compensent"
		}
		return s + "\u202f; une note inférieure à la note éliminatoire de son épreuve fait échouer le bloc, quelle que soit la moyenne."
	case RegleTousAcquis:
		return fmt.Sprintf("Le bloc est proposé «\u00a0validé\u00a0» quand chaque critère évalué dans ses épreuves est %s.", name(r.NiveauRequis))
	case ReglePartMinimale:
		s := fmt.Sprintf("Le bloc est proposé «\u00a0validé\u00a0» quand au moins %s des critères évalués dans ses épreuves sont %s",
			percent(r.PartMinimale), name(r.NiveauRequis))
		if len(r.NiveauxExclus) > 0 {
			names := make([]string, len(r.NiveauxExclus))
			for i, x := range r.NiveauxExclus {
				names[i] = name(x)
			}
			s += " et qu’aucun n’est " + strings.Join(names, " ni ")
		}
		return s + "."
	}
	return ""
}

func percent(f float64) string {
	s := strings.TrimSuffix(strings.TrimRight(fmt.Sprintf("%.1f", f*100), "0"), ".")
	return strings.ReplaceAll(s, ".", ",") + "\u00a0%"
}
