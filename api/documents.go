package api

import (
	"fmt"
	"strconv"

	"github.com/labstack/echo/v4"

	"certidoc/session"
	"certidoc/templates"
)

// The jury's papers, each made from the session the request carries.

func (s *Server) postPV(c echo.Context) error {
	l, err := s.readSession(c)
	if err != nil {
		return err
	}
	f, err := s.format(c)
	if err != nil {
		return err
	}
	return s.document(c, templates.PV(s.ref, l.sess, l.delib, l.rep.Avertissements), f)
}

// candidateDocument answers the document that describe makes for the
// candidate of ?candidat=, named after the candidate's number.
func (s *Server) candidateDocument(c echo.Context, describe func(l *loaded, rc *session.ResultatCandidat) (templates.Document, error)) error {
	l, err := s.readSession(c)
	if err != nil {
		return err
	}
	rc, err := l.candidat(c)
	if err != nil {
		return err
	}
	d, err := describe(l, rc)
	if err != nil {
		return err
	}
	f, err := s.format(c)
	if err != nil {
		return err
	}
	d.Name += "-" + templates.Slug(rc.Candidat.Numero)
	return s.document(c, d, f)
}

// undecided answers 422 while any decision of the jury is missing: an
// attestation, a parchemin or a letter exists only "au vu de la décision du
// jury", once the jury has decided on every candidate.
func undecided(l *loaded, what string) error {
	if !l.delib.Preparatoire {
		return nil
	}
	n := l.delib.Totaux().EnAttente
	who := "1\u00a0candidat attend"
	if n > 1 {
		who = strconv.Itoa(n) + "\u00a0candidats attendent"
	}
	return unprocessable(fmt.Sprintf("Le jury n’a pas encore décidé\u00a0: %s ses décisions. %s n’existe qu’une fois toutes les décisions du jury prises\u202f; d’ici là, seuls le PV préparatoire et les grilles sont disponibles.", who, what))
}

func (s *Server) postGrille(c echo.Context) error {
	b, err := s.bloc(c.Param("bloc"))
	if err != nil {
		return err
	}
	n, _ := strconv.Atoi(c.Param("epreuve"))
	e, ok := b.Epreuve(n)
	if !ok {
		return s.getGrille(c) // answers the same 404 as the blank grid
	}
	return s.candidateDocument(c, func(_ *loaded, rc *session.ResultatCandidat) (templates.Document, error) {
		if rc.Candidat.EvaluationOf(b.Lettre, e.Numero) == nil {
			return templates.Document{}, unprocessable(fmt.Sprintf("Le candidat %s n’a pas d’évaluation de l’épreuve %s dans cette session.", rc.Candidat.Numero, b.EpreuveID(e)))
		}
		return templates.GrilleRemplie(s.ref, b, e, rc.Candidat), nil
	})
}

func (s *Server) postAttestation(c echo.Context) error {
	b, err := s.bloc(c.Param("bloc"))
	if err != nil {
		return err
	}
	return s.candidateDocument(c, func(l *loaded, rc *session.ResultatCandidat) (templates.Document, error) {
		if err := undecided(l, "Une attestation"); err != nil {
			return templates.Document{}, err
		}
		for _, v := range rc.Valides() {
			if v == b {
				return templates.Attestation(s.ref, l.sess, b, rc.Candidat, s.cfg.Verifier), nil
			}
		}
		return templates.Document{}, unprocessable(fmt.Sprintf("Le bloc %s n’a pas été validé par le jury pour le candidat %s dans cette session : pas d’attestation.", b.Lettre, rc.Candidat.Numero))
	})
}

func (s *Server) postParchemin(c echo.Context) error {
	return s.candidateDocument(c, func(l *loaded, rc *session.ResultatCandidat) (templates.Document, error) {
		if err := undecided(l, "Un parchemin"); err != nil {
			return templates.Document{}, err
		}
		if rc.Resultat != session.Totale {
			return templates.Document{}, unprocessable(fmt.Sprintf("Le candidat %s ne détient pas tous les blocs (résultat : %s) : pas de parchemin.", rc.Candidat.Numero, rc.Resultat))
		}
		return templates.Parchemin(s.ref, l.sess, rc.Candidat, s.cfg.Verifier), nil
	})
}

func (s *Server) postNotification(c echo.Context) error {
	return s.candidateDocument(c, func(l *loaded, rc *session.ResultatCandidat) (templates.Document, error) {
		if err := undecided(l, "Une notification des résultats"); err != nil {
			return templates.Document{}, err
		}
		if rc.Resultat == session.EnAttente {
			return templates.Document{}, unprocessable(fmt.Sprintf("Le jury n’a pas encore décidé de tous les blocs du candidat %s : la notification attend ses décisions.", rc.Candidat.Numero))
		}
		return templates.Notification(s.ref, l.sess, rc), nil
	})
}
