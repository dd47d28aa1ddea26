package certificateur

import (
	"fmt"
	"strings"

	"certidoc/fr"
	"certidoc/session"
)

// Profil is a certifier's profile, as read from its file and checked.
type Profil struct {
	RaisonSociale string `yaml:"raison_sociale" json:"raison_sociale"`
	Adresse       string `yaml:"adresse" json:"adresse"`
	CodePostal    string `yaml:"code_postal" json:"code_postal"`
	Ville         string `yaml:"ville" json:"ville"`
	SIRET         string `yaml:"siret,omitempty" json:"siret,omitempty"`
	SiteWeb       string `yaml:"site_web,omitempty" json:"site_web,omitempty"`
	// Logo is printed in the header of every document.
	Logo *Image `yaml:"logo,omitempty" json:"logo,omitempty"`
	// Couleur is the accent colour of titles and rules, "#RRGGBB"; empty
	// for the documents' own (black titles, grey rules).
	Couleur string `yaml:"couleur,omitempty" json:"couleur,omitempty"`
	// Signataires are who sign for the body; the first is the default
	// signatory, a session may name another.
	Signataires []Signataire `yaml:"signataires" json:"signataires"`
	// SignatureSur lists the kinds of document on which the signatory's
	// signature and stamp images are printed: "attestation",
	// "parchemin", "notification", "convocation" (the candidates' and
	// the jury members' convocations). Never the PV, the grids, the
	// attendance sheets nor the planning.
	SignatureSur []string `yaml:"signature_sur,omitempty" json:"signature_sur,omitempty"`
	// Recours is the appeal route, as the body's règlement de
	// certification sets it; empty for the default sentence.
	Recours string `yaml:"recours,omitempty" json:"recours,omitempty"`
	// Textes are the texts the certifier writes itself; an empty one is
	// the default (Defauts).
	Textes Textes `yaml:"textes,omitempty" json:"textes,omitzero"`

	// Exemple is true for the embedded example profile, which does not
	// impose its identity on a session (see Appliquer).
	Exemple bool `yaml:"-" json:"-"`
	// Source names the file the profile was read from, for the page.
	Source string `yaml:"-" json:"-"`
}

// Signataire is one person who signs for the body, with the images of
// their signature and of the body's stamp, both optional.
type Signataire struct {
	Nom       string `yaml:"nom" json:"nom"`
	Qualite   string `yaml:"qualite" json:"qualite"`
	Signature *Image `yaml:"signature,omitempty" json:"signature,omitempty"`
	Cachet    *Image `yaml:"cachet,omitempty" json:"cachet,omitempty"`
}

// Kinds of document that may carry signature images.
const (
	SurAttestation  = "attestation"
	SurParchemin    = "parchemin"
	SurNotification = "notification"
	// SurConvocation covers both convocations, a candidate's to the
	// épreuves and a jury member's to the deliberation: letters too.
	SurConvocation = "convocation"
)

// Organisme returns the body's identity as a session writes it.
func (p *Profil) Organisme() session.Organisme {
	return session.Organisme{RaisonSociale: p.RaisonSociale, Adresse: p.Adresse, CodePostal: p.CodePostal, Ville: p.Ville, Recours: p.Recours}
}

// Appliquer returns the session as its documents print it under the
// profile: with a profile given (not the example), the certifier is the
// profile's and the signatory the one the session names among the
// profile's signatories (the default one when it names none). The
// embedded example profile leaves the session's own certifier and
// signatory, as they were before profiles existed. s is not changed.
func (p *Profil) Appliquer(s *session.Session) *session.Session {
	if p == nil || p.Exemple {
		return s
	}
	out := *s
	out.Certificateur = p.Organisme()
	if sg := p.Signataire(s.Signataire.Nom); sg != nil {
		out.Signataire = session.Signataire{Nom: sg.Nom, Qualite: sg.Qualite}
	}
	return &out
}

// Avertissements says what of the session the profile replaces or cannot
// honour, for the secrétariat to read before printing: a certifier other
// than the profile's (the documents name the profile's), a signatory the
// profile does not hold (printed as the session gives it, without images).
// The example profile imposes nothing and says nothing.
func (p *Profil) Avertissements(s *session.Session) []session.Probleme {
	if p == nil || p.Exemple {
		return nil
	}
	var out []session.Probleme
	if rs := s.Certificateur.RaisonSociale; rs != "" && comparable(rs) != comparable(p.RaisonSociale) {
		out = append(out, session.Probleme{Chemin: "certificateur.raison_sociale", Message: fmt.Sprintf(
			"la session nomme le certificateur « %s », le profil en vigueur « %s » : les documents portent celui du profil", rs, p.RaisonSociale)})
	}
	if nom := s.Signataire.Nom; strings.TrimSpace(nom) != "" && p.Signataire(nom) == nil {
		noms := make([]string, len(p.Signataires))
		for i, sg := range p.Signataires {
			noms[i] = sg.Nom
		}
		out = append(out, session.Probleme{Chemin: "signataire.nom", Message: fmt.Sprintf(
			"« %s » n’est pas un signataire du profil du certificateur (%s) : son nom est imprimé, sans signature ni cachet", nom, strings.Join(noms, ", "))})
	}
	return out
}

// Signataire returns the signatory named nom (case, accents and spaces
// aside), the default one when nom is empty, or nil when the profile has
// no such signatory.
func (p *Profil) Signataire(nom string) *Signataire {
	if p == nil || len(p.Signataires) == 0 {
		return nil
	}
	if strings.TrimSpace(nom) == "" {
		return &p.Signataires[0]
	}
	key := comparable(nom)
	for i := range p.Signataires {
		if comparable(p.Signataires[i].Nom) == key {
			return &p.Signataires[i]
		}
	}
	return nil
}

// ImagesSur tells whether signature and stamp images go on documents of
// the kind ("attestation", "parchemin", "notification", "convocation").
func (p *Profil) ImagesSur(kind string) bool {
	if p == nil {
		return false
	}
	for _, k := range p.SignatureSur {
		if k == kind {
			return true
		}
	}
	return false
}

// Images lists every image of the profile: the logo, then each
// signatory's signature and stamp.
func (p *Profil) Images() []*Image {
	var out []*Image
	if p.Logo != nil {
		out = append(out, p.Logo)
	}
	for i := range p.Signataires {
		for _, im := range []*Image{p.Signataires[i].Signature, p.Signataires[i].Cachet} {
			if im != nil {
				out = append(out, im)
			}
		}
	}
	return out
}

// comparable is a name as compared: case, accents and punctuation aside.
func comparable(s string) string { return fr.Slug(s) }
