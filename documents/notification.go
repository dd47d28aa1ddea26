package documents

import (
	"fmt"
	"slices"
	"strings"

	"certidoc/certificateur"
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
	doc.Blocks = append(doc.Blocks, letterHead(s, c.AdressePostale(), dateDelivrance(s))...)
	doc.Blocks = append(doc.Blocks,
		Paragraph{Text: fmt.Sprintf("Objet\u00a0: résultats de la session %s – certification «\u00a0%s\u00a0» (%s)", s.Session.Identifiant, cert.Intitule, cert.CodeRNCP), Style: Strong},
		Spacer{Height: 2},
		Paragraph{Text: fmt.Sprintf("%s n°\u00a0%s\u00a0: %s", accord(c, "Candidat", "Candidate"), c.Numero, Identite(c)), Style: Small},
		Spacer{Height: 2},
		Paragraph{Text: p.Texte(certificateur.LettreAppel, valeurs(r, s, c))},
		Paragraph{Align: Justify, Text: introduction(s, rc)},
		decisionsTable(c, rc),
		Spacer{Height: 2},
	)
	for _, par := range resultParagraphs(r, s, rc, p) {
		doc.Blocks = append(doc.Blocks, Paragraph{Text: par, Align: Justify})
	}
	doc.Blocks = append(doc.Blocks, motifs(r, rc)...)
	var sections [][]Block
	if c.Preconisations != "" && len(rc.Manquants()) > 0 {
		sections = append(sections, []Block{Paragraph{Text: "Préconisations du jury\u00a0:", Style: Strong}, Paragraph{Text: libre(c.Preconisations), Align: Justify}})
	}
	if refused(rc) {
		sections = append(sections, []Block{Paragraph{Text: "Voie de recours\u00a0:", Style: Strong}, Paragraph{Text: Recours(s), Align: Justify}})
	}
	doc.Blocks = append(doc.Blocks, letterEnd(sections,
		Spacer{Height: 2},
		Paragraph{Align: Justify, Text: p.Texte(certificateur.LettrePolitesse, valeurs(r, s, c))},
		Spacer{Height: 2},
		certifierSignature(s, p, certificateur.SurNotification),
	)...)
	return doc
}

// The window of a DL envelope (110 × 220 mm) for an A4 folded in three, as
// NF Z10-011 and La Poste place it, in millimetres from the page's left
// and top edges: what the address block must keep within.
const (
	FenetreGauche  = 100.0
	FenetreHaut    = 45.0
	FenetreLargeur = 90.0
	FenetreHauteur = 45.0
)

