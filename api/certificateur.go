package api

import (
	"archive/zip"
	"bytes"
	"fmt"
	"net/http"
	"path/filepath"

	"github.com/labstack/echo/v4"

	"certidoc/certificateur"
	"certidoc/documents"
	"certidoc/fr"
	"certidoc/generator"
	"certidoc/session"
)

// profilView is the profile in force as the page and
// GET /api/v1/certificateur show it.
type profilView struct {
	Source        string            `json:"source"` // the file, or "exemple"
	Exemple       bool              `json:"exemple"`
	RaisonSociale string            `json:"raison_sociale"`
	Adresse       string            `json:"adresse"`
	SIRET         string            `json:"siret,omitempty"`
	SiteWeb       string            `json:"site_web,omitempty"`
	Couleur       string            `json:"couleur,omitempty"`
	Logo          *imageView        `json:"logo,omitempty"`
	Signataires   []signataireView  `json:"signataires"`
	SignatureSur  []string          `json:"signature_sur"`
	Textes        map[string]string `json:"textes"`
}

type imageView struct {
	Fichier   string  `json:"fichier"`
	LargeurMM float64 `json:"largeur_mm"`
	HauteurMM float64 `json:"hauteur_mm"`
}

type signataireView struct {
	Nom       string     `json:"nom"`
	Qualite   string     `json:"qualite"`
	Signature *imageView `json:"signature,omitempty"`
	Cachet    *imageView `json:"cachet,omitempty"`
}

func viewImage(im *certificateur.Image) *imageView {
	if im == nil {
		return nil
	}
	w, h := im.Size()
	return &imageView{Fichier: im.Fichier, LargeurMM: float64(int(w*10+0.5)) / 10, HauteurMM: h}
}

// viewProfil is the profile p as shown.
func viewProfil(p *certificateur.Profil) profilView {
	v := profilView{Source: filepath.Base(p.Source), Exemple: p.Exemple, RaisonSociale: p.RaisonSociale, Adresse: p.Adresse + ", " + p.CodePostal + " " + p.Ville,
		SIRET: p.SIRET, SiteWeb: p.SiteWeb, Couleur: p.Couleur, Logo: viewImage(p.Logo), SignatureSur: p.SignatureSur, Textes: map[string]string{}}
	if p.Exemple {
		v.Source = "exemple"
	}
	if v.SignatureSur == nil {
		v.SignatureSur = []string{}
	}
	for _, sg := range p.Signataires {
		v.Signataires = append(v.Signataires, signataireView{Nom: sg.Nom, Qualite: sg.Qualite, Signature: viewImage(sg.Signature), Cachet: viewImage(sg.Cachet)})
	}
	for _, t := range certificateur.TextesOrder {
		v.Textes[string(t)] = p.TexteSource(t)
	}
	return v
}

// getCertificateur answers the profile in force.
func (s *Server) getCertificateur(c echo.Context) error {
	return writeJSON(c, http.StatusOK, viewProfil(s.profil()))
}

// getApercu answers a ZIP of one document of every kind, made from the
// example session under the profile in force, marked SPECIMEN across
// every page, without verification codes: what the profile looks like on
// paper, not papers to hand out. The papers before the jury follow the
// dossier's: the planning, the first attendance sheet, the first
// candidate's convocation and the first jury member's.
func (s *Server) getApercu(c echo.Context) error {
	sess, rep, err := session.Parse(session.ExempleJSON(), s.ref, generator.Font())
	if err != nil {
		return fmt.Errorf("apercu: example session: %w", err)
	}
	sess = s.profil().Appliquer(sess)
	delib := session.Deliberer(s.ref, sess)
	docs := []documents.Document{documents.PV(s.ref, sess, delib, rep.Avertissements)}
	kinds := map[documents.Kind]bool{}
	for i := range delib.Candidats {
		for _, it := range documents.Catalogue(s.ref, sess, delib, &delib.Candidats[i], nil, s.profil()) {
			if it.Err != nil || kinds[it.Ref.Kind] {
				continue
			}
			kinds[it.Ref.Kind] = true
			docs = append(docs, it.Document())
		}
	}
	envoi := sess.Planning.DateConvocation
	if !envoi.Valid() {
		envoi = fr.DateOf(s.now().In(fr.Paris()))
	}
	for e := range documents.AvantSession(s.ref, sess, nil, envoi, s.profil()) {
		if e.File != nil || kinds[e.Doc.Kind] {
			continue
		}
		kinds[e.Doc.Kind] = true
		docs = append(docs, e.Doc)
	}
	opt := s.renderOptions()
	opt.Habillage = opt.Habillage.WithSpecimen()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, d := range docs {
		w, err := zw.CreateHeader(&zip.FileHeader{Name: "specimen-" + d.Name + ".pdf", Method: zip.Store, Modified: opt.Now.UTC()})
		if err != nil {
			return fmt.Errorf("apercu: %w", err)
		}
		if err := generator.Render(w, d, generator.FormatPDF, opt); err != nil {
			return fmt.Errorf("apercu %s: %w", d.Name, err)
		}
	}
	if err := zw.Close(); err != nil {
		return fmt.Errorf("apercu: %w", err)
	}
	return attachment(c, "apercu-certificateur.zip", "application/zip", buf.Bytes())
}
