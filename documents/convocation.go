package documents

import (
	"fmt"
	"slices"
	"strings"

	"certidoc/certificateur"
	"certidoc/fr"
	"certidoc/referentiel"
	"certidoc/session"
)

// Convocation describes a candidate's convocation: a letter naming every
// sitting the candidate is convened to (épreuve, date, time — the passage
// time of an oral —, duration, place and room), what to bring, and whom to
// contact for an adjustment of the épreuves. envoi is the date it is sent.
// The profile p gives the letter's opening and closing, and the
// signatory's images when its signature_sur names "convocation"; nil for
// the defaults, signed by hand.
func Convocation(r *referentiel.Referentiel, s *session.Session, c *session.Candidat, envoi fr.Date, p *certificateur.Profil) Document {
	cert := r.Certification
	doc := Document{
		Kind:       KindConvocation,
		Name:       string(KindConvocation),
		Title:      fmt.Sprintf("Convocation aux épreuves – session %s – %s", s.Session.Identifiant, c.NomComplet()),
		Subject:    fmt.Sprintf("%s – %s", cert.Sigle, cert.CodeRNCP),
		Author:     s.Certificateur.RaisonSociale,
		Footer:     fmt.Sprintf("%s – %s – convocation aux épreuves – candidat %s", cert.Sigle, cert.CodeRNCP, c.Numero),
		Pagination: Paginee,
	}
	seances := SeancesOf(s, c.Numero)
	doc.Blocks = append(doc.Blocks, letterHead(s, c.AdressePostale(), envoi)...)
	doc.Blocks = append(doc.Blocks,
		Paragraph{Text: fmt.Sprintf("Objet\u00a0: convocation aux épreuves de la session %s – certification «\u00a0%s\u00a0» (%s)", s.Session.Identifiant, cert.Intitule, cert.CodeRNCP), Style: Strong},
		Spacer{Height: 2},
		Paragraph{Text: fmt.Sprintf("%s n°\u00a0%s\u00a0: %s", accord(c, "Candidat", "Candidate"), c.Numero, Identite(c)), Style: Small},
		Spacer{Height: 2},
		Paragraph{Text: p.Texte(certificateur.LettreAppel, valeurs(r, s, c))},
		Paragraph{Align: Justify, Text: fmt.Sprintf("Vous êtes %s aux épreuves des blocs de compétences que vous présentez à la session %s (%s). %s\u00a0:",
			accord(c, "convoqué", "convoquée"), s.Session.Identifiant, blocsPresentes(r, c), plural1(len(seances), "Elle se déroule ainsi", "Elles se déroulent ainsi"))},
		convocationTable(r, seances, c.Numero),
		Spacer{Height: 2},
	)
	if addr := sameLieu(seances); addr != "" {
		doc.Blocks = append(doc.Blocks, Paragraph{Text: "Lieu des épreuves : " + addr + ".", Align: Justify}, Spacer{Height: 1})
	}
	sections := [][]Block{{
		Paragraph{Text: "Ce que vous apportez\u00a0:", Style: Strong},
		List{Items: aApporter(r, seances)},
		Paragraph{Align: Justify, Text: "Présentez-vous quinze minutes avant l’heure indiquée. Un retard peut vous empêcher de composer ou de passer\u202f; en cas d’empêchement, prévenez-nous au plus tôt."},
	}}
	if s.Planning != nil && s.Planning.ContactAmenagement != "" {
		sections = append(sections, []Block{
			Paragraph{Text: "Aménagement des épreuves\u00a0:", Style: Strong},
			Paragraph{Align: Justify, Text: "Si votre situation de handicap ou votre état de santé demande un aménagement des épreuves (temps majoré, assistance, accessibilité de la salle), adressez votre demande, avec ses justificatifs, au plus tôt et avant la première épreuve, à\u00a0: " + libre(s.Planning.ContactAmenagement) + "."},
		})
	}
	doc.Blocks = append(doc.Blocks, letterEnd(sections,
		Spacer{Height: 2},
		Paragraph{Align: Justify, Text: p.Texte(certificateur.LettrePolitesse, valeurs(r, s, c))},
		Spacer{Height: 2},
		certifierSignature(s, p, certificateur.SurConvocation),
	)...)
	return doc
}

// SeancesOf returns the sittings a candidate is convened to, in the order
// of time.
func SeancesOf(s *session.Session, numero string) []*session.Seance {
	if s.Planning == nil {
		return nil
	}
	var out []*session.Seance
	for i := range s.Planning.Seances {
		se := &s.Planning.Seances[i]
		if slices.ContainsFunc(se.Candidats, func(cv session.Convoque) bool { return cv.Numero == numero }) {
			out = append(out, se)
		}
	}
	slices.SortStableFunc(out, func(a, b *session.Seance) int {
		return strings.Compare(a.Date.String()+a.Heure.String(), b.Date.String()+b.Heure.String())
	})
	return out
}

