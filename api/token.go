package api

import (
	"crypto/sha256"
	"crypto/subtle"
	"strings"

	"github.com/labstack/echo/v4"
)

// requireToken guards the /api routes when a token is set: the request must
// carry "Authorization: Bearer TOKEN". Tokens are compared in constant time
// (as SHA-256 digests, so that their length does not leak either). The
// token is read at each request, not when the middleware is composed.
func (s *Server) requireToken(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		if s.cfg.Token == "" {
			return next(c)
		}
		want := sha256.Sum256([]byte(s.cfg.Token))
		got, ok := strings.CutPrefix(c.Request().Header.Get(echo.HeaderAuthorization), "Bearer ")
		sum := sha256.Sum256([]byte(strings.TrimSpace(got)))
		if !ok || subtle.ConstantTimeCompare(sum[:], want[:]) != 1 {
			c.Response().Header().Set(echo.HeaderWWWAuthenticate, `Bearer realm="certidoc"`)
			return fault(errToken, "Ce service demande un jeton d’accès\u00a0: envoyez l’en-tête «\u00a0Authorization: Bearer JETON\u00a0» (la page le demande une fois et le garde pour l’onglet).")
		}
		return next(c)
	}
}
