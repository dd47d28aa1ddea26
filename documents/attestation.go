package documents

import (
	"fmt"
	"strings"

	"certidoc/certificateur"
	"certidoc/fr"
	"certidoc/referentiel"
	"certidoc/session"
	"certidoc/verification"
)

// AttestationName returns the file name of a bloc attestation.
func AttestationName(b *referentiel.Bloc) string {
	return Ref{Kind: KindAttestation, Bloc: b.Lettre}.String()
}

// Attestation describes the attestation of one bloc validated by a
// candidate: the certification's mandatory mentions, a title that says it
// covers only this bloc, the bloc's compétences and the jury's decision date.
// It is a separate document from the parchemin.
func Attestation(r *referentiel.Referentiel, s *session.Session, b *referentiel.Bloc, c *session.Candidat, v *verification.Verifier, p *certificateur.Profil) Document {
	cert := r.Certification
	issued := dateDelivrance(s)
	doc := Document{
		Kind:       KindAttestation,
		Name:       AttestationName(b),
		Title:      fmt.Sprintf("Attestation de validation du bloc %s – %s", b.Code, c.NomComplet()),
		Subject:    fmt.Sprintf("%s – %s", cert.Sigle, b.Code),
		Author:     s.Certificateur.RaisonSociale,
		Footer:     fmt.Sprintf("%s – %s – attestation du bloc %s – candidat %s", cert.Sigle, cert.CodeRNCP, b.Lettre, c.Numero),
		Pagination: Paginee,
	}
	items := make([]string, 0, 16)
	for _, a := range b.Activites {
		for _, comp := range a.Competences {
			items = append(items, comp.Code+" – "+comp.Intitule)
		}
	}
	doc.Blocks = append(doc.Blocks,
		Paragraph{Text: s.Certificateur.RaisonSociale, Style: Strong},
		Paragraph{Text: adresse(s.Certificateur), Style: Small},
		Spacer{Height: 3},
		Heading{Level: 1, Text: "Attestation de validation d’un bloc de compétences"},
		Paragraph{Text: fmt.Sprintf("Bloc %s – %s", b.Lettre, b.Code), Style: Large, Align: Center},
		Paragraph{Text: "«\u00a0" + b.Intitule + "\u00a0»", Style: Strong, Align: Center},
		Paragraph{Text: "Cette attestation porte sur ce seul bloc de compétences de la certification.", Style: Note, Align: Center},
		Spacer{Height: 3},
		Paragraph{Text: p.Texte(certificateur.AttestationFormule, valeursBloc(r, s, c, b)), Align: Center},
		Spacer{Height: 2},
		Paragraph{Text: Madame(c) + " " + Nom(c), Style: Large, Align: Center},
		Paragraph{Text: NeLe(c), Align: Center},
		Spacer{Height: 2},
		Paragraph{Align: Justify, Text: fmt.Sprintf("a validé, par décision du jury de certification du %s (session %s), le bloc de compétences %s «\u00a0%s\u00a0» de la certification professionnelle «\u00a0%s\u00a0», %s.",
			longue(s.Session.Deliberation.Date), s.Session.Identifiant, b.Code, b.Intitule, cert.Intitule, Mentions(cert))},
		Paragraph{Text: "Ce bloc de compétences est acquis à vie."},
		Heading{Level: 2, Text: "Compétences attestées"},
		List{Items: items, Small: true},
		// Where and when, the signature and the verification code hold
		// together.
		Keep{Blocks: []Block{
			Spacer{Height: 2},
			Paragraph{Text: fmt.Sprintf("Fait à %s, le %s.", s.Certificateur.Ville, longue(issued))},
			certifierSignature(s, p, certificateur.SurAttestation),
			verificationBlock(v, verification.Facts{Kind: verification.Attestation, Titulaire: Madame(c) + " " + c.NomComplet(), Code: b.Code,
				Date: s.Session.Deliberation.Date.String(), Numero: session.NumeroDocument(s, c, b)}),
		}},
	)
	return doc
}

// Mentions writes the certification's mandatory mentions: its RNCP
// registration, France compétences' decision, its levels and NSF codes.
func Mentions(c referentiel.Certification) string {
	nsf := make([]string, len(c.NSF))
	for i, code := range c.NSF {
		nsf[i] = code
		if i < len(c.NSFLibelles) {
			nsf[i] += " (" + c.NSFLibelles[i] + ")"
		}
	}
	return fmt.Sprintf("enregistrée au Répertoire national des certifications professionnelles sous le numéro %s par décision du directeur général de France compétences en date du %s, "+
		"de niveau %d dans la nomenclature nationale des niveaux de qualification (niveau %d du cadre européen des certifications), code NSF %s",
		c.CodeRNCP, longue(c.DateDecisionFranceCompetences), c.Niveau, c.NiveauEuropeen, strings.Join(nsf, ", "))
}

// NeLe writes "née BAPTISTE le 29 février 1988 à Grenoble (38)".
func NeLe(c *session.Candidat) string {
	s := Identite(c)
	_, after, _ := strings.Cut(s, ", ")
	return after
}

func adresse(o session.Organisme) string {
	return strings.TrimSpace(strings.Join([]string{o.Adresse, strings.TrimSpace(o.CodePostal + " " + o.Ville)}, ", "))
}

func dateDelivrance(s *session.Session) fr.Date { return s.Session.Delivrance() }

// certifierSigner is who signs for the certifier, with the images of
// their signature and stamp where the profile prints them on documents of
// this kind.
func certifierSigner(s *session.Session, p *certificateur.Profil, kind string) Signer {
	sg := Signer{Role: "Pour " + s.Certificateur.RaisonSociale, Name: s.Signataire.Nom, Title: s.Signataire.Qualite}
	if ps := p.Signataire(s.Signataire.Nom); ps != nil && p.ImagesSur(kind) {
		sg.Signature, sg.Cachet = ps.Signature, ps.Cachet
	}
	return sg
}

// certifierSignature is the signature of an attestation, a parchemin or a
// letter: a zone to sign in, the signatory's name and title under it, and
// room for the body's stamp.
func certifierSignature(s *session.Session, p *certificateur.Profil, kind string) Signatures {
	return Signatures{Signers: []Signer{certifierSigner(s, p, kind)}, Height: MinSignatureHeight, Right: true, Plain: true, Stamp: true}
}

// valeurs are the values of the placeholders of the certifier's texts for
// a candidate's document.
func valeurs(r *referentiel.Referentiel, s *session.Session, c *session.Candidat) certificateur.Valeurs {
	cert := r.Certification
	return certificateur.Valeurs{
		"civilite": Madame(c), "nom": Nom(c), "certification": cert.Intitule, "sigle": cert.Sigle, "code_rncp": cert.CodeRNCP,
		"session": s.Session.Identifiant, "date_deliberation": longue(s.Session.Deliberation.Date), "date_delivrance": longue(dateDelivrance(s)),
		"certificateur": s.Certificateur.RaisonSociale, "ville": s.Certificateur.Ville,
	}
}

// valeursBloc are valeurs with the bloc of an attestation.
func valeursBloc(r *referentiel.Referentiel, s *session.Session, c *session.Candidat, b *referentiel.Bloc) certificateur.Valeurs {
	v := valeurs(r, s, c)
	v["bloc"] = b.Lettre + " – " + b.Code
	return v
}
