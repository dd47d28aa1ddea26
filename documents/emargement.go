package documents

import (
	"fmt"

	"certidoc/fr"
	"certidoc/referentiel"
	"certidoc/session"
)

// Attendance sheet sizes in millimetres (A4 portrait: 180 mm between the
// margins).
const (
	emNumero    = 22.0
	emHeure     = 18.0
	emAbsent    = 16.0
	emRowHeight = 14.0 // each candidate's row: room to sign (at least 12 mm)
)

// Emargement describes the attendance sheet of one sitting: the sitting on
// every page, one row per candidate convened (number, identity, passage
// time for an oral) with room to sign on arrival — and on departure for a
// written épreuve —, a box for "absent", then the count and the
// evaluators' signatures. An auditor asks for these sheets.
func Emargement(r *referentiel.Referentiel, s *session.Session, se *session.Seance) Document {
	c := r.Certification
	doc := Document{
		Kind:        KindEmargement,
		Name:        string(KindEmargement) + "-" + fr.Slug(se.ID),
		Title:       fmt.Sprintf("Feuille d’émargement – séance %s – session %s", se.ID, s.Session.Identifiant),
		Subject:     fmt.Sprintf("%s – %s", c.Sigle, c.CodeRNCP),
		Author:      s.Certificateur.RaisonSociale,
		Footer:      fmt.Sprintf("%s – %s – feuille d’émargement – séance %s – session %s", c.Sigle, c.CodeRNCP, se.ID, s.Session.Identifiant),
		RunningHead: fmt.Sprintf("Séance %s – %s – %s", se.ID, epreuvesCourtes(r, se), quand(se)),
		Pagination:  Paginee,
	}
	facts := []Fact{
		{"Certification", fmt.Sprintf("%s (%s)", c.Intitule, c.CodeRNCP)},
		{"Session", s.Session.Identifiant},
		{"Séance", fmt.Sprintf("%s – %s", se.ID, se.Forme.Libelle())},
	}
	for _, id := range se.Epreuves {
		if b, e := r.EpreuveByID(id); e != nil {
			facts = append(facts, Fact{"Épreuve " + id, fmt.Sprintf("%s – %s (bloc %s)", e.Type, e.Intitule, b.Code)})
		}
	}
	facts = append(facts,
		Fact{"Date et heure", quand(se) + ", durée " + Duree(se.DureeMinutes)},
		Fact{"Lieu", lieu(se)},
	)
	doc.Blocks = append(doc.Blocks,
		Heading{Level: 1, Text: "Feuille d’émargement"},
		Facts{Rows: facts},
		Spacer{Height: 2},
		Paragraph{Style: Note, Text: emargementConsigne(se)},
		Spacer{Height: 1},
		emargementTable(s, se, doc.ContentWidth()),
	)
	end := []Block{Spacer{Height: 3}}
	end = append(end, Fields{Items: []Field{{Label: "Candidats présents", Width: 1}, {Label: "Candidats absents", Width: 1}}})
	if se.Forme == session.FormeEcrit {
		end = append(end, Fields{Items: []Field{{Label: "Copies remises", Width: 1}, {Label: "Heure de fin", Width: 1}}})
	}
	end = append(end, WritingBox{Label: "Observations (incidents, retards, aménagements accordés)", Height: 16})
	signers := make([]Signer, 0, len(se.Evaluateurs))
	for _, x := range se.Evaluateurs {
		role := x.Role
		if role == "" {
			role = "Évaluateur"
		}
		signers = append(signers, Signer{Role: role, Name: nomEvaluateur(x.Nom), Date: se.Date.Courte()})
	}
	if len(signers) == 0 {
		signers = append(signers, Signer{Role: "Responsable de la séance", Date: se.Date.Courte()})
	}
	end = append(end, Spacer{Height: 2}, Signatures{Signers: signers, Zone: SignatureZone})
	doc.Blocks = append(doc.Blocks, Keep{Blocks: end})
	return doc
}

