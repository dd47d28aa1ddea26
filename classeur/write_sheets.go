package classeur

import (
	"certidoc/referentiel"
	"certidoc/session"
	"fmt"
	"strings"

	"github.com/xuri/excelize/v2"
)

func (b *builder) lisezMoi() {
	f, c := b.f, b.ref.Certification
	lines := []string{
		"Classeur de saisie – " + c.Intitule + " (" + c.Sigle + ", " + c.CodeRNCP + ")",
		"",
		"À quoi sert ce classeur",
		"Il rassemble tout ce qu’il faut pour produire les documents de la session : grilles complétées, procès-verbal du jury, attestations, parchemins et lettres aux candidats. Remplissez-le, puis déposez-le dans certidoc.",
		"",
		"Comment le remplir",
		"1. Session : l’identifiant de la session, les dates, le lieu de la délibération, le certificateur, l’organisme de formation et le signataire des parchemins.",
		"2. Jury : une ligne par membre (président ou membre, externe ou non, voix délibérative).",
		"3. Candidats : une ligne par candidat, avec son état civil tel qu’il figure sur sa pièce d’identité, et « Oui » dans la colonne de chaque bloc qu’il présente à cette session.",
		"4. Blocs acquis : les blocs déjà validés lors d’une session antérieure (date et session).",
		"5. Une feuille par épreuve (« Bloc B – épreuve 1 »…) : une ligne par candidat ; le niveau de chaque critère (" + levelList(b.ref) + "), un commentaire par critère si besoin, les évaluateurs et l’appréciation générale.",
		"6. Décisions : une ligne par candidat et par bloc présenté. La proposition des grilles se calcule seule ; le jury inscrit sa décision (validé, non validé, absent). Une décision différente de la proposition doit avoir un motif : la cellule de décision passe en rouge tant qu’il manque.",
		"7. Incidents : un incident par ligne, s’il y en a.",
		"",
		"Bon à savoir",
		"• Les dates s’écrivent JJ/MM/AAAA. Les cellules grisées sont calculées ; les titres sont protégés (sans mot de passe) pour éviter de les effacer par mégarde.",
		"• Vous pouvez trier les lignes, en ajouter en bas, ou ajouter des colonnes à droite pour vos notes : certidoc les ignore.",
		"• À l’import, certidoc signale toutes les erreurs en une fois, avec la feuille et la cellule à corriger (par exemple « Bloc B – épreuve 1!F7 »).",
		"• Règle de proposition : " + b.ref.RegleBloc.Description(b.ref.Echelle),
	}
	for i, l := range lines {
		b.check(f.SetCellValue(sheetLisezMoi, cell(1, i+1), l))
		// Calc and Excel do not grow wrapped rows of a generated file.
		b.check(f.SetRowHeight(sheetLisezMoi, i+1, 15*float64(1+len([]rune(l))/110)))
	}
	b.check(f.SetColWidth(sheetLisezMoi, "A", "A", 110))
	wrap := b.newStyle(&excelize.Style{Alignment: &excelize.Alignment{WrapText: true, Vertical: "top"}})
	bold := b.newStyle(&excelize.Style{Font: &excelize.Font{Bold: true, Size: 12}, Alignment: &excelize.Alignment{WrapText: true}})
	b.check(f.SetCellStyle(sheetLisezMoi, "A1", cell(1, len(lines)), wrap))
	for _, r := range []int{1, 3, 6, 15} {
		b.check(f.SetCellStyle(sheetLisezMoi, cell(1, r), cell(1, r), bold))
		b.check(f.SetRowHeight(sheetLisezMoi, r, 22))
	}
}

func levelList(ref *referentiel.Referentiel) string {
	var out []string
	for _, n := range ref.Echelle.Niveaux {
		out = append(out, n.Code+" = "+n.Libelle)
	}
	return strings.Join(out, ", ")
}

func (b *builder) sessionSheet() {
	f := b.f
	b.check(f.SetCellValue(sheetSession, "A1", "Rubrique"))
	b.check(f.SetCellValue(sheetSession, "B1", "Valeur"))
	b.check(f.SetCellStyle(sheetSession, "A1", "B1", b.styles.title))
	b.check(f.SetColWidth(sheetSession, "A", "A", 40))
	b.check(f.SetColWidth(sheetSession, "B", "B", 60))
	b.check(f.SetColStyle(sheetSession, "B", b.styles.text))
	for i, fl := range sessionFields {
		row := i + 2
		b.check(f.SetCellValue(sheetSession, cell(1, row), fl.Label))
		b.check(f.SetCellStyle(sheetSession, cell(1, row), cell(1, row), b.styles.label))
		ref := cell(2, row)
		if fl.Date {
			b.check(f.SetCellStyle(sheetSession, ref, ref, b.styles.date))
		} else {
			b.check(f.SetCellStyle(sheetSession, ref, ref, b.styles.text))
		}
		b.set(sheetSession, 2, row, *fl.get(b.s), fl.Date)
	}
	b.protect(sheetSession)
}