// convocationTable has one row per sitting: the épreuves, when (the
// candidate's passage time in an oral), how long, where.
func convocationTable(r *referentiel.Referentiel, seances []*session.Seance, numero string) Table {
	t := Table{Small: true, Columns: []Column{
		{Header: "Épreuve", Width: 62}, {Header: "Date", Width: 34}, {Header: "Heure", Width: 20}, {Header: "Durée", Width: 18}, {Header: "Lieu et salle", Width: 46},
	}}
	if sameLieu(seances) != "" {
		t.Columns[len(t.Columns)-1].Header = "Salle"
	}
	for _, se := range seances {
		var eps []string
		for _, id := range se.Epreuves {
			if _, e := r.EpreuveByID(id); e != nil {
				eps = append(eps, id+" – "+e.Intitule+" ("+strings.ToLower(e.Type[:1])+e.Type[1:]+")")
			}
		}
		heure, duree := se.Heure.Texte(), Duree(se.DureeMinutes)
		if se.Forme == session.FormeOral {
			for _, cv := range se.Candidats {
				if cv.Numero == numero {
					heure = cv.Heure.Texte()
				}
			}
			duree = Duree(se.DureePassageMinutes)
		}
		if se.Forme == session.FormeRemise {
			heure = "de " + se.Heure.Texte() + " à " + fin(se)
			duree = "remise du dossier"
		}
		where := lieu(se)
		if sameLieu(seances) != "" {
			where = se.Salle
		}
		t.Rows = append(t.Rows, Row{Cells: []Cell{{Text: strings.Join(eps, "\n")}, {Text: se.Date.Jour()}, {Text: heure, Bold: true}, {Text: duree}, {Text: where}}})
	}
	return t
}

// sameLieu returns the address every sitting shares when each names a
// room, "" otherwise: the table then names the rooms and the letter the
// address once.
func sameLieu(seances []*session.Seance) string {
	if len(seances) == 0 {
		return ""
	}
	for _, se := range seances {
		if se.Lieu != seances[0].Lieu || se.Salle == "" {
			return ""
		}
	}
	return seances[0].Lieu
}

// fin writes the time a sitting ends.
func fin(se *session.Seance) string {
	start, ok := se.Heure.Minutes()
	if !ok || start+se.DureeMinutes >= 24*60 {
		return ""
	}
	return fr.HeureMinutes(start + se.DureeMinutes).Texte()
}

// aApporter lists what a candidate brings: an identity document, and the
// dossier of each épreuve it is to hand in.
func aApporter(r *referentiel.Referentiel, seances []*session.Seance) []string {
	out := []string{"une pièce d’identité en cours de validité, avec photographie (carte nationale d’identité, passeport ou titre de séjour)\u202f;"}
	for _, se := range seances {
		for _, id := range se.Epreuves {
			_, e := r.EpreuveByID(id)
			if e == nil {
				continue
			}
			switch {
			case se.Forme == session.FormeRemise:
				out = append(out, fmt.Sprintf("pour l’épreuve %s, à remettre le %s\u00a0: %s\u202f;", id, se.Date.Longue(), strings.ToLower(e.Intitule[:1])+e.Intitule[1:]))
			case se.Forme == session.FormeOral && (strings.Contains(strings.ToLower(e.Type), "dossier") || strings.Contains(strings.ToLower(e.Type), "mémoire")):
				out = append(out, fmt.Sprintf("pour l’épreuve %s, le %s\u00a0: votre %s, support de la soutenance\u202f;", id, se.Date.Longue(), strings.ToLower(e.Type)))
			}
		}
	}
	last := out[len(out)-1]
	out[len(out)-1] = strings.TrimSuffix(last, "\u202f;") + "."
	return out
}

// blocsPresentes names the blocs a candidate presents: "blocs A, B et C".
func blocsPresentes(r *referentiel.Referentiel, c *session.Candidat) string {
	var l []string
	for _, b := range r.Blocs {
		if slices.Contains(c.BlocsPresentes, b.Lettre) {
			l = append(l, b.Lettre)
		}
	}
	return plural1(len(l), "bloc ", "blocs ") + Liste(l)
}

