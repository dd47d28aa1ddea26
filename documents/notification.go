package documents

import (
	"fmt"
	"strings"

	"certidoc/certificateur"
	"certidoc/fr"
	"certidoc/referentiel"
	"certidoc/session"
)

// Notification describes the letter that tells a candidate the jury's
// decision on each bloc, what it means for the certification, the
// préconisations for the blocs not validated, and that validated blocs are
// acquired for life.
func Notification(r *referentiel.Referentiel, s *session.Session, rc *session.ResultatCandidat, p *certificateur.Profil) Document {
	cert := r.Certification
	c := rc.Candidat
	doc := Document{
		Kind:       KindNotification,
		Name:       string(KindNotification),
		Title:      fmt.Sprintf("Notification des résultats – session %s – %s", s.Session.Identifiant, c.NomComplet()),
		Subject:    fmt.Sprintf("%s – %s", cert.Sigle, cert.CodeRNCP),
		Author:     s.Certificateur.RaisonSociale,
		Footer:     fmt.Sprintf("%s – %s – notification des résultats – candidat %s", cert.Sigle, cert.CodeRNCP, c.Numero),
		Pagination: Paginee,
	}
	recipient := Madame(c) + " " + c.NomComplet()
	if len(c.Adresse) > 0 {
		recipient += "\n" + strings.Join(c.Adresse, "\n")
	}
	doc.Blocks = append(doc.Blocks,
		Paragraph{Text: s.Certificateur.RaisonSociale, Style: Strong},
		Paragraph{Text: "Organisme certificateur\n" + s.Certificateur.Adresse + "\n" + strings.TrimSpace(s.Certificateur.CodePostal+" "+s.Certificateur.Ville), Style: Small},
		Spacer{Height: 5},
		Paragraph{Text: recipient, Align: Right},
		Spacer{Height: 4},
		Paragraph{Text: fmt.Sprintf("%s, le %s", s.Certificateur.Ville, dateDelivrance(s).Longue()), Align: Right},
		Spacer{Height: 4},
		Paragraph{Text: fmt.Sprintf("Objet\u00a0: résultats de la session %s – certification «\u00a0%s\u00a0» (%s)", s.Session.Identifiant, cert.Intitule, cert.CodeRNCP), Style: Strong},
		Spacer{Height: 2},
		Paragraph{Text: fmt.Sprintf("%s n°\u00a0%s\u00a0: %s", accord(c, "Candidat", "Candidate"), c.Numero, Identite(c)), Style: Small},
		Spacer{Height: 2},
		Paragraph{Text: p.Texte(certificateur.LettreAppel, valeurs(r, s, c))},
		Paragraph{Align: Justify, Text: fmt.Sprintf("Le jury de certification, réuni le %s, a délibéré sur les blocs de compétences que vous avez présentés lors de la session %s. Ses décisions sont les suivantes\u00a0:",
			s.Session.Deliberation.Date.Longue(), s.Session.Identifiant)},
		decisionsTable(c, rc),
		Spacer{Height: 2},
	)
	for _, par := range resultParagraphs(r, s, rc, p) {
		doc.Blocks = append(doc.Blocks, Paragraph{Text: par, Align: Justify})
	}
	doc.Blocks = append(doc.Blocks, motifs(r, rc)...)
	// The end of the letter stays together: the préconisations, the appeal
	// route, the closing and the signature never leave the signature alone
	// on a last page.
	var end []Block
	if c.Preconisations != "" && len(rc.Manquants()) > 0 {
		end = append(end, Paragraph{Text: "Préconisations du jury\u00a0:", Style: Strong}, Paragraph{Text: fr.Typo(c.Preconisations), Align: Justify})
	}
	if refused(rc) {
		end = append(end, Paragraph{Text: "Voie de recours\u00a0:", Style: Strong}, Paragraph{Text: Recours(s), Align: Justify})
	}
	end = append(end,
		Spacer{Height: 2},
		Paragraph{Align: Justify, Text: p.Texte(certificateur.LettrePolitesse, valeurs(r, s, c))},
		Spacer{Height: 2},
		certifierSignature(s, p, certificateur.SurNotification),
	)
	doc.Blocks = append(doc.Blocks, Keep{Blocks: end})
	return doc
}

func decisionsTable(c *session.Candidat, rc *session.ResultatCandidat) Table {
	t := Table{Columns: []Column{{Header: "Bloc", Width: 14}, {Header: "Intitulé et code", Width: 126}, {Header: "Décision du jury", Width: 40}}}
	for _, e := range rc.Blocs {
		if e.Statut != session.Presente {
			continue
		}
		dec := e.Decision.Libelle()
		if e.Decision == session.DecisionAbsent {
			dec = accord(c, "absent", "absente")
		}
		t.Rows = append(t.Rows, Row{Cells: []Cell{{Text: e.Bloc.Lettre, Bold: true}, {Text: e.Bloc.Intitule + " (" + e.Bloc.Code + ")"}, {Text: upperFirst(dec), Bold: true}}})
	}
	return t
}