func (b *builder) jurySheet() {
	b.table(sheetJury, juryColumns, nil, 0)
	last := firstDataRow + maxRows - 1
	b.dropList(sheetJury, rangeOf(1, firstDataRow, last), []string{string(session.Madame), string(session.Monsieur)}, "Mme ou M.")
	b.dropList(sheetJury, rangeOf(4, firstDataRow, last), []string{"président", "membre"}, "président ou membre")
	b.dropList(sheetJury, rangeOf(6, firstDataRow, last), []string{"Oui", "Non"}, "Oui ou Non")
	b.dropList(sheetJury, rangeOf(7, firstDataRow, last), []string{"Oui", "Non"}, "Oui ou Non")
	for i, m := range b.s.Jury {
		row := firstDataRow + i
		for col, v := range []string{string(m.Civilite), m.Nom, m.Prenom, roleLabels[m.Role], m.Organisation, ouiNon(m.Externe), ouiNon(m.VoixDeliberative)} {
			b.set(sheetJury, col+1, row, v, false)
		}
	}
}

// candidatCols returns the Candidats sheet's columns: identity, one
// column per bloc presented, then trainers and préconisations.
func (b *builder) candidatCols() []column {
	cols := append([]column{}, candidatColumns...)
	for _, bl := range b.ref.Blocs {
		cols = append(cols, column{"Bloc " + bl.Lettre + " présenté", "Oui si présenté à cette session", 10, ""})
	}
	return append(append(cols, candidatTail...), candidatOptional...)
}

func (b *builder) candidatsSheet() {
	cols := b.candidatCols()
	b.table(sheetCandidats, cols, map[int]bool{7: true, len(cols): true}, 1) // birth date, start of training
	last := firstDataRow + maxRows - 1
	b.dropList(sheetCandidats, rangeOf(2, firstDataRow, last), []string{string(session.Madame), string(session.Monsieur)}, "Mme ou M.")
	b.dropList(sheetCandidats, rangeOf(6, firstDataRow, last), []string{"F", "M"}, "F ou M")
	voies := make([]string, len(session.Voies))
	for i, v := range session.Voies {
		voies[i] = v.Libelle()
	}
	b.dropList(sheetCandidats, rangeOf(13, firstDataRow, last), voies, strings.Join(voies, ", "))
	nb := len(candidatColumns)
	b.dropList(sheetCandidats, cell(nb+1, firstDataRow)+":"+cell(nb+len(b.ref.Blocs), last), []string{"Oui"}, "Oui, ou laissez vide")
	for i := range b.s.Candidats {
		c := &b.s.Candidats[i]
		row := firstDataRow + i
		vals := []string{c.Numero, string(c.Civilite), c.NomNaissance, c.NomUsage, c.Prenoms, string(c.Sexe), string(c.Naissance.Date), c.Naissance.Commune,
			c.Naissance.CodeINSEE, c.Naissance.Pays, c.Naissance.PaysLibelle, strings.Join(c.Adresse, "\n"), c.Voie.Libelle()}
		for col, v := range vals {
			b.set(sheetCandidats, col+1, row, v, col == 6)
		}
		for j, bl := range b.ref.Blocs {
			for _, p := range c.BlocsPresentes {
				if p == bl.Lettre {
					b.set(sheetCandidats, nb+j+1, row, "Oui", false)
				}
			}
		}
		tail := nb + len(b.ref.Blocs)
		b.set(sheetCandidats, tail+1, row, strings.Join(c.Formateurs, " ; "), false)
		b.set(sheetCandidats, tail+2, row, c.Preconisations, false)
		b.set(sheetCandidats, tail+3, row, c.DebutFormation, true)
	}
}

func (b *builder) blocLetters() []string { return b.ref.Lettres() }

func (b *builder) acquisSheet() {
	b.table(sheetAcquis, acquisColumns, map[int]bool{3: true}, 1)
	b.dropList(sheetAcquis, rangeOf(2, firstDataRow, firstDataRow+maxRows-1), b.blocLetters(), strings.Join(b.blocLetters(), ", "))
	row := firstDataRow
	for _, c := range b.s.Candidats {
		for _, a := range c.BlocsAcquis {
			b.set(sheetAcquis, 1, row, c.Numero, false)
			b.set(sheetAcquis, 2, row, a.Bloc, false)
			b.set(sheetAcquis, 3, row, a.Date, true)
			b.set(sheetAcquis, 4, row, a.Session, false)
			row++
		}
	}
}

