package documents

import (
	"errors"
	"fmt"
	"regexp"
	"strings"

	"certidoc/referentiel"
	"certidoc/session"
)

// Grille sizes in millimetres.
const (
	grilleCodeWidth  = 11.0
	grilleLevelWidth = 10.0
	grilleRowHeight  = 21.0 // room to write a comment by hand
	grilleOverallBox = 26.0
)

// reDuree finds a duration in a référentiel's "durée": "20 minutes", "3 h".
var reDuree = regexp.MustCompile(`\d+\s*(h|heures?|min|minutes?)\b`)

// GrilleName returns the file name (without extension) of an épreuve's grid,
// such as "grille-A-1".
func GrilleName(b *referentiel.Bloc, e *referentiel.Epreuve) string {
	return Ref{Kind: KindGrille, Bloc: b.Lettre, Epreuve: e.Numero}.String()
}

// Grille describes the blank evaluation grid of one épreuve: what is
// evaluated, blanks for the candidate, date and place, one row per evaluated
// compétence with its criterion, a box per level and room for a comment, the
// overall comment, the proposed result and a signature block per evaluator.
func Grille(r *referentiel.Referentiel, b *referentiel.Bloc, e *referentiel.Epreuve) Document {
	return grille(r, b, e, nil)
}

// filled is what a completed grid adds to the blank one.
type filled struct {
	candidat   *session.Candidat
	evaluation *session.Evaluation
}

// GrilleRemplie describes the grid of an épreuve completed for a candidate:
// the levels ticked, the comments, the evaluators and the épreuve's outcome.
// The candidate must have an evaluation of the épreuve.
func GrilleRemplie(r *referentiel.Referentiel, b *referentiel.Bloc, e *referentiel.Epreuve, c *session.Candidat) Document {
	return grille(r, b, e, &filled{
		candidat:   c,
		evaluation: c.EvaluationOf(b.Lettre, e.Numero),
	})
}

