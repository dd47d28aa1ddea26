package api

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"certidoc/classeur"
	"certidoc/documents"
	"certidoc/fr"
	"certidoc/session"
)

// The papers before the jury, from a session with a planning: a
// candidate's or a jury member's convocation, a sitting's attendance
// sheet, the planning, and all of them in one ZIP.

// avant is what the papers before the jury take from a loaded session.
type avant struct {
	// envoi is the date the convocations are sent: the planning's
	// date_convocation, else the day they are made.
	envoi fr.Date
	// warnings are the planning's and those of the delay before each
	// sitting, each naming its field or cell.
	warnings []session.Probleme
}

// avant checks that the session has a planning and gathers what its
// papers need.
func (s *Server) avant(l *loaded) (*avant, error) {
	pl := l.sess.Planning
	if pl == nil {
		return nil, fault(errNoPlanning, fmt.Sprintf("La session «\u00a0%s\u00a0» n’a pas de planning\u00a0: décrivez ses séances (feuille Planning du classeur, ou champ planning du JSON), puis déposez-la à nouveau pour faire les convocations, les feuilles d’émargement et le planning.", l.sess.Session.Identifiant))
	}
	today := fr.DateOf(s.now().In(fr.Paris()))
	a := &avant{envoi: today, warnings: []session.Probleme{}}
	if pl.DateConvocation.Valid() {
		a.envoi = pl.DateConvocation
	}
	for _, w := range l.rep.Avertissements {
		if classeur.IsPlanning(w) {
			a.warnings = append(a.warnings, w)
		}
	}
	for _, w := range session.DelaiConvocation(l.sess, today, s.cfg.DelaiConvocation) {
		a.warnings = append(a.warnings, l.locate(w))
	}
	return a, nil
}

// avantSessionSummary is what valider says of the papers before the jury:
// nil without a planning.
func (s *Server) avantSessionSummary(l *loaded) map[string]any {
	a, err := s.avant(l)
	if err != nil {
		return nil
	}
	return map[string]any{
		"documents":      documents.AvantSessionCount(l.sess),
		"seances":        seanceIDs(l.sess.Planning),
		"envoi":          a.envoi,
		"delai_jours":    s.cfg.DelaiConvocation,
		"avertissements": a.warnings,
	}
}

// postConvocation answers the convocation of the candidate of ?candidat=
// to their sittings, or of the jury member of ?membre= (their rank in the
// session's jury, from 1) to the deliberation.
func (s *Server) postConvocation(c echo.Context) error {
	l, err := s.readSession(c)
	if err != nil {
		return err
	}
	a, err := s.avant(l)
	if err != nil {
		return err
	}
	var d documents.Document
	cand, membre := c.QueryParam("candidat"), c.QueryParam("membre")
	switch {
	case cand != "" && membre != "":
		return badRequest("Indiquez soit ?candidat=NUMÉRO (la convocation d’un candidat), soit ?membre=RANG (celle d’un membre du jury), pas les deux.", nil)
	case membre != "":
		m, err := l.membre(membre)
		if err != nil {
			return err
		}
		d = documents.ConvocationJury(l.ref, l.sess, m, a.envoi, s.profil())
	case cand == "":
		nums := candidateNumbers(l)
		return badRequest(fmt.Sprintf("Indiquez à qui s’adresse la convocation\u00a0: ?candidat=NUMÉRO pour un candidat (%s), ou ?membre=RANG pour un membre du jury (%s).",
			strings.Join(nums, ", "), juryRanks(l.sess)), nums)
	default:
		rc, err := l.candidat(c)
		if err != nil {
			return err
		}
		d = documents.Convocation(l.ref, l.sess, rc.Candidat, a.envoi, s.profil())
		d.Name += "-" + fr.Slug(rc.Candidat.Numero)
	}
	f, err := s.format(c)
	if err != nil {
		return err
	}
	return s.document(c, d, f)
}

// seanceIDs lists the identifiers of the planning's sittings, in its order.
func seanceIDs(pl *session.Planning) []string {
	ids := make([]string, len(pl.Seances))
	for i := range pl.Seances {
		ids[i] = pl.Seances[i].ID
	}
	return ids
}

// candidateNumbers lists the session's candidate numbers, in its order.
func candidateNumbers(l *loaded) []string {
	nums := make([]string, len(l.sess.Candidats))
	for i := range l.sess.Candidats {
		nums[i] = l.sess.Candidats[i].Numero
	}
	return nums
}

