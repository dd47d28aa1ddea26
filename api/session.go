package api

import (
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"certidoc/classeur"
	"certidoc/documents"
	"certidoc/fr"
	"certidoc/generator"
	"certidoc/referentiel"
	"certidoc/session"
)

// loaded is a valid session and what the jury's papers need from it.
type loaded struct {
	ref   *referentiel.Referentiel // the session's
	sess  *session.Session
	rep   *session.Report
	delib *session.Resultats
	// locate names the cell of a problem found after the import.
	locate classeur.Locate
}

// readSession reads the session of the request: JSON or workbook, as the
// body or as a multipart upload.
func (s *Server) readSession(c echo.Context) (*loaded, error) {
	data, err := readBody(c)
	if err != nil {
		return nil, fmt.Errorf("read session: %w", err)
	}
	return s.parseSession(c, data, false)
}

// readPackedSession is readSession for the dossier, which keeps the
// session for as long as it streams: the candidates' evaluations stay
// packed but while each candidate's documents are made.
func (s *Server) readPackedSession(c echo.Context) (*loaded, error) {
	data, err := readBody(c)
	if err != nil {
		return nil, fmt.Errorf("read session: %w", err)
	}
	return s.parseSession(c, data, true)
}

// parseSession reads a session under the référentiel it names, which must
// be the route's certification on /certifications/{code}/… routes. The
// référentiel is returned even when the session is invalid, nil when
// none could be chosen.
func (s *Server) parseSession(c echo.Context, data []byte, packed bool) (*loaded, error) {
	code := c.Param("code")
	if _, err := s.refOf(c); err != nil {
		return nil, err
	}
	ref, sess, rep, locate, err := classeur.LoadFromLocating(data, s.refs, code, generator.Font(), s.importLimits(), packed)
	if err != nil {
		return &loaded{ref: ref}, fmt.Errorf("parse session: %w", err)
	}
	// the session as printed under the profile in force, and what of it
	// the profile replaces
	rep.Avertissements = append(rep.Avertissements, s.profil().Avertissements(sess)...)
	sess = s.profil().Appliquer(sess)
	return &loaded{ref: ref, sess: sess, rep: rep, delib: session.Deliberer(ref, sess), locate: locate}, nil
}

// candidat finds the candidate named by ?candidat=.
func (l *loaded) candidat(c echo.Context) (*session.ResultatCandidat, error) {
	num := c.QueryParam("candidat")
	nums := candidateNumbers(l) // the deliberation keeps the session's candidates, in order
	if num == "" {
		return nil, badRequest("Indiquez le candidat\u00a0: ?candidat=NUMÉRO. Numéros de cette session\u00a0: "+strings.Join(nums, ", ")+".", nums)
	}
	for i := range l.delib.Candidats {
		if l.delib.Candidats[i].Candidat.Numero == num {
			return &l.delib.Candidats[i], nil
		}
	}
	return nil, notFound(fmt.Sprintf("Le candidat «\u00a0%s\u00a0» n’est pas dans cette session. Numéros valides\u00a0: %s.", fr.Extrait(num), strings.Join(nums, ", ")), nums)
}

// importLimits bounds workbook imports by the body limit too.
func (s *Server) importLimits() classeur.Limits {
	lim := classeur.DefaultLimits()
	lim.MaxBytes = min(lim.MaxBytes, max(s.cfg.BodyLimit, s.cfg.UploadLimit))
	return lim
}

// postValider answers the session's problems and warnings.
func (s *Server) postValider(c echo.Context) error {
	data, err := readBody(c)
	if err != nil {
		return fmt.Errorf("read session: %w", err)
	}
	l, err := s.parseSession(c, data, false)
	faits := []referentiel.Fait{}
	if l != nil && l.ref != nil && l.ref.AVerifierFaits() != nil {
		faits = l.ref.AVerifierFaits()
	}
	if report, ok := errors.AsType[*session.Report](err); ok {
		return writeJSON(c, http.StatusOK, map[string]any{"valide": false, "problemes": report.Problemes, "problemes_total": report.Total(),
			"avertissements": report.Avertissements, "a_verifier": faits})
	}
	if err != nil {
		return err
	}
	warnings := l.rep.Avertissements
	if warnings == nil {
		warnings = []session.Probleme{}
	}
	// Problems of the deliberation (a candidate who cannot receive an
	// attestation after the end of the registration) stop that candidate's
	// documents, not the PV and the grids: the summary still comes.
	problems := l.delib.Problemes
	if problems == nil {
		problems = []session.Probleme{}
	}
	return writeJSON(c, http.StatusOK, map[string]any{
		"valide": len(problems) == 0, "problemes": problems, "avertissements": warnings, "a_verifier": faits,
		"preparatoire": l.delib.Preparatoire, "candidats": len(l.sess.Candidats),
		"session":       l.sess.Session.Identifiant,
		"certification": l.ref.Certification.CodeRNCP,
		"documents":     documents.DossierCount(l.ref, l.sess, l.delib),
		"blocs":         l.ref.Lettres(),
		"resultats":     resultTable(l.delib),
		"totaux":        l.delib.Totaux(),
		// The papers before the jury: null without a planning.
		"avant_session": s.avantSessionSummary(l),
	})
}

// blocCell is one candidate’s bloc in the page’s table, its motif (typed
// by the jury) with the no-break spaces the documents print it with.
type blocCell struct {
	Etat        string `json:"etat"` // "presente", "acquis", "non_presente"
	Proposition string `json:"proposition,omitempty"`
	Decision    string `json:"decision,omitempty"`
	Ecart       bool   `json:"ecart,omitempty"`
	Motif       string `json:"motif,omitempty"`
}

type resultRow struct {
	Numero   string              `json:"numero"`
	Nom      string              `json:"nom"`
	Voie     string              `json:"voie"`
	Blocs    map[string]blocCell `json:"blocs"`
	Resultat string              `json:"resultat"`
}

// resultTable is the candidates × blocs table the page shows.
func resultTable(d *session.Resultats) []resultRow {
	out := make([]resultRow, 0, len(d.Candidats))
	for i := range d.Candidats {
		rc := &d.Candidats[i]
		row := resultRow{Numero: rc.Candidat.Numero, Nom: documents.NomIdentite(rc.Candidat), Voie: rc.Candidat.Voie.Libelle(), Blocs: map[string]blocCell{}, Resultat: rc.Libelle()}
		if rc.Resultat == session.EnAttente {
			row.Resultat = "Proposé\u00a0: " + rc.LibelleProvisoire()
		}
		for _, e := range rc.Blocs {
			cell := blocCell{Etat: "non_presente"}
			switch e.Statut {
			case session.AcquisAvant:
				cell = blocCell{Etat: "acquis", Decision: "acquis le " + e.Acquis.Date.Courte()}
			case session.Presente:
				cell = blocCell{Etat: "presente", Proposition: e.Proposition.String(), Decision: e.Decision.Libelle(), Ecart: e.Ecart(), Motif: fr.Typo(e.Motif)}
			}
			row.Blocs[e.Bloc.Lettre] = cell
		}
		out = append(out, row)
	}
	return out
}
