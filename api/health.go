package api

import (
	"context"
	"net/http"
	"sync"
	"time"

	"github.com/labstack/echo/v4"

	"certidoc/registre"
)

// health is the liveness probe: the process answers, whatever the
// registre's state (restarting it would not bring PostgreSQL back).
func (s *Server) health(c echo.Context) error {
	return writeJSON(c, http.StatusOK, map[string]string{"status": "ok"})
}

// readyFor is how long a readiness answer is given again: probes and
// anonymous clients together ask the registre once a second at most.
const readyFor = time.Second

// stateReader is what the readiness probe reads of the registre.
type stateReader interface {
	Etat(ctx context.Context) (registre.Etat, error)
}

// readiness keeps the last readiness answer. Safe for concurrent use.
type readiness struct {
	mu   sync.Mutex // held while the registre is asked: one question at a time
	at   time.Time
	etat registre.Etat
	err  error
}

// ready is the readiness probe: 200 with the registre's state when the
// registre answers within its delay (--delai-base), 503 with Retry-After
// when it does not, so that a load balancer sends requests elsewhere;
// without a registre, 200.
func (s *Server) ready(c echo.Context) error {
	if s.state == nil {
		return writeJSON(c, http.StatusOK, map[string]string{"status": "ok", "registre": "désactivé"})
	}
	r := &s.readiness
	r.mu.Lock()
	if time.Since(r.at) >= readyFor {
		r.etat, r.err = s.state.Etat(context.WithoutCancel(c.Request().Context()))
		r.at = time.Now()
	}
	etat, err := r.etat, r.err
	r.mu.Unlock()
	if err != nil {
		return err
	}
	return writeJSON(c, http.StatusOK, map[string]any{"status": "ok", "registre": etat})
}
