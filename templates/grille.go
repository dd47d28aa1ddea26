package templates

import (
	"errors"
	"fmt"
	"strings"

	"certidoc/referentiel"
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
	return "grille-" + b.EpreuveID(e)
}

// Grille describes the blank evaluation grid of one épreuve: what is
// evaluated, blanks for the candidate, date and place, one row per evaluated
// compétence with its criterion, a box per level and room for a comment, the
// overall comment, the proposed result and a signature block per evaluator.
func Grille(r *referentiel.Referentiel, b *referentiel.Bloc, e *referentiel.Epreuve) Document {
	c := r.Certification
	id := b.EpreuveID(e)
	d := Document{
		Name:    GrilleName(b, e),
		Title:   fmt.Sprintf("Grille d’évaluation – Bloc %s, épreuve %d", b.Lettre, e.Numero),
		Subject: fmt.Sprintf("%s – %s – %s", c.Sigle, c.CodeRNCP, b.Code),
		Author:  c.Certificateur,
		Footer:  fmt.Sprintf("%s – %s – Grille d’évaluation %s", c.Sigle, c.CodeRNCP, id),
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
	facts = append(facts, Fact{"Compétences évaluées", strings.Join(e.Competences, ", ")})

	d.Blocks = append(d.Blocks,
		Paragraph{Text: c.Certificateur + " – organisme certificateur", Style: Small},
		Heading{Level: 1, Text: "Grille d’évaluation"},
		Paragraph{Text: fmt.Sprintf("Bloc %s – épreuve %d", b.Lettre, e.Numero), Style: Strong, Center: true},
		Spacer{Height: 2},
		Facts{Rows: facts},
		Heading{Level: 2, Text: "Ce que fait et remet le candidat"},
		List{Items: append(append([]string{}, e.Contenu...), e.Modalites...), Small: true},
		Spacer{Height: 2},
		Fields{Items: []Field{
			{Label: "Candidat(e) – nom et prénom", Width: 2},
			{Label: "Date", Width: 1},
			{Label: "Lieu", Width: 1},
		}},
		Heading{Level: 2, Text: "Évaluation des compétences"},
		Paragraph{Text: legend(r.Echelle), Style: Small},
		grilleTable(r.Echelle, b, e, width),
		Spacer{Height: 3},
		WritingBox{Label: "Appréciation générale", Height: grilleOverallBox},
		Choices{Label: fmt.Sprintf("Résultat proposé pour le bloc %s", b.Lettre), Options: []string{"Validé", "Non validé"}, Selected: -1},
		Paragraph{Text: r.RegleBloc.Description(r.Echelle) + " Le jury de certification décide.", Style: Note},
		Spacer{Height: 2},
		Heading{Level: 2, Text: "Évaluateurs"},
		Signatures{Signers: signers(e.Evaluateurs), PerRow: 2, Height: grilleSignatureHt},
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

func grilleTable(scale referentiel.Echelle, b *referentiel.Bloc, e *referentiel.Epreuve, width float64) Table {
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
			for range scale.Niveaux {
				cells = append(cells, Cell{})
			}
			cells = append(cells, Cell{})
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
