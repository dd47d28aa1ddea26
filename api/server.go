package api

import (
	"certidoc/certificateur"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"
	"golang.org/x/sync/semaphore"

	"certidoc/referentiel"
)

// Server is the HTTP service over the référentiels it holds.
type Server struct {
	cfg   Config
	refs  *referentiel.Ensemble
	ref   *referentiel.Referentiel // the default one, refs.Defaut()
	log   *slog.Logger
	now   func() time.Time
	echo  *echo.Echo
	gen   chan struct{}       // one token per generation running
	body  *semaphore.Weighted // the bytes of request bodies held at once
	met   *metrics
	late  *lateHolders // nil without a registre
	blank sync.Map     // blank grids made once: "B-1.pdf" → *blankGrid
	pages *verifierPages
	dates longDates
	// readiness keeps /readyz's last answer.
	readiness readiness
	// certifies are what the verification page says of each code a
	// document certifies (a certification's or a bloc's).
	certifies map[string]certified

	// The registre, by what each route uses of it; all nil without one.
	codes    codeLookup
	listing  lister
	closing  closer
	revoking revoker
	reissue  reissuer
	state    stateReader
}

// New returns a service for one référentiel. now is the clock whose time
// is written into the documents.
func New(cfg Config, ref *referentiel.Referentiel, log *slog.Logger, now func() time.Time) *Server {
	return NewFor(cfg, referentiel.Seul(ref), log, now)
}

// NewFor returns a service for every référentiel of refs: today's routes
// serve the default one, /api/v1/certifications/{code}/… each of them.
func NewFor(cfg Config, refs *referentiel.Ensemble, log *slog.Logger, now func() time.Time) *Server {
	if cfg.Profil == nil {
		cfg.Profil = certificateur.Exemple()
	}
	s := &Server{cfg: cfg, refs: refs, ref: refs.Defaut(), log: log, now: now, gen: make(chan struct{}, max(cfg.MaxGenerations, 1)), body: semaphore.NewWeighted(bodyMemory(cfg)), met: newMetrics(), pages: &verifierPages{tmpl: verifierTemplate}, certifies: certifiesOf(refs)}
	e := echo.New()
	e.HideBanner = true
	e.HidePort = true
	e.HTTPErrorHandler = errorHandler(log, s.met)
	// echo applies its middleware anew on every request: a closure per
	// middleware per request, eight on a lookup. The service's are
	// composed once, around the handler echo's router chose for the
	// request (a route's, or echo's own answer to no route, a wrong
	// method, OPTIONS): that handler is the next echo passes to the last
	// middleware given to Use, so this must stay the only one.
	stack := compose(func(c echo.Context) error { return c.Handler()(c) },
		requestID,
		s.met.middleware(),
		s.logRequests,
		// Recover sits inside the logger, so that a panic is logged as a 500.
		middleware.RecoverWithConfig(middleware.RecoverConfig{DisablePrintStack: true}),
		securityHeaders,
		sameOrigin,
		s.limitBody,
		s.budgetBodies,
	)
	e.Use(func(echo.HandlerFunc) echo.HandlerFunc { return stack })
	s.echo = e
	if r := cfg.Registre; r != nil {
		s.codes, s.listing, s.closing, s.revoking, s.reissue, s.state = r, r, r, r, r, r
		s.late = s.met.watchRegistre(r, log)
	}
	s.routes()
	for _, r := range e.Routes() {
		s.met.routes[r.Path] = true
	}
	return s
}

// compose wraps h in m, the first outermost, once: what echo does for
// each request with the middleware given to Use or to a route.
func compose(h echo.HandlerFunc, m ...echo.MiddlewareFunc) echo.HandlerFunc {
	for i := len(m) - 1; i >= 0; i-- {
		h = m[i](h)
	}
	return h
}

// Handler returns the service's HTTP handler.
func (s *Server) Handler() http.Handler { return s.echo }

