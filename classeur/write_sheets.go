package classeur

import (
	"certidoc/fr"
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
		"Il rassemble tout ce qu’il faut pour produire les documents de la session\u00a0: grilles complétées, procès-verbal du jury, attestations, parchemins et lettres aux candidats. Remplissez-le, puis déposez-le dans certidoc.",
		"",
		"Comment le remplir",
		"1. Session\u00a0: l’identifiant de la session, les dates, le lieu de la délibération, le certificateur, l’organisme de formation et le signataire des parchemins. La voie de recours du certificateur est facultative\u00a0: c’est le texte qui termine la lettre d’un candidat dont un bloc n’est pas validé\u202f; laissée vide, la lettre dit que la décision peut être contestée par un recours écrit et motivé adressé au certificateur dans les deux mois, selon son règlement de certification.",
		"2. Jury\u00a0: une ligne par membre (président ou membre, externe ou non, voix délibérative).",
		"3. Candidats\u00a0: une ligne par candidat, avec son état civil tel qu’il figure sur sa pièce d’identité, et «\u00a0Oui\u00a0» dans la colonne de chaque bloc qu’il présente à cette session.",
		"4. Blocs acquis\u00a0: les blocs déjà validés lors d’une session antérieure (date et session).",
		"Planning (facultatif, avant les épreuves)\u00a0: une ligne par candidat convoqué à une séance\u00a0: la séance (S1…), ses épreuves, sa forme (écrit, oral, remise de dossier), sa date, son heure, sa durée en minutes, son lieu, sa salle, ses évaluateurs, et pour un oral la durée de passage et l’heure de passage de chaque candidat. Sur les lignes suivantes d’une même séance, seuls le numéro du candidat et son heure de passage sont utiles. Le contact pour un aménagement d’épreuve et la date d’envoi des convocations se trouvent sur la feuille Session. certidoc en fait les convocations, les feuilles d’émargement et le planning imprimable.",
		b.epreuveHelp(),
		"6. Décisions se remplit seule\u00a0: une ligne par candidat et par bloc présenté, dans l’ordre de la feuille Candidats puis des blocs, avec le numéro, le nom, le bloc et la proposition des grilles. Le jury n’inscrit que sa décision (validé, non validé, absent) et, si elle diffère de la proposition, le motif\u00a0: la décision passe en rouge tant qu’il manque. «\u00a0à établir\u00a0»\u00a0: une épreuve du bloc n’est pas encore notée\u202f; «\u00a0à corriger\u00a0»\u00a0: " + b.whatToCorrect() + " de ses épreuves manque ou est hors de l’échelle (surligné en rouge sur la feuille de l’épreuve)\u202f; certidoc refuserait le classeur en l’état." + b.decisionsHelp(),
		"7. Incidents\u00a0: un incident par ligne, s’il y en a.",
		"",
		"Bon à savoir",
		"• Les dates s’écrivent JJ/MM/AAAA. Les cellules grisées sont calculées\u00a0: n’y écrivez pas. Les titres sont protégés (sans mot de passe) pour éviter de les effacer par mégarde.",
		fmt.Sprintf("• Capacité\u00a0: %d candidats. Candidats, Jury, Incidents et chaque feuille d’épreuve ont %d lignes (lignes %d à %d)\u202f; Blocs acquis et Décisions en ont %d (%d candidats × %d blocs, lignes %d à %d). Formules, listes et cellules modifiables couvrent exactement ces lignes\u202f; au-delà, certidoc refuse le classeur en nommant la ligne qui dépasse.",
			capacity, capacity, firstDataRow, lastCandRow(), capacity*len(b.ref.Blocs), capacity, len(b.ref.Blocs), firstDataRow, lastPairRow(b.ref)),
		"• Trier\u00a0: sélectionnez les lignes de données (à partir de la ligne 3, toutes les colonnes du tableau) puis Données > Trier, dans Excel comme dans LibreOffice\u202f; chaque feuille se trie, Décisions aussi (chaque ligne garde son candidat et son bloc). Mais une fois des décisions saisies, ne triez plus Candidats et n’y changez plus les blocs présentés\u00a0: les lignes de Décisions suivent l’ordre de Candidats et ne seraient plus en face des décisions déjà écrites.",
		fmt.Sprintf("• Vos notes\u00a0: écrivez dans les %d colonnes à droite du dernier titre (avec un titre en ligne 1 si vous voulez)\u00a0: certidoc les ignore. On ne peut ni insérer une colonne entre celles du classeur, ni modifier ou déplacer leurs titres.", noteColumns),
		"• À l’import, certidoc signale toutes les erreurs en une fois, avec la feuille et la cellule à corriger (par exemple «\u00a0Bloc B – épreuve 1!F7\u00a0»).",
		"• Règle de proposition\u00a0: " + b.ref.RegleBloc.Description(b.ref.Echelle),
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
	for _, r := range []int{1, 3, 6, 16} {
		b.check(f.SetCellStyle(sheetLisezMoi, cell(1, r), cell(1, r), bold))
		b.check(f.SetRowHeight(sheetLisezMoi, r, 22))
	}
}