func grille(r *referentiel.Referentiel, b *referentiel.Bloc, e *referentiel.Epreuve, fill *filled) Document {
	c := r.Certification
	id := b.EpreuveID(e)
	d := Document{
		Kind:       KindGrille,
		Name:       GrilleName(b, e),
		Title:      fmt.Sprintf("Grille d’évaluation – Bloc %s, épreuve %d", b.Lettre, e.Numero),
		Subject:    fmt.Sprintf("%s – %s – %s", c.Sigle, c.CodeRNCP, b.Code),
		Author:     c.Certificateur,
		Footer:     fmt.Sprintf("%s – %s – Grille d’évaluation %s", c.Sigle, c.CodeRNCP, id),
		Pagination: Paginee,
	}
	fields := []Field{
		{Label: "Candidat(e) – nom et prénom\u00a0:", Width: 2},
		{Label: "Date\u00a0:", Width: 1},
		{Label: "Lieu\u00a0:", Width: 1},
	}
	overall := WritingBox{Label: "Appréciation générale\u00a0:", Height: grilleOverallBox}
	// A grid proposes the outcome of its épreuve; the bloc's proposal,
	// over all its épreuves, belongs to the PV.
	proposal := Choices{Label: fmt.Sprintf("Résultat proposé pour l’épreuve %s\u00a0:", id), Options: []string{"Réussie", "Non réussie"}, Selected: -1}
	// A marked épreuve proposes its mark; the bloc's average is the PV's.
	ech := r.Echelle
	note := Fields{Items: []Field{{Label: fmt.Sprintf("Note de l’épreuve %s (sur %s, par pas de %s)\u00a0:", id, ech.Maximum.Francais(), ech.Pas.Francais()), Width: 3},
		{Label: "Coefficient\u00a0:", Value: e.Poids().Francais(), Width: 1}}}
	// Every page names the épreuve and the candidate (a line to fill in
	// on a blank grid).
	d.RunningHead = fmt.Sprintf("Grille d’évaluation %s (bloc %s, épreuve %d) – Candidat(e)\u00a0: ", id, b.Lettre, e.Numero) + strings.Repeat("…", 30)
	sig := signers(e.Evaluateurs)
	if fill != nil {
		ev := fill.evaluation
		d.Footer += " – candidat " + fill.candidat.Numero
		// "Candidat" or "Candidate", by the candidate's civility
		candidat := accord(fill.candidat, "Candidat", "Candidate")
		fields[0].Label = candidat + " – nom et prénom\u00a0:"
		fields[0].Value = NomIdentite(fill.candidat) + " (n°\u00a0" + fill.candidat.Numero + ")"
		d.RunningHead = fmt.Sprintf("Grille d’évaluation %s (bloc %s, épreuve %d) – %s\u00a0: %s", id, b.Lettre, e.Numero, candidat, fields[0].Value)
		fields[1].Value = ev.Date.Courte()
		fields[2].Value = ev.Lieu
		overall.Text = libre(ev.Appreciation)
		levels := make([]referentiel.CodeNiveau, len(ev.Criteres))
		for i, cr := range ev.Criteres {
			levels[i] = cr.Niveau
		}
		proposal.Selected = 1
		if len(levels) > 0 && r.RegleBloc.Propose(levels) {
			proposal.Selected = 0
		}
		if ev.Note != nil {
			note.Items[0].Value = ev.Note.Francais() + " / " + ech.Maximum.Francais()
		}
		sig = make([]Signer, len(ev.Evaluateurs))
		for i, x := range ev.Evaluateurs {
			sig[i] = Signer{Role: evaluateur(x.Role), Name: nomEvaluateur(x.Nom), Date: ev.Date.Courte()}
		}
	}
	width := d.ContentWidth()

	epreuve := e.Type + "\u00a0: " + e.Intitule
	facts := []Fact{
		{"Certification", fmt.Sprintf("%s (%s) – %s, niveau %d", c.Intitule, c.Sigle, c.CodeRNCP, c.Niveau)},
		{"Bloc de compétences", fmt.Sprintf("%s – Bloc %s\u00a0: %s", b.Code, b.Lettre, b.Intitule)},
		{"Épreuve", fmt.Sprintf("n°\u00a0%d – %s", e.Numero, epreuve)},
	}
	if e.Duree != "" {
		// The référentiel's "durée" may give a volume ("15 pages"): the
		// label says what it is.
		label := "Durée"
		if strings.Contains(strings.ToLower(e.Duree), "page") {
			label = "Volume"
			if reDuree.MatchString(e.Duree) {
				label = "Volume et durée"
			}
		}
		facts = append(facts, Fact{label, e.Duree})
	}
	if e.Evaluation != "" {
		facts = append(facts, Fact{"Évaluation", e.Evaluation})
	}
	label := "Compétences évaluées"
	if len(e.Competences) == 1 {
		label = "Compétence évaluée"
	}
	facts = append(facts, Fact{label, strings.Join(e.Competences, ", ")})
	if ech.Notes() {
		mark := fmt.Sprintf("sur %s, coefficient %s dans la moyenne du bloc %s", ech.Maximum.Francais(), e.Poids().Francais(), b.Lettre)
		if n := e.NoteEliminatoire; n != nil {
			mark += fmt.Sprintf("\u202f; note éliminatoire\u00a0: une note inférieure à %s fait échouer le bloc", n.Francais())
		}
		facts = append(facts, Fact{"Note", mark})
	}
	var result Block = proposal
	if ech.Notes() {
		result = note
	}

	d.Blocks = append(d.Blocks,
		Paragraph{Text: c.Certificateur + " – organisme certificateur", Style: Small},
		Heading{Level: 1, Text: fmt.Sprintf("Grille d’évaluation – bloc %s, épreuve %d", b.Lettre, e.Numero)},
		Spacer{Height: 2},
		Facts{Rows: facts},
		Heading{Level: 2, Text: "Ce que fait et remet le candidat"},
		List{Items: append(append([]string{}, e.Contenu...), e.Modalites...), Small: true},
		Spacer{Height: 2},
		Fields{Items: fields},
		Heading{Level: 2, Text: "Évaluation des compétences"},
		Paragraph{Text: legend(r, e), Style: Small},
		grilleTable(r, b, e, width, fill),
		// The end of the table, the comment, the outcome and the
		// evaluators' signatures are kept together: never a signature
		// block alone on a page.
		Keep{Blocks: []Block{
			Spacer{Height: 1},
			overall,
			result,
			Paragraph{Text: outcomeNote(r, b), Style: Note},
			Signatures{Signers: sig, PerRow: 2, Zone: SignatureZone},
		}},
	)
	return d
}