// nameFormula shows the candidate's name from the Candidats sheet.
func nameFormula(row int) string {
	key := fmt.Sprintf("$A%d", row)
	m := fmt.Sprintf("MATCH(%s,'%s'!$A:$A,0)", key, sheetCandidats)
	return fmt.Sprintf(`IF(%s="","",IFERROR(INDEX('%s'!$E:$E,%s)&" "&INDEX('%s'!$C:$C,%s),"?"))`, key, sheetCandidats, m, sheetCandidats, m)
}

func (b *builder) epreuve(bl *referentiel.Bloc, e *referentiel.Epreuve) {
	sheet := epreuveSheet(bl, e)
	cols := epreuveColumns(e)
	// A level column shows the scale under its title and the criterion it
	// grades in a note; a comment column shows the compétence.
	first := 5 + 2*evaluatorsPerEp
	codes := make([]string, len(b.ref.Echelle.Niveaux))
	for i, n := range b.ref.Echelle.Niveaux {
		codes[i] = n.Code
	}
	for i, code := range e.Competences {
		c, _, _ := bl.Competence(code)
		cols[first-1+i].Help = strings.Join(codes, ", ")
		cols[first-1+len(e.Competences)+i].Help = code + " – " + c.Intitule
	}
	b.table(sheet, cols, map[int]bool{3: true}, 2)
	b.check(b.f.SetRowHeight(sheet, 2, 60))
	for i, code := range e.Competences {
		c, _, _ := bl.Competence(code)
		b.check(b.f.AddComment(sheet, excelize.Comment{Cell: cell(first+i, 1), Author: "certidoc",
			Paragraph: []excelize.RichTextRun{{Text: code + " – critère d’évaluation : " + c.Critere}}}))
	}
	last := firstDataRow + maxRows - 1
	b.dropList(sheet, cell(first, firstDataRow)+":"+cell(first+len(e.Competences)-1, last), codes, levelList(b.ref))
	roles := []string{"Formateur", "Formateur ou responsable de formation", "Responsable de formation", "Membre du jury de certification"}
	for i := 0; i < evaluatorsPerEp; i++ {
		b.dropList(sheet, rangeOf(6+2*i, firstDataRow, last), roles, strings.Join(roles, ", "))
	}
	row := firstDataRow
	for i := range b.s.Candidats {
		c := &b.s.Candidats[i]
		presented := false
		for _, p := range c.BlocsPresentes {
			presented = presented || p == bl.Lettre
		}
		if !presented {
			continue
		}
		b.set(sheet, 1, row, c.Numero, false)
		b.check(b.f.SetCellFormula(sheet, cell(2, row), nameFormula(row)))
		b.check(b.f.SetCellStyle(sheet, cell(2, row), cell(2, row), b.styles.formula))
		if ev := c.EvaluationOf(bl.Lettre, e.Numero); ev != nil {
			b.set(sheet, 3, row, ev.Date, true)
			b.set(sheet, 4, row, ev.Lieu, false)
			for k, x := range ev.Evaluateurs {
				if k < evaluatorsPerEp {
					b.set(sheet, 5+2*k, row, x.Nom, false)
					b.set(sheet, 6+2*k, row, x.Role, false)
				}
			}
			for k, code := range e.Competences {
				for _, cr := range ev.Criteres {
					if cr.Competence == code {
						b.set(sheet, first+k, row, cr.Niveau, false)
						b.set(sheet, first+len(e.Competences)+k, row, cr.Commentaire, false)
					}
				}
			}
			b.set(sheet, first+2*len(e.Competences), row, ev.Appreciation, false)
		}
		row++
	}
}

