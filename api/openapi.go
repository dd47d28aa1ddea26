package api

import (
	_ "embed"
	"net/http"

	"github.com/labstack/echo/v4"
)

// openapi describes every /api route (OpenAPI 3.1); a test checks that it
// matches the route table.
//
//go:embed openapi.json
var openapi []byte

func (s *Server) getOpenAPI(c echo.Context) error {
	return c.Blob(http.StatusOK, echo.MIMEApplicationJSON, openapi)
}
