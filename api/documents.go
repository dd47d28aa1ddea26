package api

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"certidoc/documents"
	"certidoc/fr"
	"certidoc/referentiel"
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
	return s.document(c, documents.PV(l.ref, l.sess, l.delib, l.rep.Avertissements), f)
}

// postCandidateDocument answers a document of kind k for the candidate of
// ?candidat= (grids, attestations, parchemins, letters), named after the
// candidate's number. The bloc and épreuve come from the route when the
// kind has them. Whether the candidate is entitled to it is the
// catalogue's to say (documents.Catalogue): a refusal is a
// *documents.NonDelivrableError, answered 422 with its reason.
func (s *Server) postCandidateDocument(k documents.Kind) echo.HandlerFunc {
	return func(c echo.Context) error {
		route, err := s.refOf(c)
		if err != nil {
			return err
		}
		// The bloc and épreuve are checked before the body is read when
		// the référentiel is known from the route, again once the session
		// has named its own.
		want := func(r *referentiel.Referentiel) (documents.Ref, error) {
			ref := documents.Ref{Kind: k}
			if c.Param("bloc") == "" {
				return ref, nil
			}
			b, err := bloc(r, c.Param("bloc"))
			if err != nil {
				return ref, err
			}
			ref.Bloc = b.Lettre
			if p := c.Param("epreuve"); p != "" {
				n, convErr := strconv.Atoi(p)
				if _, ok := b.Epreuve(n); convErr != nil || !ok {
					return ref, unknownEpreuve(b.Lettre, p, b.Numeros())
				}
				ref.Epreuve = n
			}
			return ref, nil
		}
		if c.Param("code") != "" || s.refs.Len() == 1 {
			if _, err := want(route); err != nil {
				return err
			}
		}
		l, err := s.readSession(c)
		if err != nil {
			return err
		}
		ref, err := want(l.ref)
		if err != nil {
			return err
		}
		rc, err := l.candidat(c)
		if err != nil {
			return err
		}
		d, err := documents.CandidateDocument(l.ref, l.sess, l.delib, rc, ref, s.cfg.Verifier, s.profil())
		if err != nil {
			return err
		}
		f, err := s.format(c)
		if err != nil {
			return err
		}
		d.Name += "-" + fr.Slug(rc.Candidat.Numero)
		return s.document(c, d, f)
	}
}

// unknownEpreuve is the 404 of an épreuve the bloc does not have.
func unknownEpreuve(bloc, param string, numeros []int) error {
	nums := make([]string, len(numeros))
	for i, n := range numeros {
		nums[i] = strconv.Itoa(n)
	}
	return notFound(fmt.Sprintf("L’épreuve «\u00a0%s\u00a0» n’existe pas dans le bloc %s. Épreuves valides\u00a0: %s.",
		fr.Extrait(param), bloc, strings.Join(nums, ", ")), nums)
}
