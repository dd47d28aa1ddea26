package api

import (
	"fmt"
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"certidoc/fr"
	"certidoc/referentiel"
)

func (s *Server) getReferentiel(c echo.Context) error {
	return writeJSON(c, http.StatusOK, s.ref)
}

func (s *Server) getBloc(c echo.Context) error {
	b, err := s.bloc(c.Param("bloc"))
	if err != nil {
		return err
	}
	return writeJSON(c, http.StatusOK, b)
}

// bloc finds a bloc by its letter (any case) or its code RNCP36128BC01.
func (s *Server) bloc(param string) (*referentiel.Bloc, error) {
	for i := range s.ref.Blocs {
		b := &s.ref.Blocs[i]
		if strings.EqualFold(param, b.Lettre) || strings.EqualFold(param, b.Code) {
			return b, nil
		}
	}
	return nil, notFound(fmt.Sprintf("Le bloc «\u00a0%s\u00a0» n’existe pas dans le référentiel %s. Blocs valides\u00a0: %s.",
		fr.Extrait(param), s.ref.Certification.CodeRNCP, strings.Join(s.ref.Lettres(), ", ")), s.ref.Lettres())
}