// outcomeNote says how a grid's épreuve outcome is read and where the
// bloc's proposal is made.
func outcomeNote(r *referentiel.Referentiel, b *referentiel.Bloc) string {
	if r.Echelle.Notes() {
		return strings.Replace(r.RegleBloc.Description(r.Echelle), "Le bloc est proposé", "Le bloc "+b.Lettre+" est proposé au PV", 1) + " Le jury décide."
	}
	rule := strings.Replace(r.RegleBloc.Description(r.Echelle), "Le bloc est proposé «\u00a0validé\u00a0» quand", "Réussie si", 1)
	rule = strings.Replace(rule, "dans ses épreuves", "dans cette épreuve", 1)
	bloc := fmt.Sprintf("Le bloc %s (%d épreuves) est proposé au PV\u202f; le jury décide.", b.Lettre, len(b.Epreuves))
	if len(b.Epreuves) == 1 {
		bloc = fmt.Sprintf("Le bloc %s est proposé au PV\u202f; le jury décide.", b.Lettre)
	}
	return rule + " " + bloc
}

// legend explains the level columns, such as "A = Acquis".
func legend(r *referentiel.Referentiel, ep *referentiel.Epreuve) string {
	e := r.Echelle
	if !r.Niveaux(ep) {
		return "Commentez, critère par critère, ce qui fonde la note de l’épreuve."
	}
	parts := make([]string, len(e.Niveaux))
	for i, n := range e.Niveaux {
		parts[i] = string(n.Code) + "\u00a0= " + n.Libelle
	}
	return "Cochez une case par critère (" + strings.Join(parts, ", ") + ") et commentez ce qui fonde votre appréciation."
}

func grilleTable(r *referentiel.Referentiel, b *referentiel.Bloc, e *referentiel.Epreuve, width float64, fill *filled) Table {
	scale := r.Echelle
	if !r.Niveaux(e) {
		scale.Niveaux = nil // a comment per criterion, the mark below
	}
	given := map[string]session.Critere{}
	if fill != nil {
		for _, cr := range fill.evaluation.Criteres {
			given[cr.Competence] = cr
		}
	}
	rest := width - grilleCodeWidth - float64(len(scale.Niveaux))*grilleLevelWidth
	text := rest * 0.34
	cols := []Column{
		{Header: "Code", Width: grilleCodeWidth},
		{Header: "Compétence", Width: text},
		{Header: "Critère d’évaluation", Width: text},
	}
	for _, n := range scale.Niveaux {
		cols = append(cols, Column{Header: string(n.Code), Width: grilleLevelWidth, Check: true})
	}
	cols = append(cols, Column{Header: "Commentaire", Width: rest - 2*text})

	t := Table{Columns: cols, KeepWithNext: true}
	for _, g := range b.Evaluees(e) {
		head := []Cell{{Text: g.Activite.Code + " – " + g.Activite.Intitule, Bold: true}}
		if g.Activite.Preambule != "" {
			head = append(head, Cell{Text: g.Activite.Preambule})
		}
		if g.Activite.CritereCommun != "" {
			head = append(head, Cell{Text: "Critère commun\u00a0: " + g.Activite.CritereCommun})
		}
		t.Rows = append(t.Rows, Row{Group: true, Cells: head})
		for _, c := range g.Competences {
			cells := []Cell{{Text: c.Code, Bold: true}, {Text: c.Intitule}, {Text: c.Critere}}
			cr := given[c.Code]
			for _, n := range scale.Niveaux {
				cells = append(cells, Cell{Checked: cr.Niveau == n.Code})
			}
			cells = append(cells, Cell{Text: libre(cr.Commentaire)})
			t.Rows = append(t.Rows, Row{Cells: cells, MinHeight: grilleRowHeight})
		}
	}
	return t
}

// evaluateur labels an evaluator's signature block with the role.
func evaluateur(role string) string { return "Évaluateur(trice)\u00a0: " + role }

func signers(roles []string) []Signer {
	out := make([]Signer, len(roles))
	for i, r := range roles {
		out[i] = Signer{Role: evaluateur(r)}
	}
	return out
}

// ErrUnknownBloc reports a bloc the référentiel does not have.
var ErrUnknownBloc = errors.New("documents: unknown bloc")

// Grilles describes the blank grids of every épreuve, or of one bloc's
// épreuves when lettre is not empty.
func Grilles(r *referentiel.Referentiel, lettre string) ([]Document, error) {
	var docs []Document
	for i := range r.Blocs {
		b := &r.Blocs[i]
		if lettre != "" && b.Lettre != lettre {
			continue
		}
		for j := range b.Epreuves {
			docs = append(docs, Grille(r, b, &b.Epreuves[j]))
		}
	}
	if len(docs) == 0 {
		return nil, fmt.Errorf("%w: %q", ErrUnknownBloc, lettre)
	}
	return docs, nil
}
