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
)

// RegleBloc is the rule that turns the levels given to a bloc's criteria into
// a proposed result. The jury decides; the rule only proposes.
type RegleBloc struct {
	Type          string       `yaml:"type" json:"type"`
	NiveauRequis  CodeNiveau   `yaml:"niveau_requis" json:"niveau_requis"`
	PartMinimale  float64      `yaml:"part_minimale" json:"part_minimale,omitempty"`
	NiveauxExclus []CodeNiveau `yaml:"niveaux_exclus" json:"niveaux_exclus,omitempty"`
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
