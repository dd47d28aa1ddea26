package documents

import (
	"fmt"

	"certidoc/certificateur"
	"certidoc/referentiel"
	"certidoc/session"
	"certidoc/verification"
)

// Parchemin describes the certificate of a candidate who holds every bloc,
// with France compétences' mandatory mentions: the RNCP registration and the
// decision's date, the certifier, the exact title, the national and European
// levels, the NSF code, the holder's identity, the date and place of issue
// and the signature. It carries nothing France compétences forbids (its logo,
// "sous réserve", "en cours").
func Parchemin(r *referentiel.Referentiel, s *session.Session, c *session.Candidat, v *verification.Verifier, p *certificateur.Profil) Document {
	cert := r.Certification
	doc := Document{
		Kind:      KindParchemin,
		Name:      string(KindParchemin),
		Title:     fmt.Sprintf("%s – %s", cert.Intitule, c.NomComplet()),
		Subject:   fmt.Sprintf("%s – %s", cert.Sigle, cert.CodeRNCP),
		Author:    s.Certificateur.RaisonSociale,
		Landscape: true,
		Frame:     true,
		Footer:    fmt.Sprintf("%s – %s – session %s – candidat %s", cert.Sigle, cert.CodeRNCP, s.Session.Identifiant, c.Numero),
	}
	// The composition is centred on the page, top to bottom: who
	// certifies, what, to whom, on what decision; then where and when,
	// the signature and the stamp.
	doc.Centered = true
	// The verification code sits on the left of the signature.
	sig := certifierSignature(s, p, certificateur.SurParchemin)
	if vb, ok := verificationBlock(v, verification.Facts{Kind: verification.Parchemin, Titulaire: Madame(c) + " " + c.NomComplet(), Code: cert.CodeRNCP,
		Date: s.Session.Deliberation.Date.String(), Numero: session.NumeroDocument(s, c, nil)}).(Verification); ok {
		sig.Aside = &vb
	}
	doc.Blocks = append(doc.Blocks,
		Paragraph{Text: s.Certificateur.RaisonSociale, Style: Strong, Align: Center},
		Paragraph{Text: "organisme certificateur – " + adresse(s.Certificateur), Style: Small, Align: Center},
		Spacer{Height: 9},
		Paragraph{Text: "Certification professionnelle", Style: Large, Align: Center},
		Paragraph{Text: cert.Intitule, Style: Display, Align: Center},
		Spacer{Height: 3},
		Paragraph{Text: upperFirst(Mentions(cert)) + ".", Align: Center},
		Spacer{Height: 9},
		Paragraph{Text: "est délivrée à", Align: Center},
		Spacer{Height: 1},
		Paragraph{Text: Madame(c) + " " + Nom(c), Style: Display, Align: Center},
		Paragraph{Text: NeLe(c), Align: Center},
		Spacer{Height: 4},
		Paragraph{Text: p.Texte(certificateur.ParcheminFormule, valeurs(r, s, c)), Align: Center},
		Spacer{Height: 8},
		Paragraph{Text: fmt.Sprintf("Fait à %s, le %s.", s.Certificateur.Ville, longue(dateDelivrance(s))), Align: Right},
		Spacer{Height: 1},
		sig,
	)
	return doc
}
