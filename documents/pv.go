package documents

import (
	"fmt"
	"strings"

	"certidoc/fr"
	"certidoc/referentiel"
	"certidoc/session"
)

// PV sizes in millimetres (A4 landscape: 267 mm between the margins).
const (
	pvNumero     = 19.0
	pvCandidat   = 60.0
	pvResultat   = 38.0
	pvPenRow     = 17.0 // a row's height when decisions are written by hand
	pvMotifRow   = 30.0 // a row with a motif to write by hand
	pvSignatures = 4    // signature blocks a row: 63.75 mm wide each
)

// PV describes the procès-verbal de délibération du jury: the session, the
// jury, one row per candidate with a column per bloc (proposal → decision),
// the motifs where they differ, the préconisations, incidents, totals and a
// signature space for every member, the président last. While a decision is
// missing it is a "PV préparatoire": decisions are left blank for a pen.
// warnings are the jury composition checks, printed for the jury to see.
func PV(r *referentiel.Referentiel, s *session.Session, d *session.Resultats, warnings []session.Probleme) Document {
	c := r.Certification
	title := "Procès-verbal de délibération du jury"
	if d.Preparatoire {
		title += " – document préparatoire"
	}
	doc := Document{
		Kind:       KindPV,
		Name:       string(KindPV),
		Title:      title + " – session " + s.Session.Identifiant,
		Subject:    fmt.Sprintf("%s – %s", c.Sigle, c.CodeRNCP),
		Author:     s.Certificateur.RaisonSociale,
		Landscape:  true,
		Footer:     fmt.Sprintf("%s – %s – Procès-verbal de délibération – session %s", c.Sigle, c.CodeRNCP, s.Session.Identifiant),
		Initials:   "Paraphe " + presidence(s) + "\u00a0:",
		Pagination: Paginee,
	}
	if d.Preparatoire {
		doc.Band = BandePreparatoire
	}
	width := doc.ContentWidth()
	delib := s.Session.Deliberation
	when := longue(delib.Date)
	if !delib.Heure.IsZero() {
		when += " à " + delib.Heure.Texte()
	}
	facts := []Fact{
		{"Certificateur", organisme(s.Certificateur)},
		{"Certification", fmt.Sprintf("%s (%s) – %s, niveau %d (niveau européen %d)", c.Intitule, c.Sigle, c.CodeRNCP, c.Niveau, c.NiveauEuropeen)},
		{"Session", fmt.Sprintf("%s – épreuves du %s au %s", s.Session.Identifiant, longue(s.Session.EpreuvesDu), longue(s.Session.EpreuvesAu))},
		{"Délibération", when + ", " + delib.Lieu},
	}
	if s.OrganismeFormation.RaisonSociale != "" {
		facts = append(facts, Fact{"Organisme de formation", organisme(s.OrganismeFormation)})
	}
	doc.Blocks = append(doc.Blocks,
		Paragraph{Text: s.Certificateur.RaisonSociale + " – organisme certificateur", Style: Small},
		Heading{Level: 1, Text: title},
		Spacer{Height: 1},
		Facts{Rows: facts},
	)
	if d.Preparatoire {
		doc.Blocks = append(doc.Blocks, Spacer{Height: 1}, Paragraph{Style: Note, Text: "Document préparatoire\u00a0: les propositions sont calculées à partir des grilles d’évaluation\u202f; " +
			"le jury, souverain, inscrit à la main chaque décision qui manque, sur les lignes «\u00a0Décisions à prendre\u00a0», et motive toute décision différente de la proposition."})
	}

	doc.Blocks = append(doc.Blocks, Heading{Level: 2, Text: "Composition du jury"}, juryTable(s))
	var items []string
	for _, w := range warnings {
		// only the jury's composition: "jury", "jury[2]" or the Jury sheet
		if strings.HasPrefix(strings.ToLower(w.Chemin), "jury") {
			items = append(items, w.Message)
		}
	}
	if len(items) > 0 {
		doc.Blocks = append(doc.Blocks, Paragraph{Text: "Points d’attention sur la composition du jury\u00a0:", Style: Strong}, List{Items: items, Small: true})
	}

	doc.Blocks = append(doc.Blocks,
		Heading{Level: 2, Text: "Résultats par candidat et par bloc de compétences"},
		Paragraph{Style: Small, Text: legendePV(r)},
		resultsTable(r, d, width),
	)
	if t, ok := aDeciderTable(d); ok {
		doc.Blocks = append(doc.Blocks, Heading{Level: 2, Text: "Décisions à prendre"},
			Paragraph{Style: Small, Text: "Une ligne par bloc dont la décision manque\u00a0: cochez la décision du jury\u202f; le motif est requis quand elle diffère de la proposition des grilles."},
			t)
	}
	if t, ok := ecartsTable(d); ok {
		doc.Blocks = append(doc.Blocks, Heading{Level: 2, Text: "Décisions différant de la proposition des grilles"}, t)
	}
	if t, ok := preconisationsTable(d); ok {
		doc.Blocks = append(doc.Blocks, Heading{Level: 2, Text: "Préconisations du jury"}, t)
	}
	doc.Blocks = append(doc.Blocks, Heading{Level: 2, Text: "Incidents"})
	if len(s.Incidents) == 0 {
		doc.Blocks = append(doc.Blocks, Paragraph{Text: "Aucun incident n’a été signalé."})
	} else {
		doc.Blocks = append(doc.Blocks, List{Items: typoAll(s.Incidents)})
	}
	totals := Heading{Level: 2, Text: "Totaux"}
	if d.Preparatoire {
		totals.Text = "Totaux des décisions déjà prises"
	}

	// A préparatoire is signed on the day the jury decides: no date is
	// printed in advance.
	fait := fmt.Sprintf("Fait à %s, le %s.", s.Certificateur.Ville, longue(delib.Date))
	if d.Preparatoire {
		fait = fmt.Sprintf("Fait à %s, le ………………………………", s.Certificateur.Ville)
	}
	// The totals, which close the deliberation, and the signatures hold
	// together: the page the jury signs carries results, never the
	// signatures alone.
	doc.Blocks = append(doc.Blocks, Keep{Blocks: []Block{
		totals,
		totaux(r, d),
		Heading{Level: 2, Text: "Signatures des membres du jury"},
		Paragraph{Text: fmt.Sprintf("%s Chaque membre du jury signe ci-dessous\u202f; %s signe en dernier.", fait, presidentLabel(s))},
		Signatures{Signers: jurySigners(s, d.Preparatoire), PerRow: pvSignatures, Zone: SignatureZone},
	}})
	return doc
}

