package documents

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"certidoc/referentiel"
	"certidoc/session"
)

// PlanningColumns are the planning's columns, as the printable table and
// the workbook give them.
var PlanningColumns = []string{"Date", "Heure", "Séance", "Épreuves", "Forme", "Durée", "Lieu et salle", "Évaluateurs", "Candidats convoqués"}

// planningWidths are the columns' widths in millimetres (A4 landscape:
// 267 mm between the margins).
var planningWidths = []float64{34, 14, 16, 52, 26, 15, 42, 34, 34}

// Planning describes the session's planning as a table, one row per
// sitting in the order of time, then the deliberation: who sits what,
// when, where, with which evaluators.
func Planning(r *referentiel.Referentiel, s *session.Session) Document {
	c := r.Certification
	doc := Document{
		Kind:       KindPlanning,
		Name:       string(KindPlanning),
		Title:      "Planning de la session " + s.Session.Identifiant,
		Subject:    fmt.Sprintf("%s – %s", c.Sigle, c.CodeRNCP),
		Author:     s.Certificateur.RaisonSociale,
		Landscape:  true,
		Footer:     fmt.Sprintf("%s – %s – planning de la session %s", c.Sigle, c.CodeRNCP, s.Session.Identifiant),
		Pagination: Paginee,
	}
	t := Table{Small: true}
	for i, h := range PlanningColumns {
		t.Columns = append(t.Columns, Column{Header: h, Width: planningWidths[i]})
	}
	for _, row := range PlanningRows(r, s) {
		cells := make([]Cell, len(row))
		for i, v := range row {
			cells[i] = Cell{Text: v, Bold: i == 2}
		}
		t.Rows = append(t.Rows, Row{Cells: cells})
	}
	delib := s.Session.Deliberation
	when := delib.Date.Jour()
	if !delib.Heure.IsZero() {
		when += " à " + delib.Heure.Texte()
	}
	members := PlanningJury(s)
	n := 0
	if s.Planning != nil {
		n = len(s.Planning.Seances)
	}
	doc.Blocks = append(doc.Blocks,
		Heading{Level: 1, Text: "Planning de la session " + s.Session.Identifiant},
		Facts{Rows: []Fact{
			{"Certification", fmt.Sprintf("%s (%s)", c.Intitule, c.CodeRNCP)},
			{"Épreuves", fmt.Sprintf("du %s au %s, %s", s.Session.EpreuvesDu.Longue(), s.Session.EpreuvesAu.Longue(), plural(n, "séance", "séances"))},
			{"Certificateur", organisme(s.Certificateur)},
		}},
		Spacer{Height: 2},
		t,
		Spacer{Height: 3},
		Keep{Blocks: []Block{
			Heading{Level: 2, Text: "Délibération du jury"},
			Facts{Rows: []Fact{{"Date et heure", when}, {"Lieu", delib.Lieu}, {"Membres du jury", strings.Join(members, "\n")}}},
		}},
	)
	return doc
}

// PlanningJury returns the jury's members as the planning names them, one
// line each: civility, name, role in the member's gender ("présidente").
func PlanningJury(s *session.Session) []string {
	members := make([]string, len(s.Jury))
	for i, m := range s.Jury {
		members[i] = fmt.Sprintf("%s %s %s (%s)", m.Civilite, m.Prenom, strings.ToUpper(m.Nom), strings.ToLower(m.Role.Titre(m.Civilite)))
	}
	return members
}

// PlanningSeances returns the planning's sittings in the order of its
// table: by date, then hour, then the planning's order.
func PlanningSeances(s *session.Session) []*session.Seance {
	if s.Planning == nil {
		return nil
	}
	seances := make([]*session.Seance, len(s.Planning.Seances))
	for i := range s.Planning.Seances {
		seances[i] = &s.Planning.Seances[i]
	}
	slices.SortStableFunc(seances, func(a, b *session.Seance) int {
		if c := cmp.Compare(a.Date.String(), b.Date.String()); c != 0 {
			return c
		}
		return cmp.Compare(a.Heure.String(), b.Heure.String())
	})
	return seances
}

// PlanningRows returns the planning's rows as text, one per sitting in the
// order of PlanningSeances, in the columns of PlanningColumns.
func PlanningRows(r *referentiel.Referentiel, s *session.Session) [][]string {
	seances := PlanningSeances(s)
	out := make([][]string, 0, len(seances))
	for _, se := range seances {
		var eps []string
		for _, id := range se.Epreuves {
			if _, e := r.EpreuveByID(id); e != nil {
				eps = append(eps, id+" – "+e.Type+"\u00a0: "+e.Intitule)
			}
		}
		var evals []string
		for _, x := range se.Evaluateurs {
			v := nomEvaluateur(x.Nom)
			if x.Role != "" {
				v += " (" + x.Role + ")"
			}
			evals = append(evals, v)
		}
		var cands []string
		for _, cv := range se.Candidats {
			v := cv.Numero
			if !cv.Heure.IsZero() {
				v += " – " + cv.Heure.Texte()
			}
			cands = append(cands, v)
		}
		duree := Duree(se.DureeMinutes)
		if se.Forme == session.FormeOral {
			duree += "\npassage " + Duree(se.DureePassageMinutes)
		}
		out = append(out, []string{se.Date.Jour(), se.Heure.Texte(), se.ID, strings.Join(eps, "\n"), se.Forme.Libelle(), duree, lieu(se),
			strings.Join(evals, "\n"), strings.Join(cands, "\n")})
	}
	return out
}

func plural(n int, one, many string) string {
	if n < 2 {
		return fmt.Sprintf("%d\u00a0%s", n, one)
	}
	return fmt.Sprintf("%d\u00a0%s", n, many)
}