func levelList(ref *referentiel.Referentiel) string {
	var out []string
	for _, n := range ref.Echelle.Niveaux {
		out = append(out, string(n.Code)+" = "+n.Libelle)
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
		switch p := fl.field(b.s).(type) {
		case *fr.Date:
			b.check(f.SetCellStyle(sheetSession, ref, ref, b.styles.date))
			b.set(sheetSession, 2, row, *p, true)
		case *fr.Heure:
			b.check(f.SetCellStyle(sheetSession, ref, ref, b.styles.text))
			b.set(sheetSession, 2, row, p.String(), false)
		case *string:
			b.check(f.SetCellStyle(sheetSession, ref, ref, b.styles.text))
			b.set(sheetSession, 2, row, *p, false)
		}
		if fl.Label == labelRecours {
			// A paragraph: Calc and Excel do not grow the rows of a
			// generated file, so the row shows four lines at least.
			b.check(f.SetRowHeight(sheetSession, row, 15*float64(max(4, 1+len([]rune(b.s.Certificateur.Recours))/55))))
		}
	}
	b.planningSessionRows()
	b.protect(sheetSession)
}

func (b *builder) jurySheet() {
	b.table(sheetJury, append(append([]column{}, juryColumns...), juryOptional...), nil, 0)
	last := lastCandRow()
	b.dropList(sheetJury, rangeOf(1, firstDataRow, last), []string{string(session.Madame), string(session.Monsieur)}, "Mme ou M.")
	roles := make([]string, len(session.Roles))
	for i, r := range session.Roles {
		roles[i] = r.Libelle()
	}
	b.dropList(sheetJury, rangeOf(4, firstDataRow, last), roles, strings.Join(roles, " ou "))
	b.dropList(sheetJury, rangeOf(6, firstDataRow, last), []string{"Oui", "Non"}, "Oui ou Non")
	b.dropList(sheetJury, rangeOf(7, firstDataRow, last), []string{"Oui", "Non"}, "Oui ou Non")
	for i, m := range b.s.Jury {
		row := firstDataRow + i
		for col, v := range []string{string(m.Civilite), m.Nom, m.Prenom, m.Role.Libelle(), m.Organisation, ouiNon(m.Externe), ouiNon(m.VoixDeliberative), strings.Join(m.Adresse, "\n")} {
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
	last := lastCandRow()
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
		vals := []any{c.Numero, string(c.Civilite), c.NomNaissance, c.NomUsage, c.Prenoms, string(c.Sexe), c.Naissance.Date, c.Naissance.Commune,
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
		b.set(sheetCandidats, tail+1, row, strings.Join(c.Formateurs, "\u202f; "), false)
		b.set(sheetCandidats, tail+2, row, c.Preconisations, false)
		b.set(sheetCandidats, tail+3, row, c.DebutFormation, true)
	}
}

func (b *builder) blocLetters() []string { return b.ref.Lettres() }

func (b *builder) acquisSheet() {
	b.table(sheetAcquis, acquisColumns, map[int]bool{3: true}, 1)
	b.dropList(sheetAcquis, rangeOf(2, firstDataRow, lastPairRow(b.ref)), b.blocLetters(), strings.Join(b.blocLetters(), ", "))
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

// nameFormula shows, on an épreuve sheet, the name of the candidate whose
// number is in column A of the row.
func (b *builder) nameFormula(row int) string { return b.nameFormulaOf("A", row) }

// nameFormulaOf is nameFormula for a candidate's number in column col.
func (b *builder) nameFormulaOf(col string, row int) string {
	key := fmt.Sprintf(`TRIM($%s%d&"")`, col, row)
	m := fmt.Sprintf("MATCH(%s,%s,0)", key, calcRange(b.calc.key))
	return fmt.Sprintf(`IF(%s="","",IFERROR(TRIM(INDEX(%s!$E$%d:$E$%d,%s)&" "&INDEX(%s!$C$%d:$C$%d,%s)),"?"))`,
		key, sheetCandidats, firstDataRow, lastCandRow(), m, sheetCandidats, firstDataRow, lastCandRow(), m)
}

func (b *builder) epreuve(bl *referentiel.Bloc, e *referentiel.Epreuve) {
	sheet := epreuveSheet(bl, e)
	cols := epreuveColumns(b.ref, e)
	ce := b.calc.epreuve(bl, e)
	// A level column shows the scale under its title and the criterion it
	// grades in a note; a comment column shows the compétence.
	first, nlev := ce.first, ce.ncrit
	codes := make([]string, len(b.ref.Echelle.Niveaux))
	for i, n := range b.ref.Echelle.Niveaux {
		codes[i] = string(n.Code)
	}
	for i, code := range e.Competences {
		c, _, _ := bl.Competence(code)
		if nlev > 0 {
			cols[first-1+i].Help = strings.Join(codes, ", ")
		}
		cols[first-1+nlev+i].Help = code + " – " + c.Intitule
	}
	b.table(sheet, cols, map[int]bool{3: true}, 2)
	b.check(b.f.SetRowHeight(sheet, 2, 60))
	for i := range nlev {
		code := e.Competences[i]
		c, _, _ := bl.Competence(code)
		b.check(b.f.AddComment(sheet, excelize.Comment{Cell: cell(first+i, 1), Author: "certidoc",
			Paragraph: []excelize.RichTextRun{{Text: code + " – critère d’évaluation\u00a0: " + c.Critere}}}))
	}
	last := lastCandRow()
	hl := b.newConditional(&excelize.Style{Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"F4B6B6"}}, Font: &excelize.Font{Color: "9C0006", Bold: true}})
	started := fmt.Sprintf("%s!$%s%d", sheetCalculs, colName(ce.started), firstDataRow)
	if nlev > 0 {
		levels := cell(first, firstDataRow) + ":" + cell(first+nlev-1, last)
		b.dropList(sheet, levels, codes, levelList(b.ref))
		// A level the import would refuse, or missing on a row begun, shows.
		code := fmt.Sprintf("%s!%s%d", sheetCalculs, colName(ce.code), firstDataRow)
		b.check(b.f.SetConditionalFormat(sheet, levels, []excelize.ConditionalFormatOptions{{Type: "formula",
			Criteria: fmt.Sprintf("OR(%s=-1,AND(%s=0,%s=1))", code, code, started), Format: &hl}}))
	}
	if ce.note > 0 {
		b.noteCells(sheet, e, ce, started, hl)
	}
	roles := []string{"Formateur", "Formateur ou responsable de formation", "Responsable de formation", "Membre du jury de certification"}
	for i := 0; i < evaluatorsPerEp; i++ {
		b.dropListStyle(sheet, rangeOf(6+2*i, firstDataRow, last), roles, strings.Join(roles, ", "), false)
	}
	// The candidate's name as a reminder, on every row.
	shared, names := excelize.STCellFormulaTypeShared, rangeOf(2, firstDataRow, last)
	b.check(b.f.SetCellFormula(sheet, cell(2, firstDataRow), b.nameFormula(firstDataRow), excelize.FormulaOpts{Type: &shared, Ref: &names}))
	b.check(b.f.SetCellStyle(sheet, cell(2, firstDataRow), cell(2, last), b.styles.formulaOpen))
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
		if ev := c.EvaluationOf(bl.Lettre, e.Numero); ev != nil {
			b.set(sheet, 3, row, ev.Date, true)
			b.set(sheet, 4, row, ev.Lieu, false)
			for k, x := range ev.Evaluateurs {
				if k < evaluatorsPerEp {
					b.set(sheet, 5+2*k, row, x.Nom, false)
					b.set(sheet, 6+2*k, row, x.Role, false)
				}
			}
			if ce.note > 0 && ev.Note != nil {
				ref := cell(ce.note, row)
				b.check(b.f.SetCellValue(sheet, ref, ev.Note.Float()))
				b.check(b.f.SetCellStyle(sheet, ref, ref, b.styles.note))
			}
			for k, code := range e.Competences {
				for _, cr := range ev.Criteres {
					if cr.Competence == code {
						if k < nlev {
							b.set(sheet, first+k, row, cr.Niveau, false)
						}
						b.set(sheet, first+nlev+k, row, cr.Commentaire, false)
					}
				}
			}
			b.set(sheet, first+nlev+len(e.Competences), row, ev.Appreciation, false)
		}
		row++
	}
}