func presidentLabel(s *session.Session) string {
	for _, m := range s.Jury {
		if m.Role == session.RolePresident && m.Civilite.Feminine() {
			return "la présidente"
		}
	}
	return "le président"
}

// accorde counts the candidates whose result keep accepts (every one when
// keep is nil) and writes the count with the adjective agreed in gender and
// number: "1 absente", "2 présents", "3 inscrites" when all are women.
func accorde(d *session.Resultats, keep func(session.Resultat) bool, adj string) string {
	n, women := 0, 0
	for i := range d.Candidats {
		rc := &d.Candidats[i]
		if keep == nil || keep(rc.Resultat) {
			n++
			if rc.Candidat.Sexe == session.Feminin {
				women++
			}
		}
	}
	if n > 0 && women == n {
		adj += "e"
	}
	return fr.Nombre(n, adj, adj+"s")
}

func presidence(s *session.Session) string {
	for _, m := range s.Jury {
		if m.Role == session.RolePresident && m.Civilite.Feminine() {
			return "de la présidente du jury"
		}
	}
	return "du président du jury"
}

func organisme(o session.Organisme) string {
	parts := []string{o.RaisonSociale}
	if o.Adresse != "" {
		parts = append(parts, o.Adresse)
	}
	parts = append(parts, strings.TrimSpace(o.CodePostal+" "+o.Ville))
	return strings.Join(parts, ", ")
}

func membreNom(m session.Membre) string {
	return insecable(string(m.Civilite) + " " + m.Prenom + " " + strings.ToUpper(m.Nom))
}

func juryTable(s *session.Session) Table {
	t := Table{Columns: []Column{
		{Header: "Membre", Width: 70},
		{Header: "Rôle", Width: 30},
		{Header: "Organisation", Width: 100},
		{Header: "Statut", Width: 35},
		{Header: "Voix délibérative", Width: 32},
	}}
	for _, m := range s.Jury {
		role := m.Role.Titre(m.Civilite)
		status := "Interne à l’organisme"
		if m.Externe {
			status = "Externe"
		}
		vote := "Oui"
		if !m.VoixDeliberative {
			vote = "Non"
		}
		t.Rows = append(t.Rows, Row{Cells: []Cell{{Text: membreNom(m), Bold: true}, {Text: role}, {Text: m.Organisation}, {Text: status}, {Text: vote}}})
	}
	return t
}

func legendePV(r *referentiel.Referentiel) string {
	codes := make([]string, len(r.Blocs))
	for i, b := range r.Blocs {
		codes[i] = b.Lettre + "\u00a0: " + b.Intitule + " (" + b.Code + ")"
	}
	return "Blocs – " + strings.Join(codes, "\u202f; ") + ". " + r.RegleBloc.Description(r.Echelle) +
		" Un astérisque (*) signale une décision différente de la proposition\u202f; son motif suit le tableau."
}

