package classeur

import (
	"fmt"
	"strings"

	"github.com/xuri/excelize/v2"

	"certidoc/referentiel"
)

// noteCells prepares the mark column of a marked épreuve sheet: a
// validation that refuses, as they are typed, a number off the scale or
// off its step (a date too: 12.5 typed in a French Excel becomes the 12th
// of May, a number far above the scale), and lets a text through, which
// the Calculs sheet reads as the import does ("12.5" typed in a French
// Calc); and a highlight of every mark the import would refuse, or
// missing on a row begun.
func (b *builder) noteCells(sheet string, e *referentiel.Epreuve, ce calcEpreuve, started string, hl int) {
	ech := b.ref.Echelle
	last := lastCandRow()
	sqref := rangeOf(ce.note, firstDataRow, last)
	x := cell(ce.note, firstDataRow) // relative: the validation of each row reads its own cell
	lo, hi, pas := ech.Minimum.Centiemes(), ech.Maximum.Centiemes(), ech.Pas.Centiemes()
	formula := fmt.Sprintf("OR(ISTEXT(%s),AND(ISNUMBER(%s),%s*100>=%d,%s*100<=%d,ABS(%s*100-ROUND(%s*100,0))<0.000001,MOD(ROUND(%s*100,0)-%d,%d)=0))",
		x, x, x, lo, x, hi, x, x, x, lo, pas)
	dv := excelize.NewDataValidation(true)
	dv.SetSqref(sqref)
	dv.Type = "custom"
	dv.Formula1 = formulaEscaper.Replace(formula)
	scale := fmt.Sprintf("de %s à %s par pas de %s", ech.Minimum.Francais(), ech.Maximum.Francais(), ech.Pas.Francais())
	// A French Excel makes 12.5 a date, a French Calc a text that its
	// validation refuses: the message asks for the comma.
	dv.SetError(excelize.DataValidationErrorStyleStop, "Note hors de l’échelle", "Écrivez une note "+scale+", avec une virgule (12,5).")
	dv.SetInput("Note sur "+ech.Maximum.Francais(), noteHelp(b.ref, e))
	b.check(b.f.AddDataValidation(sheet, dv))
	st := fmt.Sprintf("%s!%s%d", sheetCalculs, colName(ce.m.st), firstDataRow)
	b.check(b.f.SetConditionalFormat(sheet, sqref, []excelize.ConditionalFormatOptions{{Type: "formula",
		Criteria: fmt.Sprintf("OR(%s>=%d,AND(%s=%d,%s=1))", st, noteLettres, st, noteVide, started), Format: &hl}}))
}

// formulaEscaper escapes a formula for the XML of a validation, as
// excelize does for its lists.
var formulaEscaper = strings.NewReplacer(`&`, `&amp;`, `<`, `&lt;`, `>`, `&gt;`)

// epreuveHelp is the Lisez-moi's paragraph on the épreuve sheets.
func (b *builder) epreuveHelp() string {
	head := "5. Une feuille par épreuve («\u00a0Bloc B – épreuve 1\u00a0»)\u00a0: une ligne par candidat évalué (son numéro\u202f; le nom s’affiche seul)\u202f; "
	ech := b.ref.Echelle
	if !ech.Notes() {
		return head + "le niveau de chaque critère, choisi dans la liste (" + levelList(b.ref) + "), un commentaire par critère si besoin, les évaluateurs et l’appréciation générale. Un niveau que certidoc refuserait, ou qui manque sur une ligne commencée, est surligné en rouge."
	}
	s := head + fmt.Sprintf("la note de l’épreuve, de %s à %s par pas de %s, tapée avec une virgule (12,5\u202f; une note à point, 12.5, collée ou venue d’un autre logiciel, est lue aussi\u202f; le coefficient de l’épreuve est rappelé sous le titre «\u00a0Note\u00a0»), un commentaire par critère si besoin, les évaluateurs et l’appréciation générale.",
		ech.Minimum.Francais(), ech.Maximum.Francais(), ech.Pas.Francais())
	for i := range b.ref.Blocs {
		for j := range b.ref.Blocs[i].Epreuves {
			if b.ref.Niveaux(&b.ref.Blocs[i].Epreuves[j]) {
				s += " Dans les épreuves qui ont des colonnes «\u00a0Niveau\u00a0», chaque critère reçoit aussi un niveau, choisi dans la liste (" + levelList(b.ref) + ")\u00a0: il figure sur la grille, la règle de proposition ne s’en sert pas."
				return s + " Une note ou un niveau que certidoc refuserait, ou qui manque sur une ligne commencée, est surligné en rouge."
			}
		}
	}
	return s + " Une note que certidoc refuserait, ou qui manque sur une ligne commencée, est surlignée en rouge."
}