// decisionFormulas are the formulas of the k-th row (1-based) of the
// Décisions sheet: number, name, bloc and proposal of the k-th pair
// candidate × bloc presented, in the order of Candidats then of the blocs.
// k is written in each formula, so that a sorted row keeps its pair.
func (b *builder) decisionFormulas(k int) [4]string {
	l := b.calc
	pairs := fmt.Sprintf("%s!$%s$%d:$%s$%d", sheetCalculs, colName(l.slot), firstDataRow, colName(l.slot), firstDataRow+l.pairRows()-1)
	slot := fmt.Sprintf("INDEX(%s,%d)", pairs, k)
	bloc := fmt.Sprintf("INDEX(%s,%d)", strings.ReplaceAll(pairs, colName(l.slot), colName(l.bloc)), k)
	empty := fmt.Sprintf(`IF(%s=0,"",`, slot)
	letters := make([]string, len(b.ref.Blocs))
	for i, bl := range b.ref.Blocs {
		letters[i] = str(bl.Lettre)
	}
	props := fmt.Sprintf("%s!$%s$%d:$%s$%d", sheetCalculs, colName(l.prop), firstDataRow, colName(l.prop+l.nb-1), lastCandRow())
	cand := func(col int) string {
		return fmt.Sprintf("INDEX(%s!$%s$%d:$%s$%d,%s)", sheetCandidats, colName(col), firstDataRow, colName(col), lastCandRow(), slot)
	}
	return [4]string{
		empty + fmt.Sprintf("INDEX(%s,%s))", calcRange(l.key), slot),
		empty + fmt.Sprintf(`IFERROR(TRIM(%s&" "&%s),""))`, cand(5), cand(3)),
		empty + fmt.Sprintf("CHOOSE(%s,%s))", bloc, strings.Join(letters, ",")),
		empty + fmt.Sprintf("INDEX(%s,%s,%s))", props, slot, bloc),
	}
}

