package accrochage

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"certidoc/fr"
	"certidoc/referentiel"
	"certidoc/session"
)

// Config holds the certifier's settings for the CDC.
type Config struct {
	IDClient  string // the certifier's idClient, 8 characters
	IDContrat string // the certifier's idContrat, 1 to 20 characters
	Type      string // the certification's type for the CDC, "RNCP"
	Version   string // the schema version targeted, "1.1.2"
}

// Versions lists the schema versions this package writes.
var Versions = []string{"1.1.2"}

// ErrNotConfigured reports an export asked for without idClient and idContrat.
var ErrNotConfigured = errors.New("accrochage: not configured")

// Validate reports every invalid setting at once, naming its flag.
func (c Config) Validate() error {
	var errs []error
	if c.IDClient == "" && c.IDContrat == "" {
		return nil // not configured: the export answers ErrNotConfigured
	}
	if utf8.RuneCountInString(c.IDClient) != 8 {
		errs = append(errs, fmt.Errorf("--accrochage-id-client «\u00a0%s\u00a0»\u00a0: attendu exactement 8 caractères (identifiant client de la Caisse des Dépôts)", c.IDClient))
	}
	if n := utf8.RuneCountInString(c.IDContrat); n < 1 || n > 20 {
		errs = append(errs, fmt.Errorf("--accrochage-id-contrat «\u00a0%s\u00a0»\u00a0: attendu de 1 à 20 caractères", c.IDContrat))
	}
	if c.Type == "" {
		errs = append(errs, errors.New("--accrochage-type\u00a0: attendu le type de certification, par exemple RNCP"))
	}
	known := false
	for _, v := range Versions {
		known = known || v == c.Version
	}
	if !known {
		errs = append(errs, fmt.Errorf("--accrochage-version «\u00a0%s\u00a0»\u00a0: versions prises en charge %s", c.Version, strings.Join(Versions, ", ")))
	}
	return errors.Join(errs...)
}

// Configured tells whether the export can be made.
func (c Config) Configured() bool { return c.IDClient != "" && c.IDContrat != "" }

// Holders returns the candidates who obtained the whole certification.
func Holders(d *session.Resultats) []*session.ResultatCandidat {
	var out []*session.ResultatCandidat
	for i := range d.Candidats {
		if d.Candidats[i].Resultat == session.Totale {
			out = append(out, &d.Candidats[i])
		}
	}
	return out
}

var (
	reINSEE = regexp.MustCompile(`^([0-9]{2}|2A|2B)[0-9]{3}$`)
	rePays  = regexp.MustCompile(`^[A-Z]{3}$`)
)

// Check lists, in French, every identity field of a holder that the CDC
// would reject, with the JSON path of the session (a workbook's import maps
// it to its cell).
func Check(s *session.Session, d *session.Resultats) []session.Probleme {
	var out []session.Probleme
	index := map[*session.Candidat]int{}
	for i := range s.Candidats {
		index[&s.Candidats[i]] = i
	}
	holders := Holders(d)
	if len(holders) > 0 {
		// The flux's dates match (19|20)YY-MM-DD.
		for _, f := range []struct {
			path string
			v    fr.Date
		}{
			{"session.epreuves_du", s.Session.EpreuvesDu},
			{"session.epreuves_au", s.Session.EpreuvesAu},
			{"session.deliberation.date", s.Session.Deliberation.Date},
		} {
			if y := f.v.Year(); !f.v.Valid() || y < 1900 || y > 2099 {
				out = append(out, session.Probleme{Chemin: f.path, Message: fmt.Sprintf("date «\u00a0%s\u00a0» hors de ce que la Caisse des Dépôts accepte (années 1900 à 2099)", f.v)})
			}
		}
	}
	for _, rc := range holders {
		c := rc.Candidat
		p := fmt.Sprintf("candidats[%d]", index[c])
		add := func(field, msg string) {
			out = append(out, session.Probleme{Chemin: p + "." + field, Message: fmt.Sprintf("candidat %s (%s)\u00a0: %s", c.Numero, c.NomComplet(), msg)})
		}
		if n := utf8.RuneCountInString(strings.TrimSpace(c.NomNaissance)); n == 0 || n > 60 {
			add("nom_naissance", "nom de naissance absent ou de plus de 60 caractères")
		}
		if utf8.RuneCountInString(c.NomUsage) > 60 {
			add("nom_usage", "nom d’usage de plus de 60 caractères")
		}
		first := prenoms(c.Prenoms)
		if len(first) == 0 {
			add("prenoms", "prénom absent")
		}
		for _, pr := range first {
			if utf8.RuneCountInString(pr) > 60 {
				add("prenoms", "prénom de plus de 60 caractères")
			}
		}
		if !c.Sexe.Valid() {
			add("sexe", "sexe attendu F ou M")
		}
		if y := c.Naissance.Date.Year(); !c.Naissance.Date.Valid() || y < 1900 || y > 2099 {
			add("naissance.date", "date de naissance absente ou invalide")
		}
		if c.Naissance.NeeALEtranger() {
			if !rePays.MatchString(c.Naissance.Pays) {
				add("naissance.pays", "pays de naissance\u00a0: code à trois lettres attendu (par exemple BEL)")
			}
			if c.Naissance.PaysLibelle == "" {
				add("naissance.pays_libelle", "nom du pays de naissance absent")
			}
		} else if !reINSEE.MatchString(c.Naissance.CodeINSEE) {
			add("naissance.code_insee", "code INSEE de la commune de naissance absent ou mal formé (5 caractères)")
		}
		if n := utf8.RuneCountInString(c.Naissance.Commune); n == 0 || n > 60 {
			add("naissance.commune", "commune de naissance absente ou de plus de 60 caractères")
		}
		if c.Naissance.NeeALEtranger() && utf8.RuneCountInString(c.Naissance.PaysLibelle) > 60 {
			add("naissance.pays_libelle", "nom du pays de naissance de plus de 60 caractères")
		}
		if n := utf8.RuneCountInString(s.Session.Identifiant + "-" + c.Numero); n > 255 {
			add("numero", fmt.Sprintf("identifiant de session et numéro du candidat trop longs ensemble (%d caractères, 255 au plus)", n))
		}
		// Every text of the flux holds only characters XML 1.0 allows.
		for _, f := range []struct{ field, v string }{
			{"nom_naissance", c.NomNaissance}, {"nom_usage", c.NomUsage}, {"prenoms", c.Prenoms},
			{"naissance.commune", c.Naissance.Commune}, {"naissance.pays_libelle", c.Naissance.PaysLibelle},
			{"numero", c.Numero},
		} {
			if r, ok := xmlText(f.v); !ok {
				add(f.field, fmt.Sprintf("caractère U+%04X interdit dans un fichier XML", r))
			}
		}
	}
	if r, ok := xmlText(s.Session.Identifiant); !ok && len(holders) > 0 {
		out = append(out, session.Probleme{Chemin: "session.identifiant", Message: fmt.Sprintf("caractère U+%04X interdit dans un fichier XML", r)})
	}
	return out
}

