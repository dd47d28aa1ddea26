package api

import (
	"fmt"
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"certidoc/fr"
	"certidoc/referentiel"
)

// certification is one certification the service holds, as
// GET /api/v1/certifications lists it.
type certification struct {
	Code     string `json:"code"`
	Sigle    string `json:"sigle"`
	Intitule string `json:"intitule"`
	Niveau   int    `json:"niveau"`
	Version  string `json:"version"`
	Echelle  string `json:"echelle"` // niveaux or notes
	Blocs    int    `json:"blocs"`
	// Defaut marks the certification of today's routes, and of a session
	// that names none.
	Defaut bool `json:"defaut"`
}

func (s *Server) certifications() []certification {
	out := make([]certification, 0, s.refs.Len())
	for i, r := range s.refs.All() {
		c := r.Certification
		out = append(out, certification{Code: c.CodeRNCP, Sigle: c.Sigle, Intitule: c.Intitule, Niveau: c.Niveau,
			Version: r.Version(), Echelle: r.Echelle.Type, Blocs: len(r.Blocs), Defaut: i == 0})
	}
	return out
}

func (s *Server) getCertifications(c echo.Context) error {
	return writeJSON(c, http.StatusOK, map[string]any{"certifications": s.certifications()})
}

// refOf returns the référentiel of the route: the certification its
// {code} names, the default one on today's routes.
func (s *Server) refOf(c echo.Context) (*referentiel.Referentiel, error) {
	code := c.Param("code")
	if code == "" {
		return s.refs.Defaut(), nil
	}
	if r, ok := s.refs.Get(code); ok {
		return r, nil
	}
	return nil, notFound(fmt.Sprintf("La certification «\u00a0%s\u00a0» n’est pas tenue par ce service. Certifications tenues\u00a0: %s.",
		code, strings.Join(s.refs.Codes(), ", ")), s.refs.Codes())
}

func (s *Server) getReferentiel(c echo.Context) error {
	ref, err := s.refOf(c)
	if err != nil {
		return err
	}
	return writeJSON(c, http.StatusOK, ref)
}

func (s *Server) getBloc(c echo.Context) error {
	ref, err := s.refOf(c)
	if err != nil {
		return err
	}
	b, err := bloc(ref, c.Param("bloc"))
	if err != nil {
		return err
	}
	return writeJSON(c, http.StatusOK, b)
}

// bloc finds a bloc by its letter (any case) or its code RNCP36128BC01.
func bloc(ref *referentiel.Referentiel, param string) (*referentiel.Bloc, error) {
	for i := range ref.Blocs {
		b := &ref.Blocs[i]
		if strings.EqualFold(param, b.Lettre) || strings.EqualFold(param, b.Code) {
			return b, nil
		}
	}
	return nil, notFound(fmt.Sprintf("Le bloc «\u00a0%s\u00a0» n’existe pas dans le référentiel %s. Blocs valides\u00a0: %s.",
		fr.Extrait(param), ref.Certification.CodeRNCP, strings.Join(ref.Lettres(), ", ")), ref.Lettres())
}