// whatToCorrect names, for the Lisez-moi, what makes a proposal « à
// corriger »: a level, or a mark.
func (b *builder) whatToCorrect() string {
	if b.ref.Echelle.Notes() {
		return "une note ou un niveau"
	}
	return "un niveau"
}

// decisionNotes are the columns a marked référentiel adds to Décisions,
// after those the import reads: the bloc's average and why a bloc fails
// whatever its average. Computed, for the jury to read.
func decisionNotes(ref *referentiel.Referentiel) []column {
	return []column{
		{Title: "Moyenne des grilles", Help: "calculée, sur " + ref.Echelle.Maximum.Francais() + ", arrondie au centième", Width: 12},
		{Title: "Remarque des grilles", Help: "calculée", Width: 30},
	}
}

// decisionAverages writes the formulas of decisionNotes on every row of
// Décisions: the average once the proposal is made, and the eliminatory
// mark or the mark under the threshold that makes a bloc fail.
func (b *builder) decisionAverages(last int) {
	l := b.calc
	col := len(decisionColumns) + 1
	pick := func(first int) string {
		return fmt.Sprintf("%s!$%s$%d:$%s$%d", sheetCalculs, colName(first), firstDataRow, colName(first+l.nb-1), lastCandRow())
	}
	pairs := fmt.Sprintf("%s!$%s$%d:$%s$%d", sheetCalculs, colName(l.slot), firstDataRow, colName(l.slot), firstDataRow+l.pairRows()-1)
	blocs := strings.ReplaceAll(pairs, colName(l.slot), colName(l.bloc))
	for k := 1; firstDataRow+k-1 <= last; k++ {
		row := firstDataRow + k - 1
		slot, bloc := fmt.Sprintf("INDEX(%s,%d)", pairs, k), fmt.Sprintf("INDEX(%s,%d)", blocs, k)
		// The row's proposal read from Calculs, not from column D: a sort
		// in Calc moves the formulas without updating their rows.
		prop := fmt.Sprintf("INDEX(%s,%s,%s)", pick(l.prop), slot, bloc)
		made := fmt.Sprintf(`OR(%s="validé",%s="non validé")`, prop, prop)
		moy := fmt.Sprintf(`IF(%s=0,"",IF(%s,INDEX(%s,%s,%s)/100,""))`, slot, made, pick(l.moy), slot, bloc)
		elim := fmt.Sprintf("INDEX(%s,%s,%s)", pick(l.elim), slot, bloc)
		why := fmt.Sprintf(`IF(%s=0,"",IF(%s<>"non validé","",IF(%s=1,"note éliminatoire",IF(%s=2,"note sous le seuil, sans compensation",""))))`, slot, prop, elim, elim)
		b.check(b.f.SetCellFormula(sheetDecisions, cell(col, row), moy))
		b.check(b.f.SetCellFormula(sheetDecisions, cell(col+1, row), why))
	}
	b.check(b.f.SetCellStyle(sheetDecisions, cell(col, firstDataRow), cell(col, last), b.styles.average))
	b.check(b.f.SetCellStyle(sheetDecisions, cell(col+1, firstDataRow), cell(col+1, last), b.styles.formulaOpen))
}

// decisionsHelp ends the Lisez-moi's paragraph on Décisions: what the
// columns of a marked référentiel show.
func (b *builder) decisionsHelp() string {
	if !b.ref.Echelle.Notes() {
		return ""
	}
	return " «\u00a0Moyenne des grilles\u00a0» donne la moyenne du bloc, pondérée par les coefficients et arrondie comme le procès-verbal l’imprime\u202f; «\u00a0Remarque des grilles\u00a0» dit pourquoi un bloc n’est pas proposé malgré sa moyenne (note éliminatoire, ou note sous le seuil quand les épreuves ne se compensent pas)."
}
