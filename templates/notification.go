package templates

import (
	"fmt"
	"strings"

	"certidoc/referentiel"
	"certidoc/session"
)

// Notification describes the letter that tells a candidate the jury's
// decision on each bloc, what it means for the certification, the
// préconisations for the blocs not validated, and that validated blocs are
// acquired for life.
func Notification(r *referentiel.Referentiel, s *session.Session, rc *session.ResultatCandidat) Document {
	cert := r.Certification
	c := rc.Candidat
	doc := Document{
		Kind:    KindNotification,
		Name:    string(KindNotification),
		Title:   fmt.Sprintf("Notification des résultats – session %s – %s", s.Session.Identifiant, c.NomComplet()),
		Subject: fmt.Sprintf("%s – %s", cert.Sigle, cert.CodeRNCP),
		Author:  s.Certificateur.RaisonSociale,
		Footer:  fmt.Sprintf("%s – %s – notification des résultats – candidat %s", cert.Sigle, cert.CodeRNCP, c.Numero),
	}
	recipient := Madame(c) + " " + c.NomComplet()
	if len(c.Adresse) > 0 {
		recipient += "\n" + strings.Join(c.Adresse, "\n")
	}
	doc.Blocks = append(doc.Blocks,
		Paragraph{Text: s.Certificateur.RaisonSociale, Style: Strong},
		Paragraph{Text: "Organisme certificateur\n" + s.Certificateur.Adresse + "\n" + strings.TrimSpace(s.Certificateur.CodePostal+" "+s.Certificateur.Ville), Style: Small},
		Spacer{Height: 8},
		Paragraph{Text: recipient, Align: Right},
		Spacer{Height: 6},
		Paragraph{Text: fmt.Sprintf("%s, le %s", s.Certificateur.Ville, DateLongue(dateDelivrance(s))), Align: Right},
		Spacer{Height: 6},
		Paragraph{Text: fmt.Sprintf("Objet\u00a0: résultats de la session %s – certification «\u00a0%s\u00a0» (%s)", s.Session.Identifiant, cert.Intitule, cert.CodeRNCP), Style: Strong},
		Spacer{Height: 4},
		Paragraph{Text: Madame(c) + ","},
		Paragraph{Align: Justify, Text: fmt.Sprintf("Le jury de certification, réuni le %s, a délibéré sur les blocs de compétences que vous avez présentés lors de la session %s. Ses décisions sont les suivantes\u00a0:",
			DateLongue(s.Session.Deliberation.Date), s.Session.Identifiant)},
		decisionsTable(c, rc),
		Spacer{Height: 2},
	)
	for _, p := range resultParagraphs(r, rc) {
		doc.Blocks = append(doc.Blocks, Paragraph{Text: p, Align: Justify})
	}
	if c.Preconisations != "" && len(rc.Manquants()) > 0 {
		doc.Blocks = append(doc.Blocks, Paragraph{Text: "Préconisations du jury\u00a0:", Style: Strong}, Paragraph{Text: c.Preconisations, Align: Justify})
	}
	doc.Blocks = append(doc.Blocks,
		Spacer{Height: 2},
		Paragraph{Align: Justify, Text: fmt.Sprintf("Nous vous prions d’agréer, %s, l’expression de nos salutations distinguées.", Madame(c))},
		Spacer{Height: 2},
		Signatures{Signers: []Signer{certifierSigner(s)}, PerRow: 2, Height: 30, Right: true, Plain: true},
	)
	return doc
}

func decisionsTable(c *session.Candidat, rc *session.ResultatCandidat) Table {
	t := Table{Columns: []Column{{Header: "Bloc", Width: 14}, {Header: "Intitulé et code", Width: 126}, {Header: "Décision du jury", Width: 40}}}
	for _, e := range rc.Blocs {
		if e.Statut != session.Presente {
			continue
		}
		dec := session.DecisionLibelle(e.Decision)
		if e.Decision == session.DecisionAbsent {
			dec = accord(c, "absent", "absente")
		}
		t.Rows = append(t.Rows, Row{Cells: []Cell{{Text: e.Bloc.Lettre, Bold: true}, {Text: e.Bloc.Intitule + " (" + e.Bloc.Code + ")"}, {Text: upperFirst(dec), Bold: true}}})
	}
	return t
}

func resultParagraphs(r *referentiel.Referentiel, rc *session.ResultatCandidat) []string {
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
		out = append(out, fmt.Sprintf("Vous avez ainsi validé l’ensemble des blocs de compétences de la certification. Vous êtes %s de la certification professionnelle «\u00a0%s\u00a0» (%s, niveau %d). Votre parchemin vous est remis avec ce courrier, ainsi qu’une attestation pour chaque bloc validé lors de cette session.",
			accord(c, "titulaire", "titulaire"), cert.Intitule, cert.CodeRNCP, cert.Niveau))
	case session.Partielle:
		out = append(out, fmt.Sprintf("Vous avez validé %s %s lors de cette session ; une attestation de validation vous est remise pour chacun.", blocs(len(valides)), letters(valides)))
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
	if len(valides) > 0 || len(avant) > 0 {
		out = append(out, "Les blocs de compétences validés vous sont acquis à vie.")
	}
	if len(avant) > 0 {
		out = append(out, fmt.Sprintf("Pour rappel, vous aviez validé lors de sessions antérieures %s %s, qui vous restent acquis.", blocs(len(avant)), Liste(avant)))
	}
	if rc.Resultat != session.Totale && len(manquants) > 0 {
		out = append(out, fmt.Sprintf("Pour obtenir la certification, il vous reste à valider %s %s lors d’une prochaine session.", blocs(len(manquants)), letters(manquants)))
	}
	return out
}

func upperFirst(s string) string {
	if s == "" {
		return s
	}
	r := []rune(s)
	return strings.ToUpper(string(r[0])) + string(r[1:])
}