func resultsTable(r *referentiel.Referentiel, d *session.Resultats, width float64) Table {
	bloc := (width - pvNumero - pvCandidat - pvResultat) / float64(len(r.Blocs))
	cols := []Column{{Header: "N°", Width: pvNumero}, {Header: "Candidat(e), naissance et voie d’accès", Width: pvCandidat}}
	for _, b := range r.Blocs {
		cols = append(cols, Column{Header: "Bloc " + b.Lettre, Width: bloc})
	}
	cols = append(cols, Column{Header: "Résultat", Width: pvResultat})
	t := Table{Columns: cols, Small: true}
	for i := range d.Candidats {
		rc := &d.Candidats[i]
		cand := rc.Candidat
		cells := []Cell{{Text: cand.Numero}, {Text: Nom(cand) + "\n" + NaissanceCourte(cand) + "\n" + cand.Voie.Libelle()}}
		for _, e := range rc.Blocs {
			cells = append(cells, Cell{Text: blocCell(cand, e)})
		}
		cells = append(cells, Cell{Text: resultCell(rc), Bold: rc.Resultat != session.EnAttente})
		row := Row{Cells: cells}
		if rc.Resultat == session.EnAttente {
			row.MinHeight = pvPenRow // room to write the decisions
		}
		t.Rows = append(t.Rows, row)
	}
	return t
}

func blocCell(c *session.Candidat, e session.EtatBloc) string {
	switch e.Statut {
	case session.NonPresente:
		return "–"
	case session.AcquisAvant:
		return fmt.Sprintf("Acquis le %s (session %s)", e.Acquis.Date.Courte(), e.Acquis.Session)
	}
	if e.Decision == session.DecisionAbsent {
		return accord(c, "Absent", "Absente")
	}
	decision := "" // left for the jury's pen
	if e.Decision != "" {
		decision = strings.ToUpper(e.Decision.Libelle())
		if e.Ecart() {
			decision += " *"
		}
	}
	return strings.TrimSpace(moyenneLine(e) + "Proposé\u00a0: " + e.Proposition.String() + "\nDécision\u00a0: " + decision)
}

// moyenneLine is a marked bloc's weighted average, to two decimals, as
// the rule rounds it, on its own line; "" for a bloc of levels.
func moyenneLine(e session.EtatBloc) string {
	if e.Moyenne == nil {
		return ""
	}
	s := "Moyenne\u00a0: " + e.Moyenne.Deux()
	if e.Eliminee {
		s += " (note éliminatoire)"
	}
	return s + "\n"
}

// propositionText is the grids' proposal, with a marked bloc's average.
func propositionText(e session.EtatBloc) string {
	if e.Moyenne == nil {
		return e.Proposition.String()
	}
	s := e.Proposition.String() + " (moyenne " + e.Moyenne.Deux()
	if e.Eliminee {
		s += ", note éliminatoire"
	}
	return s + ")"
}

func resultCell(rc *session.ResultatCandidat) string {
	if rc.Resultat == session.EnAttente {
		proposed := rc.LibelleProvisoire()
		return "Proposé\u00a0: " + proposed + "\nDécision\u00a0:"
	}
	out := rc.Libelle()
	if rc.Resultat == session.Partielle {
		var v []string
		for _, b := range rc.Valides() {
			v = append(v, b.Lettre)
		}
		out += "\nBlocs validés\u00a0: " + Liste(v)
	}
	return out
}

// BandePreparatoire is printed on every page of a PV while a decision is
// missing.
const BandePreparatoire = "PV préparatoire — décisions à prendre"

// aDeciderTable gives each bloc still undecided a line to write the jury's
// decision and its motif.
func aDeciderTable(d *session.Resultats) (Table, bool) {
	t := Table{Columns: []Column{
		{Header: "Candidat(e)", Width: 62},
		{Header: "Bloc", Width: 13},
		{Header: "Proposition des grilles", Width: 30},
		{Header: "Validé", Width: 15, Check: true},
		{Header: "Non validé", Width: 17, Check: true},
		{Header: "Absent(e)", Width: 17, Check: true},
		{Header: "Motif (requis si la décision diffère de la proposition)", Width: 113},
	}}
	for i := range d.Candidats {
		rc := &d.Candidats[i]
		for _, e := range rc.Blocs {
			if e.Statut == session.Presente && e.Decision == "" {
				t.Rows = append(t.Rows, Row{MinHeight: pvMotifRow, Cells: []Cell{
					{Text: rc.Candidat.Numero + " – " + Nom(rc.Candidat)}, {Text: e.Bloc.Lettre, Bold: true},
					{Text: propositionText(e)}, {}, {}, {}, {},
				}})
			}
		}
	}
	return t, len(t.Rows) > 0
}