// Serve answers requests on l until ctx is done, then shuts down cleanly,
// letting requests in flight finish within the shutdown timeout.
func (s *Server) Serve(ctx context.Context, l net.Listener) error {
	srv := &http.Server{
		Handler:           s.echo,
		ReadTimeout:       s.cfg.ReadTimeout,
		ReadHeaderTimeout: s.cfg.ReadTimeout,
		WriteTimeout:      s.cfg.WriteTimeout,
		IdleTimeout:       s.cfg.IdleTimeout,
		ErrorLog:          serverLog(s.log),
	}
	if s.late != nil {
		// The first count, before any request is answered: a scrape never
		// sees the gauge empty while the registre answers.
		first, cancel := context.WithTimeout(ctx, 2*time.Second)
		s.late.refresh(first)
		cancel()
	}
	done := make(chan error, 1)
	go func() { done <- srv.Serve(l) }()
	counted := make(chan struct{})
	lctx, stopCounting := context.WithCancel(ctx)
	defer func() { stopCounting(); <-counted }()
	go func() {
		defer close(counted)
		if s.late != nil {
			s.late.run(lctx)
		}
	}()
	select {
	case err := <-done:
		return fmt.Errorf("serve: %w", err)
	case <-ctx.Done():
	}
	s.log.Info("shutting down", "timeout", s.cfg.ShutdownTimeout.String())
	sctx, cancel := context.WithTimeout(context.Background(), s.cfg.ShutdownTimeout)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil {
		return fmt.Errorf("shutdown: %w", err)
	}
	if err := <-done; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("serve: %w", err)
	}
	return nil
}

// logRequests logs one structured line per request: route pattern, status,
// size and duration in microseconds. It logs no query string, body or
// client address, so no personal data reaches the log.
func (s *Server) logRequests(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		start := time.Now()
		defer func() {
			// A stream cut on purpose (http.ErrAbortHandler) still gets its line.
			if p := recover(); p != nil {
				if p == http.ErrAbortHandler {
					s.log.Warn("request aborted",
						"id", c.Response().Header().Get(echo.HeaderXRequestID),
						"method", c.Request().Method, "route", c.Path(),
						"bytes", c.Response().Size,
						"duration_us", time.Since(start).Microseconds())
				}
				panic(p)
			}
		}()
		err := next(c)
		if err != nil {
			c.Error(err)
		}
		ctx := c.Request().Context()
		res := c.Response()
		route := c.Path()
		if route == "" {
			route = "(aucune)"
		}
		end := time.Now()
		l := requestLine{at: end, id: res.Header().Get(echo.HeaderXRequestID), method: c.Request().Method, route: route,
			status: res.Status, bytes: res.Size, durationUS: end.Sub(start).Microseconds()}
		if rl, ok := s.log.Handler().(requestLiner); ok && rl.requestLine(ctx, l) {
			return nil
		}
		if !s.log.Enabled(ctx, slog.LevelInfo) {
			return nil
		}
		// The record is made here rather than by Logger.LogAttrs, which
		// walks the stack for a source line the handler does not print; a
		// whole number of microseconds costs less than a float, which
		// slog's JSON writes through encoding/json.
		r := slog.NewRecord(l.at, slog.LevelInfo, "request", 0)
		r.AddAttrs(
			slog.String("id", l.id),
			slog.String("method", l.method),
			slog.String("route", l.route),
			slog.Int("status", l.status),
			slog.Int64("bytes", l.bytes),
			slog.Int64("duration_us", l.durationUS),
		)
		_ = s.log.Handler().Handle(ctx, r)
		return nil
	}
}

// Header values set on every answer, shared: a header's slice is replaced
// (Set, Add), never written into, so one slice serves every answer without
// an allocation or a canonicalization each.
var (
	valueNosniff    = []string{"nosniff"}
	valueNoReferrer = []string{"no-referrer"}
	valueCSP        = []string{"default-src 'none'; frame-ancestors 'none'"}
	valueDeny       = []string{"DENY"}
	valueNoStore    = []string{"no-store"}
	valueHTML       = []string{echo.MIMETextHTMLCharsetUTF8}
)

func securityHeaders(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		h := c.Response().Header()
		h["X-Content-Type-Options"] = valueNosniff
		h["Referrer-Policy"] = valueNoReferrer
		h["Content-Security-Policy"] = valueCSP
		h["X-Frame-Options"] = valueDeny
		// What a POST answers comes from a session (names, birth dates,
		// results), the registre's answers list holders, and a
		// verification page names one: no cache, shared or private, may
		// keep them.
		if r := c.Request(); r.Method == http.MethodPost || strings.HasPrefix(r.URL.Path, "/verifier/") || strings.HasPrefix(r.URL.Path, "/api/v1/registre/") {
			h[echo.HeaderCacheControl] = valueNoStore
		}
		return next(c)
	}
}

func jsonEncode(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

// writeJSON answers v as indented JSON.
func writeJSON(c echo.Context, status int, v any) error {
	c.Response().Header().Set(echo.HeaderContentType, echo.MIMEApplicationJSON)
	c.Response().WriteHeader(status)
	return jsonEncode(c.Response(), v)
}