// xmlText tells whether s holds only characters XML 1.0 allows in text
// (no control character but tab and line breaks, no U+FFFE or U+FFFF);
// else it returns the first one that is not.
func xmlText(s string) (rune, bool) {
	for _, r := range s {
		switch {
		case r == '\t' || r == '\n' || r == '\r':
		case r < 0x20, r == utf8.RuneError, r == 0xfffe, r == 0xffff, r >= 0xd800 && r < 0xe000:
			return r, false
		}
	}
	return 0, true
}

// prenoms splits first names on spaces: "Élodie Marie" → Élodie, Marie.
// Hyphenated names stay whole.
func prenoms(s string) []string { return strings.Fields(s) }

// modalite maps a route to the CDC's modaliteAcces.
func modalite(voie session.Voie) string {
	switch voie {
	case session.VoieFormationContinue:
		return "FORMATION_CONTINUE_HORS_CONTRAT_DE_PROFESSIONNALISATION"
	case session.VoieProfessionnalisat:
		return "FORMATION_CONTINUE_CONTRAT_DE_PROFESSIONNALISATION"
	case session.VoieApprentissage:
		return "FORMATION_INITIALE_APPRENTISSAGE"
	case session.VoieVAE:
		return "VAE"
	case session.VoieCandidatLibre:
		return "CANDIDAT_LIBRE"
	}
	return ""
}

// NewFluxID returns a flux identifier unique per export.
func NewFluxID(now time.Time) string {
	b := make([]byte, 6)
	_, _ = rand.Read(b)
	return "certidoc-" + now.UTC().Format("20060102T150405") + "-" + hex.EncodeToString(b)
}

// ErrIdentity reports holders whose identity the CDC would reject.
var ErrIdentity = errors.New("accrochage: identity problems")

// Write writes the flux of the session's holders to w. It refuses, listing
// nothing, when the settings are missing, and returns ErrIdentity when Check
// finds a problem; nothing is written then.
func Write(w io.Writer, cfg Config, ref *referentiel.Referentiel, s *session.Session, d *session.Resultats, now time.Time, fluxID string) error {
	return WriteLots(w, cfg, ref, []Lot{{Session: s, Resultats: d}}, now, fluxID)
}

// Lot is one session's share of a flux: the holders of Resultats (a
// deliberation, or a part of one, such as the holders of a period).
type Lot struct {
	Session   *session.Session
	Resultats *session.Resultats
}