// ConvocationJury describes a jury member's convocation to the
// deliberation: when and where, how many candidates, what the jury does.
// The profile p is used as by Convocation.
func ConvocationJury(r *referentiel.Referentiel, s *session.Session, m *session.Membre, envoi fr.Date, p *certificateur.Profil) Document {
	cert := r.Certification
	name := fmt.Sprintf("%s %s %s", m.Civilite.Long(), m.Prenom, strings.ToUpper(m.Nom))
	doc := Document{
		Kind:       KindConvocationJury,
		Name:       string(KindConvocationJury) + "-" + fr.Slug(m.Nom+"-"+m.Prenom),
		Title:      fmt.Sprintf("Convocation à la délibération du jury – session %s – %s", s.Session.Identifiant, name),
		Subject:    fmt.Sprintf("%s – %s", cert.Sigle, cert.CodeRNCP),
		Author:     s.Certificateur.RaisonSociale,
		Footer:     fmt.Sprintf("%s – %s – convocation à la délibération du jury – session %s", cert.Sigle, cert.CodeRNCP, s.Session.Identifiant),
		Pagination: Paginee,
	}
	delib := s.Session.Deliberation
	when := delib.Date.Jour()
	if !delib.Heure.IsZero() {
		when += " à " + delib.Heure.Texte()
	}
	role := strings.ToLower(m.Role.Titre(m.Civilite))
	if m.Role == session.RolePresident {
		role += " du jury"
	} else {
		role = "membre"
	}
	doc.Blocks = append(doc.Blocks, letterHead(s, session.LignesPostales(name, append([]string{m.Organisation}, m.Adresse...)), envoi)...)
	doc.Blocks = append(doc.Blocks,
		Paragraph{Text: fmt.Sprintf("Objet\u00a0: délibération du jury de la session %s – certification «\u00a0%s\u00a0» (%s)", s.Session.Identifiant, cert.Intitule, cert.CodeRNCP), Style: Strong},
		Spacer{Height: 2},
		Paragraph{Text: p.Texte(certificateur.LettreAppel, valeursMembre(r, s, m))},
		Paragraph{Align: Justify, Text: fmt.Sprintf("Vous avez accepté de siéger, en qualité de %s, au jury de certification de la session %s. Nous vous remercions de votre engagement et vous prions de bien vouloir participer à sa délibération\u00a0:",
			role, s.Session.Identifiant)},
		Facts{Rows: []Fact{
			{"Date et heure", when},
			{"Lieu", delib.Lieu},
			{"Candidats", fmt.Sprintf("%s, épreuves du %s au %s", plural(len(s.Candidats), "candidat", "candidats"), s.Session.EpreuvesDu.Longue(), s.Session.EpreuvesAu.Longue())},
		}},
		Spacer{Height: 2},
		Paragraph{Align: Justify, Text: "Le jury examine les grilles d’évaluation de chaque candidat, décide bloc par bloc et signe le procès-verbal de délibération. Les grilles et le procès-verbal préparatoire vous sont remis sur place\u202f; ils restent confidentiels."},
		Paragraph{Align: Justify, Text: "Si vous avez formé ou accompagné l’un des candidats, signalez-le dès l’ouverture de la séance\u00a0: vous ne délibérerez pas sur ce candidat. En cas d’empêchement, prévenez-nous au plus tôt afin que le jury reste valablement composé."},
	)
	doc.Blocks = append(doc.Blocks, Keep{Blocks: []Block{
		Spacer{Height: 2},
		Paragraph{Align: Justify, Text: p.Texte(certificateur.LettrePolitesse, valeursMembre(r, s, m))},
		Spacer{Height: 2},
		certifierSignature(s, p, certificateur.SurConvocation),
	}})
	return doc
}

// valeursMembre are the placeholders of the certifier's letter texts for a
// jury member's convocation: the member is the one addressed.
func valeursMembre(r *referentiel.Referentiel, s *session.Session, m *session.Membre) certificateur.Valeurs {
	cert := r.Certification
	return certificateur.Valeurs{
		"civilite": m.Civilite.Long(), "nom": m.Prenom + " " + strings.ToUpper(m.Nom), "certification": cert.Intitule, "sigle": cert.Sigle, "code_rncp": cert.CodeRNCP,
		"session": s.Session.Identifiant, "date_deliberation": s.Session.Deliberation.Date.Longue(), "date_delivrance": dateDelivrance(s).Longue(),
		"certificateur": s.Certificateur.RaisonSociale, "ville": s.Certificateur.Ville,
	}
}

// letterHead is the head of a letter: the certifier, then the recipient's
// name and address, then the place and date.
func letterHead(s *session.Session, lines []string, date fr.Date) []Block {
	lines = slices.Clone(lines)
	lines[0] = insecable(lines[0])
	return []Block{
		Paragraph{Text: s.Certificateur.RaisonSociale, Style: Strong},
		Paragraph{Text: "Organisme certificateur\n" + s.Certificateur.Adresse + "\n" + strings.TrimSpace(s.Certificateur.CodePostal+" "+s.Certificateur.Ville), Style: Small},
		// In the window of a DL envelope, the A4 folded in three.
		Address{Lines: lines, Left: FenetreGauche, Top: FenetreHaut, Width: FenetreLargeur, Height: FenetreHauteur},
		Spacer{Height: 2},
		Paragraph{Text: fmt.Sprintf("%s, le %s", s.Certificateur.Ville, longue(date)), Align: Right},
		Spacer{Height: 4},
	}
}

func plural1(n int, one, many string) string {
	if n < 2 {
		return one
	}
	return many
}

// letterEnd lays out a letter's last sections and its closing: each section
// (a heading and what it says) stays whole, and the last one stays with the
// closing and the signature, so that a page never carries the signature
// alone, nor holds back the whole end of the letter when only its last
// lines need the next page.
func letterEnd(sections [][]Block, closing ...Block) []Block {
	var out []Block
	for i, sec := range sections {
		if i == len(sections)-1 {
			closing = append(slices.Clone(sec), closing...)
			break
		}
		out = append(out, Keep{Blocks: sec})
	}
	return append(out, Keep{Blocks: closing})
}