// pairs lists the session's candidate × bloc pairs in the order of the
// Décisions sheet: candidates in order, blocs in the référentiel's order.
func pairs(ref *referentiel.Referentiel, s *session.Session) [][2]int {
	var out [][2]int
	for i := range s.Candidats {
		for j, bl := range ref.Blocs {
			for _, l := range s.Candidats[i].BlocsPresentes {
				if l == bl.Lettre {
					out = append(out, [2]int{i, j})
					break
				}
			}
		}
	}
	return out
}

func (b *builder) decisionsSheet() {
	sheet := sheetDecisions
	cols := decisionColumns
	if b.calc.moy > 0 {
		cols = append(append([]column{}, cols...), decisionNotes(b.ref)...)
	}
	b.table(sheet, cols, nil, 2)
	last := lastPairRow(b.ref)
	verdicts := make([]string, len(session.Verdicts))
	for i, v := range session.Verdicts {
		verdicts[i] = v.Libelle()
	}
	b.dropList(sheet, rangeOf(5, firstDataRow, last), verdicts, strings.Join(verdicts[:len(verdicts)-1], ", ")+" ou "+verdicts[len(verdicts)-1])
	for k := 1; firstDataRow+k-1 <= last; k++ {
		for col, f := range b.decisionFormulas(k) {
			b.check(b.f.SetCellFormula(sheet, cell(col+1, firstDataRow+k-1), f))
		}
	}
	b.check(b.f.SetCellStyle(sheet, cell(1, firstDataRow), cell(4, last), b.styles.formulaOpen))
	if b.calc.moy > 0 {
		b.decisionAverages(last)
	}
	for k, p := range pairs(b.ref, b.s) {
		c, l := &b.s.Candidats[p[0]], b.ref.Blocs[p[1]].Lettre
		for _, d := range c.Decisions {
			if d.Bloc == l {
				b.set(sheet, 5, firstDataRow+k, verdictLabel(d.Decision), false)
				b.set(sheet, 6, firstDataRow+k, d.Motif, false)
			}
		}
	}
	red := b.newConditional(&excelize.Style{Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"F4B6B6"}}, Font: &excelize.Font{Color: "9C0006", Bold: true}})
	r := firstDataRow
	formula := fmt.Sprintf(`AND($E%d<>"",$E%d<>"absent",$D%d<>"",$D%d<>"à établir",$D%d<>"à corriger",$E%d<>$D%d,TRIM($F%d)="")`, r, r, r, r, r, r, r, r)
	b.check(b.f.SetConditionalFormat(sheet, fmt.Sprintf("E%d:F%d", firstDataRow, last), []excelize.ConditionalFormatOptions{{Type: "formula", Criteria: formula, Format: &red}}))
	orange := b.newConditional(&excelize.Style{Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"FCE4C4"}}, Font: &excelize.Font{Color: "9C5700", Bold: true}})
	b.check(b.f.SetConditionalFormat(sheet, fmt.Sprintf("D%d:D%d", firstDataRow, last), []excelize.ConditionalFormatOptions{{Type: "formula",
		Criteria: fmt.Sprintf(`$D%d="à corriger"`, r), Format: &orange}}))
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
	for i, v := range []string{metaMarker, Version, b.ref.Certification.CodeRNCP, b.ref.Version()} {
		b.check(b.f.SetCellValue(sheetMeta, cell(1, i+1), v))
	}
}