func ecartsTable(d *session.Resultats) (Table, bool) {
	t := Table{Columns: []Column{
		{Header: "Candidat(e)", Width: 62},
		{Header: "Bloc", Width: 16},
		{Header: "Proposition des grilles", Width: 34},
		{Header: "Décision du jury", Width: 30},
		{Header: "Motif", Width: 125},
	}}
	for i := range d.Candidats {
		rc := &d.Candidats[i]
		for _, e := range rc.Blocs {
			if e.Ecart() {
				t.Rows = append(t.Rows, Row{Cells: []Cell{
					{Text: rc.Candidat.Numero + " – " + NomIdentite(rc.Candidat)}, {Text: e.Bloc.Lettre},
					{Text: propositionText(e)}, {Text: e.Decision.Libelle(), Bold: true}, {Text: libre(e.Motif)},
				}})
			}
		}
	}
	return t, len(t.Rows) > 0
}

func preconisationsTable(d *session.Resultats) (Table, bool) {
	t := Table{Columns: []Column{{Header: "Candidat(e)", Width: 70}, {Header: "Préconisations du jury", Width: 197}}}
	for i := range d.Candidats {
		c := d.Candidats[i].Candidat
		if c.Preconisations != "" {
			t.Rows = append(t.Rows, Row{Cells: []Cell{{Text: c.Numero + " – " + NomIdentite(c)}, {Text: libre(c.Preconisations)}}})
		}
	}
	return t, len(t.Rows) > 0
}

func totaux(r *referentiel.Referentiel, d *session.Resultats) Facts {
	t := d.Totaux()
	rows := []Fact{
		{"Candidats", accorde(d, nil, "inscrit") + ", " + accorde(d, func(r session.Resultat) bool { return r != session.Absent }, "présent") + ", " +
			accorde(d, func(r session.Resultat) bool { return r == session.Absent }, "absent")},
		{"Résultats", fr.Nombre(t.Totales, "certification totale", "certifications totales") + ", " + fr.Nombre(t.Partielles, "validation partielle", "validations partielles") + ", " + fr.Nombre(t.NonAdmis, "non-admission", "non-admissions")},
	}
	if t.EnAttente > 0 {
		// Presence is one of the jury's decisions: while some are
		// missing, present and absent are counted among the decided only.
		decided := func(keep func(session.Resultat) bool) func(session.Resultat) bool {
			return func(r session.Resultat) bool { return r != session.EnAttente && keep(r) }
		}
		rows[0].Value = accorde(d, nil, "inscrit") + " dont " + fr.Nombre(t.EnAttente, "en attente de décision", "en attente de décision") +
			"\u202f; parmi les autres, " + accorde(d, decided(func(r session.Resultat) bool { return r != session.Absent }), "présent") + ", " +
			accorde(d, decided(func(r session.Resultat) bool { return r == session.Absent }), "absent")
		ses, reste := "ni son résultat ni ses blocs ne sont comptés", "dont une décision reste"
		if t.EnAttente > 1 {
			ses, reste = "ni leurs résultats ni leurs blocs ne sont comptés", "dont des décisions restent"
		}
		rows = append(rows, Fact{"En attente", fr.Nombre(t.EnAttente, "candidat", "candidats") + " " + reste + " à prendre\u00a0: " + ses +
			" dans ces totaux, qui ne portent que sur les décisions déjà prises"})
	}
	var blocs []string
	for _, b := range r.Blocs {
		blocs = append(blocs, fmt.Sprintf("%s\u00a0: %d", b.Lettre, t.BlocsValides[b.Lettre]))
	}
	rows = append(rows, Fact{"Blocs validés", strings.Join(blocs, "\u202f; ")})
	return Facts{Rows: rows}
}

// jurySigners lists every member, the président last; the date is left
// blank on a préparatoire.
func jurySigners(s *session.Session, preparatoire bool) []Signer {
	var out, last []Signer
	for _, m := range s.Jury {
		sg := Signer{Role: m.Role.Titre(m.Civilite) + " du jury – " + m.Organisation, Name: membreNom(m), Date: s.Session.Deliberation.Date.Courte()}
		if preparatoire {
			sg.Date = ""
		}
		if m.Role == session.RolePresident {
			last = append(last, sg)
		} else {
			out = append(out, sg)
		}
	}
	return append(out, last...)
}

func typoAll(items []string) []string {
	out := make([]string, len(items))
	for i, s := range items {
		out[i] = libre(s)
	}
	return out
}
