package api

import (
	"net/http"

	"github.com/labstack/echo/v4"
)

func (s *Server) health(c echo.Context) error {
	return writeJSON(c, http.StatusOK, map[string]string{"status": "ok"})
}