func resultParagraphs(r *referentiel.Referentiel, s *session.Session, rc *session.ResultatCandidat, p *certificateur.Profil) []string {
	c := rc.Candidat
	cert := r.Certification
	var out []string
	letters := func(bs []*referentiel.Bloc) string {
		l := make([]string, len(bs))
		for i, b := range bs {
			l[i] = b.Lettre
		}
		return Liste(l)
	}
	blocs := func(n int) string {
		if n > 1 {
			return "les blocs"
		}
		return "le bloc"
	}
	valides, manquants := rc.Valides(), rc.Manquants()
	switch rc.Resultat {
	case session.Totale:
		attestations := "ainsi qu’une attestation pour chaque bloc validé lors de cette session"
		if len(valides) == 1 {
			attestations = "ainsi que l’attestation du bloc " + valides[0].Lettre + ", validé lors de cette session"
		}
		out = append(out, fmt.Sprintf("Vous avez ainsi validé l’ensemble des blocs de compétences de la certification. Vous êtes titulaire de la certification professionnelle «\u00a0%s\u00a0» (%s, niveau %d). Votre parchemin vous est remis avec ce courrier, %s.",
			cert.Intitule, cert.CodeRNCP, cert.Niveau, attestations))
	case session.Partielle:
		each := "une attestation de validation vous est remise pour ce bloc"
		if len(valides) > 1 {
			each = "une attestation de validation vous est remise pour chacun d’eux"
		}
		out = append(out, fmt.Sprintf("Vous avez validé %s %s lors de cette session\u202f; %s.", blocs(len(valides)), letters(valides), each))
	case session.NonAdmis:
		out = append(out, "Vous n’avez validé aucun bloc de compétences lors de cette session.")
	case session.Absent:
		out = append(out, fmt.Sprintf("%s aux épreuves de cette session, vous n’avez pas été évalué%s.",
			upperFirst(accord(c, "absent", "absente")), accord(c, "", "e")))
	}
	var avant []string
	for _, e := range rc.Blocs {
		if e.Statut == session.AcquisAvant {
			avant = append(avant, e.Bloc.Lettre)
		}
	}
	switch n := len(valides) + len(avant); {
	case n > 1:
		out = append(out, "Les blocs de compétences validés vous sont acquis à vie.")
	case n == 1:
		out = append(out, "Le bloc de compétences validé vous est acquis à vie.")
	}
	switch {
	case len(avant) > 1:
		out = append(out, fmt.Sprintf("Pour rappel, vous aviez validé lors de sessions antérieures les blocs %s, qui vous restent acquis.", Liste(avant)))
	case len(avant) == 1:
		out = append(out, fmt.Sprintf("Pour rappel, vous aviez validé lors d’une session antérieure le bloc %s, qui vous reste acquis.", avant[0]))
	}
	if rc.Resultat != session.Totale && len(manquants) > 0 {
		vals := valeurs(r, s, c)
		vals["blocs_restants"] = blocs(len(manquants)) + " " + letters(manquants)
		out = append(out, p.Texte(certificateur.LettreSuite, vals))
	}
	return out
}

// refused tells whether the jury did not validate a bloc the candidate
// presented: the letter then says why and how to appeal.
func refused(rc *session.ResultatCandidat) bool {
	for _, e := range rc.Blocs {
		if e.Statut == session.Presente && e.Decision == session.DecisionNonValide {
			return true
		}
	}
	return false
}