// proposalFormula computes, for the candidate of the row and the bloc in
// column C, the proposal of the référentiel's rule from the épreuve sheets.
func (b *builder) proposalFormula(row int) string {
	var branches []string
	for i := range b.ref.Blocs {
		bl := &b.ref.Blocs[i]
		var filled, good, bad []string
		total := 0
		for j := range bl.Epreuves {
			e := &bl.Epreuves[j]
			sheet := epreuveSheet(bl, e)
			first := 5 + 2*evaluatorsPerEp
			last := firstDataRow + maxRows - 1
			levels := fmt.Sprintf("INDEX('%s'!$%s$%d:$%s$%d,MATCH($A%d,'%s'!$A$%d:$A$%d,0),0)",
				sheet, colName(first), firstDataRow, colName(first+len(e.Competences)-1), last, row, sheet, firstDataRow, last)
			filled = append(filled, "COUNTA("+levels+")")
			good = append(good, fmt.Sprintf(`COUNTIF(%s,"%s")`, levels, b.ref.RegleBloc.NiveauRequis))
			for _, x := range b.ref.RegleBloc.NiveauxExclus {
				bad = append(bad, fmt.Sprintf(`COUNTIF(%s,"%s")`, levels, x))
			}
			total += len(e.Competences)
		}
		cond := fmt.Sprintf("(%s)=%d", strings.Join(good, "+"), total)
		if b.ref.RegleBloc.Type == referentiel.ReglePartMinimale {
			cond = fmt.Sprintf("(%s)>=%g", strings.Join(good, "+"), b.ref.RegleBloc.PartMinimale*float64(total))
		}
		if len(bad) > 0 {
			cond = fmt.Sprintf("AND(%s,(%s)=0)", cond, strings.Join(bad, "+"))
		}
		branches = append(branches, fmt.Sprintf(`IF((%s)<%d,"à établir",IF(%s,"validé","non validé"))`, strings.Join(filled, "+"), total, cond))
	}
	letters := `{"` + strings.Join(b.ref.Lettres(), `","`) + `"}`
	return fmt.Sprintf(`IF(OR($A%d="",$C%d=""),"",IFERROR(CHOOSE(MATCH($C%d,%s,0),%s),"à établir"))`, row, row, row, letters, strings.Join(branches, ","))
}

func (b *builder) decisionsSheet() {
	sheet := sheetDecisions
	b.table(sheet, decisionColumns, nil, 2)
	last := firstDataRow + maxRows - 1
	b.dropList(sheet, rangeOf(3, firstDataRow, last), b.blocLetters(), strings.Join(b.blocLetters(), ", "))
	b.dropList(sheet, rangeOf(5, firstDataRow, last), []string{"validé", "non validé", "absent"}, "validé, non validé ou absent")
	row := firstDataRow
	for i := range b.s.Candidats {
		c := &b.s.Candidats[i]
		for _, l := range c.BlocsPresentes {
			b.set(sheet, 1, row, c.Numero, false)
			b.set(sheet, 3, row, l, false)
			for _, d := range c.Decisions {
				if d.Bloc == l {
					b.set(sheet, 5, row, decisionLabels[d.Decision], false)
					b.set(sheet, 6, row, d.Motif, false)
				}
			}
			row++
		}
	}
	// Formulas on the rows in use and on spare rows for added candidates.
	spare := row + 100
	if len(b.s.Candidats) == 0 {
		spare = firstDataRow + 300
	}
	for r := firstDataRow; r < spare; r++ {
		b.check(b.f.SetCellFormula(sheet, cell(2, r), nameFormula(r)))
		b.check(b.f.SetCellFormula(sheet, cell(4, r), b.proposalFormula(r)))
	}
	b.check(b.f.SetCellStyle(sheet, cell(2, firstDataRow), cell(2, spare-1), b.styles.formula))
	b.check(b.f.SetCellStyle(sheet, cell(4, firstDataRow), cell(4, spare-1), b.styles.formula))
	red := b.newConditional(&excelize.Style{Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"F4B6B6"}}, Font: &excelize.Font{Color: "9C0006", Bold: true}})
	formula := fmt.Sprintf(`AND($E%d<>"",$E%d<>"absent",$D%d<>"à établir",$E%d<>$D%d,TRIM($F%d)="")`, firstDataRow, firstDataRow, firstDataRow, firstDataRow, firstDataRow, firstDataRow)
	b.check(b.f.SetConditionalFormat(sheet, fmt.Sprintf("E%d:F%d", firstDataRow, last), []excelize.ConditionalFormatOptions{{Type: "formula", Criteria: formula, Format: &red}}))
}

func (b *builder) newConditional(s *excelize.Style) int {
	id, err := b.f.NewConditionalStyle(s)
	b.check(err)
	return id
}

func (b *builder) incidentsSheet() {
	b.table(sheetIncidents, []column{{"Incident", "un incident par ligne", 100, ""}}, nil, 0)
	for i, inc := range b.s.Incidents {
		b.set(sheetIncidents, 1, firstDataRow+i, inc, false)
	}
}

func (b *builder) meta() {
	for i, v := range []string{metaMarker, Version, b.ref.Certification.CodeRNCP} {
		b.check(b.f.SetCellValue(sheetMeta, cell(1, i+1), v))
	}
}