// juryRanks lists the jury's members by rank: "1 Mme Anne Durand, présidente ; 2 …".
func juryRanks(s *session.Session) string {
	out := make([]string, len(s.Jury))
	for i, m := range s.Jury {
		out[i] = fmt.Sprintf("%d\u00a0: %s %s %s, %s", i+1, m.Civilite, m.Prenom, strings.ToUpper(m.Nom), strings.ToLower(m.Role.Titre(m.Civilite)))
	}
	return strings.Join(out, "\u202f; ")
}

// membre finds the jury member of ?membre=: their rank in the jury, from 1.
func (l *loaded) membre(v string) (*session.Membre, error) {
	n, err := strconv.Atoi(strings.TrimSpace(v))
	if err != nil || n < 1 || n > len(l.sess.Jury) {
		ranks := make([]string, len(l.sess.Jury))
		for i := range ranks {
			ranks[i] = strconv.Itoa(i + 1)
		}
		return nil, notFound(fmt.Sprintf("Le membre du jury «\u00a0%s\u00a0» n’existe pas\u00a0: indiquez son rang dans la liste du jury, de 1 à %d (%s).", fr.Extrait(v), len(l.sess.Jury), juryRanks(l.sess)), ranks)
	}
	return &l.sess.Jury[n-1], nil
}

// postEmargement answers the attendance sheet of the sitting of ?seance=
// (its identifier in the planning).
func (s *Server) postEmargement(c echo.Context) error {
	l, err := s.readSession(c)
	if err != nil {
		return err
	}
	if _, err := s.avant(l); err != nil {
		return err
	}
	se, err := l.seance(c.QueryParam("seance"))
	if err != nil {
		return err
	}
	f, err := s.format(c)
	if err != nil {
		return err
	}
	return s.document(c, documents.Emargement(l.ref, l.sess, se), f)
}

// seance finds the sitting of ?seance=.
func (l *loaded) seance(id string) (*session.Seance, error) {
	pl := l.sess.Planning
	ids := seanceIDs(pl)
	if strings.TrimSpace(id) == "" {
		return nil, badRequest("Indiquez la séance\u00a0: ?seance=IDENTIFIANT. Séances de cette session\u00a0: "+strings.Join(ids, ", ")+".", ids)
	}
	for i := range pl.Seances {
		if pl.Seances[i].ID == strings.TrimSpace(id) {
			return &pl.Seances[i], nil
		}
	}
	return nil, notFound(fmt.Sprintf("La séance «\u00a0%s\u00a0» n’est pas dans le planning de cette session. Séances valides\u00a0: %s.", fr.Extrait(id), strings.Join(ids, ", ")), ids)
}

// planningFormats are the formats of the planning: a document, or a workbook.
var planningFormats = []string{"pdf", "docx", "xlsx"}

// postPlanning answers the session's planning: ?format=pdf (default),
// docx, or xlsx for a workbook with typed cells.
func (s *Server) postPlanning(c echo.Context) error {
	l, err := s.readSession(c)
	if err != nil {
		return err
	}
	if _, err := s.avant(l); err != nil {
		return err
	}
	q := c.QueryParam("format")
	if q == "xlsx" || (q == "" && strings.Contains(c.Request().Header.Get(echo.HeaderAccept), mimeXLSX)) {
		var buf bytes.Buffer
		start := time.Now()
		if err := classeur.WritePlanning(&buf, l.ref, l.sess, s.now()); err != nil {
			return fmt.Errorf("planning: %w", err)
		}
		s.met.generated(documents.KindPlanning, "xlsx", time.Since(start))
		return attachment(c, string(documents.KindPlanning)+".xlsx", mimeXLSX, buf.Bytes())
	}
	f, err := s.format(c)
	if err != nil {
		return badRequest(fmt.Sprintf("Le format «\u00a0%s\u00a0» n’est pas disponible pour le planning. Formats valides\u00a0: %s.", fr.Extrait(q), strings.Join(planningFormats, ", ")), planningFormats)
	}
	return s.document(c, documents.Planning(l.ref, l.sess), f)
}

// postAvantSession answers every paper before the jury in one ZIP,
// streamed as the dossier is: AVERTISSEMENTS.txt when something is to be
// checked (the planning's warnings and the delay's), the planning, the
// attendance sheets, the candidates' and the jury's convocations.
func (s *Server) postAvantSession(c echo.Context) error {
	l, err := s.readPackedSession(c)
	if err != nil {
		return err
	}
	a, err := s.avant(l)
	if err != nil {
		return err
	}
	formats, err := s.formats(c)
	if err != nil {
		return err
	}
	entries := documents.AvantSession(l.ref, l.sess, a.warnings, a.envoi, s.profil())
	return s.streamZip(c, "avant-session-"+fr.Slug(l.sess.Session.Identifiant)+".zip", entries, formats)
}
