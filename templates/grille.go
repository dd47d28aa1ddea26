package templates

import (
	"errors"
	"fmt"
	"strings"

	"certidoc/referentiel"
	"certidoc/session"
)

// Grille sizes in millimetres.
const (
	grilleCodeWidth   = 11.0
	grilleLevelWidth  = 10.0
	grilleRowHeight   = 24.0 // room to write a comment by hand
	grilleOverallBox  = 32.0
	grilleSignatureHt = 30.0
)

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
	candidat    *session.Candidat
	evaluation  *session.Evaluation
	proposition session.Proposition
}

// GrilleRemplie describes the grid of an épreuve completed for a candidate:
// the levels ticked, the comments, the evaluators and the bloc's proposal.
// The candidate must have an evaluation of the épreuve.
func GrilleRemplie(r *referentiel.Referentiel, b *referentiel.Bloc, e *referentiel.Epreuve, c *session.Candidat) Document {
	return grille(r, b, e, &filled{
		candidat:    c,
		evaluation:  c.EvaluationOf(b.Lettre, e.Numero),
		proposition: session.Propose(r, b, c),
	})
}

func grille(r *referentiel.Referentiel, b *referentiel.Bloc, e *referentiel.Epreuve, fill *filled) Document {
	c := r.Certification
	id := b.EpreuveID(e)
	d := Document{
		Kind:    KindGrille,
		Name:    GrilleName(b, e),
		Title:   fmt.Sprintf("Grille d’évaluation – Bloc %s, épreuve %d", b.Lettre, e.Numero),
		Subject: fmt.Sprintf("%s – %s – %s", c.Sigle, c.CodeRNCP, b.Code),
		Author:  c.Certificateur,
		Footer:  fmt.Sprintf("%s – %s – Grille d’évaluation %s", c.Sigle, c.CodeRNCP, id),
	}
	fields := []Field{
		{Label: "Candidat(e) – nom et prénom", Width: 2},
		{Label: "Date", Width: 1},
		{Label: "Lieu", Width: 1},
	}
	overall := WritingBox{Label: "Appréciation générale", Height: grilleOverallBox}
	proposal := Choices{Label: fmt.Sprintf("Résultat proposé pour le bloc %s", b.Lettre), Options: []string{"Validé", "Non validé"}, Selected: -1}
	sig := signers(e.Evaluateurs)
	if fill != nil {
		ev := fill.evaluation
		d.Footer += " – candidat " + fill.candidat.Numero
		fields[0].Value = NomIdentite(fill.candidat) + " (n°\u00a0" + fill.candidat.Numero + ")"
		fields[1].Value = ev.Date.Courte()
		fields[2].Value = ev.Lieu
		overall.Text = Typo(ev.Appreciation)
		proposal.Label += " (toutes ses épreuves)"
		switch fill.proposition {
		case session.Validee:
			proposal.Selected = 0
		case session.NonValidee:
			proposal.Selected = 1
		}
		sig = make([]Signer, len(ev.Evaluateurs))
		for i, x := range ev.Evaluateurs {
			sig[i] = Signer{Role: x.Role, Name: x.Nom, Date: ev.Date.Courte()}
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
		facts = append(facts, Fact{"Durée", e.Duree})
	}
	if e.Evaluation != "" {
		facts = append(facts, Fact{"Évaluation", e.Evaluation})
	}
	label := "Compétences évaluées"
	if len(e.Competences) == 1 {
		label = "Compétence évaluée"
	}
	facts = append(facts, Fact{label, strings.Join(e.Competences, ", ")})

	d.Blocks = append(d.Blocks,
		Paragraph{Text: c.Certificateur + " – organisme certificateur", Style: Small},
		Heading{Level: 1, Text: "Grille d’évaluation"},
		Paragraph{Text: fmt.Sprintf("Bloc %s – épreuve %d", b.Lettre, e.Numero), Style: Strong, Align: Center},
		Spacer{Height: 2},
		Facts{Rows: facts},
		Heading{Level: 2, Text: "Ce que fait et remet le candidat"},
		List{Items: append(append([]string{}, e.Contenu...), e.Modalites...), Small: true},
		Spacer{Height: 2},
		Fields{Items: fields},
		Heading{Level: 2, Text: "Évaluation des compétences"},
		Paragraph{Text: legend(r.Echelle), Style: Small},
		grilleTable(r.Echelle, b, e, width, fill),
		Spacer{Height: 3},
		overall,
		proposal,
		Paragraph{Text: r.RegleBloc.Description(r.Echelle) + " Le jury de certification décide.", Style: Note},
		Spacer{Height: 2},
		Heading{Level: 2, Text: "Évaluateurs"},
		Signatures{Signers: sig, PerRow: 2, Height: grilleSignatureHt},
	)
	return d
}

// legend explains the level columns, such as "A = Acquis".
func legend(e referentiel.Echelle) string {
	parts := make([]string, len(e.Niveaux))
	for i, n := range e.Niveaux {
		parts[i] = n.Code + "\u00a0= " + n.Libelle
	}
	return "Cochez une case par critère (" + strings.Join(parts, ", ") + ") et commentez ce qui fonde votre appréciation."
}

func grilleTable(scale referentiel.Echelle, b *referentiel.Bloc, e *referentiel.Epreuve, width float64, fill *filled) Table {
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
		cols = append(cols, Column{Header: n.Code, Width: grilleLevelWidth, Check: true})
	}
	cols = append(cols, Column{Header: "Commentaire", Width: rest - 2*text})

	t := Table{Columns: cols}
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
			cells = append(cells, Cell{Text: Typo(cr.Commentaire)})
			t.Rows = append(t.Rows, Row{Cells: cells, MinHeight: grilleRowHeight})
		}
	}
	return t
}

func signers(roles []string) []Signer {
	out := make([]Signer, len(roles))
	for i, r := range roles {
		out[i] = Signer{Role: r}
	}
	return out
}

// ErrUnknownBloc reports a bloc the référentiel does not have.
var ErrUnknownBloc = errors.New("templates: unknown bloc")

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