// emargementConsigne says how to fill the sheet in.
func emargementConsigne(se *session.Seance) string {
	switch se.Forme {
	case session.FormeEcrit:
		return "Chaque candidat signe à son arrivée et à son départ, après avoir remis sa copie. Pour un candidat qui ne s’est pas présenté, cochez «\u00a0Absent\u00a0» et ne signez pas à sa place."
	case session.FormeOral:
		return "Chaque candidat signe à son arrivée, avant son passage. Pour un candidat qui ne s’est pas présenté à son heure, cochez «\u00a0Absent\u00a0» et ne signez pas à sa place."
	}
	return "Chaque candidat signe en remettant son dossier. Pour un candidat qui n’a pas remis de dossier, cochez «\u00a0Absent\u00a0» et ne signez pas à sa place."
}

// emargementTable has one row per candidate convened, in the order of the
// sitting (the passage order of an oral).
func emargementTable(s *session.Session, se *session.Seance, width float64) Table {
	cols := []Column{{Header: "N°", Width: emNumero}, {Header: "Candidat", Width: 0}}
	var sign []string
	switch se.Forme {
	case session.FormeEcrit:
		sign = []string{"Signature à l’arrivée", "Signature au départ"}
	case session.FormeOral:
		cols = append(cols, Column{Header: "Passage", Width: emHeure})
		sign = []string{"Signature"}
	default:
		sign = []string{"Signature à la remise du dossier"}
	}
	const signWidth = 46.0
	for _, h := range sign {
		cols = append(cols, Column{Header: h, Width: signWidth})
	}
	cols = append(cols, Column{Header: "Absent", Width: emAbsent, Check: true})
	used := 0.0
	for _, col := range cols {
		used += col.Width
	}
	cols[1].Width = width - used
	t := Table{Columns: cols, KeepWithNext: true}
	byNumero := map[string]*session.Candidat{}
	for i := range s.Candidats {
		byNumero[s.Candidats[i].Numero] = &s.Candidats[i]
	}
	for _, cv := range se.Candidats {
		cand := byNumero[cv.Numero]
		if cand == nil {
			continue
		}
		row := Row{MinHeight: emRowHeight, Cells: []Cell{{Text: cand.Numero, Bold: true}, {Text: cand.NomComplet() + "\n" + NaissanceCourte(cand)}}}
		if se.Forme == session.FormeOral {
			row.Cells = append(row.Cells, Cell{Text: cv.Heure.Texte()})
		}
		for range sign {
			row.Cells = append(row.Cells, Cell{})
		}
		row.Cells = append(row.Cells, Cell{})
		t.Rows = append(t.Rows, row)
	}
	return t
}

// quand writes a sitting's day and start: "mercredi 5 octobre 2022, 9 h".
func quand(se *session.Seance) string {
	return se.Date.Jour() + ", " + se.Heure.Texte()
}

// lieu writes a sitting's place and room.
func lieu(se *session.Seance) string {
	if se.Salle == "" {
		return se.Lieu
	}
	return se.Salle + " – " + se.Lieu
}

// epreuvesCourtes names a sitting's épreuves by identifier: "épreuve B-1",
// "épreuves A-2 et B-2".
func epreuvesCourtes(r *referentiel.Referentiel, se *session.Seance) string {
	if len(se.Epreuves) == 1 {
		return "épreuve " + se.Epreuves[0]
	}
	return "épreuves " + Liste(se.Epreuves)
}

// Duree writes minutes as French documents do: "3 h", "1 h 30", "45 min".
func Duree(minutes int) string {
	h, m := minutes/60, minutes%60
	switch {
	case h == 0:
		return fmt.Sprintf("%d\u00a0min", m)
	case m == 0:
		return fmt.Sprintf("%d\u00a0h", h)
	}
	return fmt.Sprintf("%d\u00a0h\u00a0%02d", h, m)
}