// introduction opens the letter: the jury met and decided on the blocs the
// candidate presented, or, for a candidate absent from every épreuve, on
// the session the candidate was registered for.
func introduction(s *session.Session, rc *session.ResultatCandidat) string {
	c := rc.Candidat
	when := longue(s.Session.Deliberation.Date)
	if rc.Resultat != session.Absent {
		return fmt.Sprintf("Le jury de certification, réuni le %s, a délibéré sur les blocs de compétences que vous avez présentés lors de la session %s. Ses décisions sont les suivantes\u00a0:", when, s.Session.Identifiant)
	}
	var inscrits []string
	for _, e := range rc.Blocs {
		if e.Statut == session.Presente {
			inscrits = append(inscrits, e.Bloc.Lettre)
		}
	}
	blocs := "au bloc " + Liste(inscrits)
	if len(inscrits) > 1 {
		blocs = "aux blocs " + Liste(inscrits)
	}
	return fmt.Sprintf("Le jury de certification, réuni le %s, a délibéré sur les résultats de la session %s, à laquelle vous étiez %s %s. Ses décisions sont les suivantes\u00a0:",
		when, s.Session.Identifiant, accord(c, "inscrit", "inscrite"), blocs)
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
	var avant, sessions []string
	for _, e := range rc.Blocs {
		if e.Statut == session.AcquisAvant {
			avant = append(avant, e.Bloc.Lettre)
			if e.Acquis != nil && e.Acquis.Session != "" && !slices.Contains(sessions, e.Acquis.Session) {
				sessions = append(sessions, e.Acquis.Session)
			}
		}
	}
	switch n := len(valides) + len(avant); {
	case n > 1:
		out = append(out, "Les blocs de compétences validés vous sont acquis à vie.")
	case n == 1:
		out = append(out, "Le bloc de compétences validé vous est acquis à vie.")
	}
	if len(avant) > 0 {
		// the earlier sessions named (a bloc acquired names its session)
		lors := "lors d’une session antérieure"
		switch {
		case len(sessions) == 1:
			lors = "lors de la session " + sessions[0]
		case len(sessions) > 1:
			lors = "lors des sessions " + Liste(sessions)
		}
		if len(avant) > 1 {
			out = append(out, fmt.Sprintf("Pour rappel, vous aviez validé %s les blocs %s, qui vous restent acquis.", lors, Liste(avant)))
		} else {
			out = append(out, fmt.Sprintf("Pour rappel, vous aviez validé %s le bloc %s, qui vous reste acquis.", lors, avant[0]))
		}
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
				level := r.Echelle.Feminin(cr.Niveau) // une compétence «\u00a0partiellement acquise\u00a0»
				// the evaluators' comment says what fell short; without
				// one, the criterion itself
				why := libre(cr.Commentaire)
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
		niveau := "«\u00a0" + r.Echelle.Libelle(required) + "\u00a0»"
		out = append(out, Paragraph{Text: fmt.Sprintf("Bloc %s non validé", b.Lettre), Style: Strong})
		switch n := len(items); {
		case n == 1:
			out = append(out, Paragraph{Text: "Les grilles d’évaluation n’ont pas retenu le niveau " + niveau + " pour la compétence suivante\u00a0:", Align: Justify}, List{Items: items, Small: true})
		case n > 1:
			out = append(out, Paragraph{Text: "Les grilles d’évaluation n’ont pas retenu le niveau " + niveau + " pour les compétences suivantes\u00a0:", Align: Justify}, List{Items: items, Small: true})
		default:
			out = append(out, Paragraph{Text: "Les grilles d’évaluation avaient retenu le niveau " + niveau + " pour chacune des compétences évaluées.", Align: Justify})
		}
		if e.Ecart() && e.Motif != "" {
			out = append(out, Paragraph{Text: "Le jury, souverain, n’a pas validé ce bloc, contrairement à la proposition des grilles, pour le motif suivant\u00a0: " + citation(e.Motif), Align: Justify})
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
		out = append(out, Paragraph{Text: "Le jury, souverain, a décidé autrement que les grilles\u00a0: " + libre(e.Motif), Align: Justify})
	}
	return out
}

// Recours returns the certifier's appeal route: certificateur.recours
// (typed by the user: given French typography), or a
// default that refers to its règlement de certification and gives a delay.
func Recours(s *session.Session) string {
	if s.Certificateur.Recours != "" {
		return libre(s.Certificateur.Recours)
	}
	return fmt.Sprintf("Vous pouvez contester une décision du jury par un recours écrit et motivé adressé à l’organisme certificateur (%s, %s) dans les deux mois suivant la réception de ce courrier, selon les modalités de son règlement de certification (communiqué sur simple demande).",
		s.Certificateur.RaisonSociale, adresse(s.Certificateur))
}

// citation quotes a text typed by the jury, as a letter does: «\u00a0À
// l’oral, …\u00a0». A final period ends the quotation and the sentence; a
// quotation without one is followed by one.
func citation(s string) string {
	s = strings.TrimSpace(libre(s))
	if strings.HasSuffix(s, ".") || strings.HasSuffix(s, "…") || strings.HasSuffix(s, "!") || strings.HasSuffix(s, "?") {
		return "«\u00a0" + s + "\u00a0»"
	}
	return "«\u00a0" + s + "\u00a0»."
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
