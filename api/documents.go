package api

import (
	"fmt"
	"strconv"

	"github.com/labstack/echo/v4"

	"certidoc/session"
	"certidoc/templates"
)

// The jury's papers, each made from the session posted as JSON.

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
	l, err := s.readSession(c)
	if err != nil {
		return err
	}
	rc, err := l.candidat(c)
	if err != nil {
		return err
	}
	if rc.Candidat.EvaluationOf(b.Lettre, e.Numero) == nil {
		return unprocessable(fmt.Sprintf("Le candidat %s n’a pas d’évaluation de l’épreuve %s dans cette session.", rc.Candidat.Numero, b.EpreuveID(e)))
	}
	f, err := s.format(c)
	if err != nil {
		return err
	}
	d := templates.GrilleRemplie(s.ref, b, e, rc.Candidat)
	d.Name += "-" + templates.Slug(rc.Candidat.Numero)
	return s.document(c, d, f)
}

func (s *Server) postAttestation(c echo.Context) error {
	b, err := s.bloc(c.Param("bloc"))
	if err != nil {
		return err
	}
	l, err := s.readSession(c)
	if err != nil {
		return err
	}
	rc, err := l.candidat(c)
	if err != nil {
		return err
	}
	valid := false
	for _, v := range rc.Valides() {
		valid = valid || v == b
	}
	if !valid {
		return unprocessable(fmt.Sprintf("Le bloc %s n’a pas été validé par le jury pour le candidat %s dans cette session : pas d’attestation.", b.Lettre, rc.Candidat.Numero))
	}
	f, err := s.format(c)
	if err != nil {
		return err
	}
	d := templates.Attestation(s.ref, l.sess, b, rc.Candidat, s.cfg.Verifier)
	d.Name += "-" + templates.Slug(rc.Candidat.Numero)
	return s.document(c, d, f)
}

func (s *Server) postParchemin(c echo.Context) error {
	l, err := s.readSession(c)
	if err != nil {
		return err
	}
	rc, err := l.candidat(c)
	if err != nil {
		return err
	}
	if rc.Resultat != session.Totale {
		return unprocessable(fmt.Sprintf("Le candidat %s ne détient pas tous les blocs (résultat : %s) : pas de parchemin.", rc.Candidat.Numero, rc.Resultat))
	}
	f, err := s.format(c)
	if err != nil {
		return err
	}
	d := templates.Parchemin(s.ref, l.sess, rc.Candidat, s.cfg.Verifier)
	d.Name += "-" + templates.Slug(rc.Candidat.Numero)
	return s.document(c, d, f)
}

func (s *Server) postNotification(c echo.Context) error {
	l, err := s.readSession(c)
	if err != nil {
		return err
	}
	rc, err := l.candidat(c)
	if err != nil {
		return err
	}
	if rc.Resultat == session.EnAttente {
		return unprocessable(fmt.Sprintf("Le jury n’a pas encore décidé de tous les blocs du candidat %s : la notification attend ses décisions.", rc.Candidat.Numero))
	}
	f, err := s.format(c)
	if err != nil {
		return err
	}
	d := templates.Notification(s.ref, l.sess, rc)
	d.Name += "-" + templates.Slug(rc.Candidat.Numero)
	return s.document(c, d, f)
}