// WriteLots writes one flux with the holders of several sessions, as Write
// does for one.
func WriteLots(w io.Writer, cfg Config, ref *referentiel.Referentiel, lots []Lot, now time.Time, fluxID string) error {
	if !cfg.Configured() {
		return ErrNotConfigured
	}
	for _, l := range lots {
		if p := Check(l.Session, l.Resultats); len(p) > 0 {
			return fmt.Errorf("%w: %d", ErrIdentity, len(p))
		}
	}
	paris := fr.Paris()
	x := &xw{}
	x.raw(`<?xml version="1.0" encoding="UTF-8"?>` + "\n")
	x.raw(`<cpf:flux xmlns:cpf="urn:cdc:cpf:pc5:schema:1.0.0" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">` + "\n")
	x.el(1, "idFlux", fluxID)
	x.el(1, "horodatage", now.In(paris).Truncate(time.Second).Format("2006-01-02T15:04:05-07:00"))
	x.open(1, "emetteur")
	x.el(2, "idClient", cfg.IDClient)
	x.open(2, "certificateurs")
	x.open(3, "certificateur")
	x.el(4, "idClient", cfg.IDClient)
	x.el(4, "idContrat", cfg.IDContrat)
	x.open(4, "certifications")
	x.open(5, "certification")
	x.el(6, "type", cfg.Type)
	x.el(6, "code", ref.Certification.CodeRNCP)
	x.el(6, "natureDeposant", "CERTIFICATEUR")
	x.open(6, "passageCertifications")
	for _, l := range lots {
		for _, rc := range Holders(l.Resultats) {
			passage(x, l.Session, rc)
		}
	}
	x.close(6, "passageCertifications")
	x.close(5, "certification")
	x.close(4, "certifications")
	x.close(3, "certificateur")
	x.close(2, "certificateurs")
	x.close(1, "emetteur")
	x.raw("</cpf:flux>\n")
	if _, err := io.WriteString(w, x.b.String()); err != nil {
		return fmt.Errorf("accrochage: %w", err)
	}
	return nil
}

func passage(x *xw, s *session.Session, rc *session.ResultatCandidat) {
	c := rc.Candidat
	x.open(7, "passageCertification")
	x.el(8, "idTechnique", s.Session.Identifiant+"-"+c.Numero)
	x.el(8, "obtentionCertification", "PAR_ADMISSION")
	x.el(8, "donneeCertifiee", "true")
	x.el(8, "dateDebutExamen", s.Session.EpreuvesDu.String())
	x.el(8, "dateFinExamen", s.Session.EpreuvesAu.String())
	x.el(8, "dateDebutValidite", s.Session.Deliberation.Date.String())
	x.nil(8, "dateFinValidite") // acquired for life
	x.el(8, "presenceNiveauLangueEuro", "false")
	x.el(8, "presenceNiveauNumeriqueEuro", "false")
	x.nil(8, "scoring")
	x.nil(8, "mentionValidee")
	x.open(8, "modalitesInscription")
	x.el(9, "modaliteAcces", modalite(c.Voie))
	if c.Voie == session.VoieVAE {
		x.el(9, "voieAccessVAE", "VAE_CLASSIQUE")
	}
	x.close(8, "modalitesInscription")
	x.open(8, "identificationTitulaire")
	x.open(9, "titulaire")
	x.el(10, "nomNaissance", c.NomNaissance)
	if c.NomUsage != "" && c.NomUsage != c.NomNaissance {
		x.el(10, "nomUsage", c.NomUsage)
	} else {
		x.nil(10, "nomUsage")
	}
	for i, p := range prenoms(c.Prenoms) {
		if i < 3 {
			x.el(10, "prenom"+strconv.Itoa(i+1), p)
		}
	}
	born := c.Naissance.Date
	x.el(10, "anneeNaissance", strconv.Itoa(born.Year()))
	x.el(10, "moisNaissance", strconv.Itoa(int(born.Month())))
	x.el(10, "jourNaissance", strconv.Itoa(born.Day()))
	x.el(10, "sexe", string(c.Sexe))
	x.open(10, "codeCommuneNaissance")
	if c.Naissance.NeeALEtranger() {
		x.open(11, "codePostalNaissance")
		x.nil(12, "codePostal")
		x.close(11, "codePostalNaissance")
	} else {
		x.open(11, "codeInseeNaissance")
		x.el(12, "codeInsee", c.Naissance.CodeINSEE)
		x.close(11, "codeInseeNaissance")
	}
	x.close(10, "codeCommuneNaissance")
	x.el(10, "libelleCommuneNaissance", c.Naissance.Commune)
	if c.Naissance.NeeALEtranger() {
		x.el(10, "codePaysNaissance", c.Naissance.Pays)
		x.el(10, "libellePaysNaissance", c.Naissance.PaysLibelle)
	}
	x.close(9, "titulaire")
	x.close(8, "identificationTitulaire")
	x.close(7, "passageCertification")
}

// xw writes indented cpf elements with escaped text.
type xw struct{ b strings.Builder }

func (x *xw) raw(s string) { x.b.WriteString(s) }
func (x *xw) ind(n int)    { x.b.WriteString(strings.Repeat("  ", n)) }
func (x *xw) open(n int, name string) {
	x.ind(n)
	x.raw("<cpf:" + name + ">\n")
}
func (x *xw) close(n int, name string) {
	x.ind(n)
	x.raw("</cpf:" + name + ">\n")
}
func (x *xw) el(n int, name, text string) {
	x.ind(n)
	x.raw("<cpf:" + name + ">" + escape(text) + "</cpf:" + name + ">\n")
}

// nil writes an empty nillable element: present, with xsi:nil, never left out.
func (x *xw) nil(n int, name string) {
	x.ind(n)
	x.raw(`<cpf:` + name + ` xsi:nil="true"/>` + "\n")
}

func escape(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;").Replace(s)
}