// motifs explains each bloc the jury did not validate: the criteria the
// grids did not find "Acquis", with the evaluators' comments, and the jury's
// motif where it departed from the grids.
func motifs(r *referentiel.Referentiel, rc *session.ResultatCandidat) []Block {
	var out []Block
	required := r.RegleBloc.NiveauRequis
	for _, e := range rc.Blocs {
		if e.Statut != session.Presente || e.Decision != session.DecisionNonValide {
			continue
		}
		b := e.Bloc
		if r.Echelle.Notes() {
			out = append(out, marksMotif(r, rc, e)...)
			continue
		}
		var items []string
		for i := range b.Epreuves {
			ep := &b.Epreuves[i]
			ev := rc.Candidat.EvaluationOf(b.Lettre, ep.Numero)
			if ev == nil {
				continue
			}
			for _, cr := range ev.Criteres {
				if cr.Niveau == required {
					continue
				}
				level := r.Echelle.Libelle(cr.Niveau)
				// the evaluators' comment says what fell short; without
				// one, the criterion itself
				why := fr.Typo(cr.Commentaire)
				if comp, _, ok := b.Competence(cr.Competence); ok && why == "" {
					why = "critère\u00a0: " + lowerFirst(strings.TrimSuffix(comp.Critere, "."))
				}
				item := fmt.Sprintf("Compétence %s (épreuve %s)\u00a0: %s", cr.Competence, b.EpreuveID(ep), strings.ToLower(level))
				if why != "" {
					item += " – " + why
				}
				items = append(items, item)
			}
		}
		switch n := len(items); {
		case n == 1:
			out = append(out, Paragraph{Text: fmt.Sprintf("Bloc %s non validé – le critère que les grilles n’ont pas jugé «\u00a0%s\u00a0»\u00a0:", b.Lettre, r.Echelle.Libelle(required)), Style: Strong}, List{Items: items, Small: true})
		case n > 1:
			out = append(out, Paragraph{Text: fmt.Sprintf("Bloc %s non validé – les critères que les grilles n’ont pas jugés «\u00a0%s\u00a0»\u00a0:", b.Lettre, r.Echelle.Libelle(required)), Style: Strong}, List{Items: items, Small: true})
		default:
			out = append(out, Paragraph{Text: fmt.Sprintf("Bloc %s non validé", b.Lettre), Style: Strong},
				Paragraph{Text: "Les grilles d’évaluation jugeaient chaque critère «\u00a0" + r.Echelle.Libelle(required) + "\u00a0».", Align: Justify})
		}
		if e.Ecart() && e.Motif != "" {
			out = append(out, Paragraph{Text: "Le jury, souverain, a décidé autrement que les grilles\u00a0: " + fr.Typo(e.Motif), Align: Justify})
		}
	}
	return out
}

// marksMotif explains a marked bloc the jury did not validate: each
// épreuve's mark and coefficient, the average, and what fell short (the
// average below the threshold, an eliminatory mark, a mark below the
// threshold without compensation).
func marksMotif(r *referentiel.Referentiel, rc *session.ResultatCandidat, e session.EtatBloc) []Block {
	b, rule, ech := e.Bloc, r.RegleBloc, r.Echelle
	var items []string
	for i := range b.Epreuves {
		ep := &b.Epreuves[i]
		ev := rc.Candidat.EvaluationOf(b.Lettre, ep.Numero)
		if ev == nil || ev.Note == nil {
			continue
		}
		item := fmt.Sprintf("Épreuve %s (%s, coefficient %s)\u00a0: %s sur %s", b.EpreuveID(ep), lowerFirst(ep.Intitule), ep.Poids().Francais(), ev.Note.Francais(), ech.Maximum.Francais())
		switch n := ep.NoteEliminatoire; {
		case n != nil && *ev.Note < *n:
			item += fmt.Sprintf(", inférieure à la note éliminatoire de %s", n.Francais())
		case rule.Compensation != nil && !*rule.Compensation && *ev.Note < rule.Seuil:
			item += fmt.Sprintf(", inférieure à %s, sans compensation", rule.Seuil.Francais())
		}
		items = append(items, item)
	}
	out := []Block{Paragraph{Text: fmt.Sprintf("Bloc %s non validé – les notes des grilles\u00a0:", b.Lettre), Style: Strong}, List{Items: items, Small: true}}
	if e.Moyenne != nil {
		out = append(out, Paragraph{Text: fmt.Sprintf("Moyenne pondérée du bloc\u00a0: %s sur %s, pour un seuil de %s.", e.Moyenne.Deux(), ech.Maximum.Francais(), rule.Seuil.Francais()), Align: Justify})
	}
	if e.Ecart() && e.Motif != "" {
		out = append(out, Paragraph{Text: "Le jury, souverain, a décidé autrement que les grilles\u00a0: " + fr.Typo(e.Motif), Align: Justify})
	}
	return out
}

// Recours returns the certifier's appeal route: certificateur.recours
// (typed by the user: given French typography), or a
// default that refers to its règlement de certification and gives a delay.
func Recours(s *session.Session) string {
	if s.Certificateur.Recours != "" {
		return fr.Typo(s.Certificateur.Recours)
	}
	return fmt.Sprintf("Vous pouvez contester une décision du jury par un recours écrit et motivé adressé à %s, %s, dans les deux mois suivant la réception de ce courrier, selon les modalités de son règlement de certification (communiqué sur simple demande).",
		s.Certificateur.RaisonSociale, adresse(s.Certificateur))
}

func upperFirst(s string) string {
	if s == "" {
		return s
	}
	r := []rune(s)
	return strings.ToUpper(string(r[0])) + string(r[1:])
}

func lowerFirst(s string) string {
	r := []rune(s)
	if len(r) == 0 {
		return s
	}
	return strings.ToLower(string(r[0])) + string(r[1:])
}
