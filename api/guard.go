package api

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"
)

var reRequestID = regexp.MustCompile(`^[A-Za-z0-9._-]{1,64}$`)

// requestID gives every answer an X-Request-Id: the caller's when it is a
// short plain token (a load balancer's), a new one otherwise.
func requestID(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		r := c.Request()
		id := r.Header.Get(echo.HeaderXRequestID)
		if !reRequestID.MatchString(id) {
			var b [12]byte
			_, _ = rand.Read(b[:])
			id = hex.EncodeToString(b[:])
		}
		// The request's header and the answer's get a slice each, cut from
		// one allocation (X-Request-Id is canonical already).
		ids := &[2]string{id, id}
		r.Header[echo.HeaderXRequestID] = ids[0:1:1]
		c.Response().Header()[echo.HeaderXRequestID] = ids[1:2:2]
		return next(c)
	}
}

// sameOrigin refuses the POSTs a browser sends from another site (CSRF):
// a browser names the page's origin in Origin and Sec-Fetch-Site. Clients
// that are not browsers (curl, other services) send neither.
func sameOrigin(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		r := c.Request()
		if r.Method == http.MethodGet || r.Method == http.MethodHead || r.Method == http.MethodOptions {
			return next(c)
		}
		cross := r.Header.Get("Sec-Fetch-Site") == "cross-site"
		if o := r.Header.Get("Origin"); o != "" {
			u, err := url.Parse(o)
			cross = cross || o == "null" || err != nil || u.Host != r.Host
		}
		if cross {
			return fault(errCrossSite, "Cette requête vient d’une page d’un autre site\u00a0: certidoc n’accepte que les envois de sa propre page.")
		}
		return next(c)
	}
}

// limitGenerations lets at most cap(s.gen) document generations run at
// once, once the request's body is read (readFirst) within the memory
// kept for bodies (budgetBodies); a request that waits longer than the queue timeout,
// for memory or for a slot, gets 503 with Retry-After instead of queueing
// forever.
func (s *Server) limitGenerations(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		if c.Request().Method == http.MethodPost {
			if err := readFirst(c); errors.Is(err, errNoBodyMemory) {
				return s.busy(c)
			} else if err != nil {
				return err
			}
		}
		ctx, cancel := context.WithTimeout(c.Request().Context(), s.cfg.QueueTimeout)
		defer cancel()
		select {
		case s.gen <- struct{}{}:
		case <-ctx.Done():
			return s.busy(c)
		}
		defer func() { <-s.gen }()
		return next(c)
	}
}

// bodyMemory is the memory kept for request bodies: at least one body at
// its limit.
func bodyMemory(cfg Config) int64 { return max(cfg.BodyMemory, cfg.BodyLimit, cfg.UploadLimit) }

// busy answers 503: the service has no room for the request now.
func (s *Server) busy(c echo.Context) error {
	c.Response().Header().Set("Retry-After", strconv.Itoa(max(1, int(s.cfg.QueueTimeout/time.Second))))
	return fault(errBusy, "Le service produit déjà autant de documents qu’il le peut\u00a0: réessayez dans quelques secondes.")
}

// bodyLimit is the largest body r may send: BodyLimit for a JSON body,
// UploadLimit for a workbook or a multipart upload.
func (s *Server) bodyLimit(r *http.Request) int64 {
	ct := strings.ToLower(strings.TrimSpace(r.Header.Get(echo.HeaderContentType)))
	if strings.HasPrefix(ct, echo.MIMEMultipartForm) || strings.HasPrefix(ct, mimeXLSX) || strings.HasPrefix(ct, "application/octet-stream") {
		return max(s.cfg.BodyLimit, s.cfg.UploadLimit)
	}
	return s.cfg.BodyLimit
}

// budgetBodies makes every request body take its share of the memory
// kept for bodies (Config.BodyMemory) as its bytes are read, whichever
// route reads it, and gives the share back when the request ends.
func (s *Server) budgetBodies(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		r := c.Request()
		if r.Body == nil || r.Body == http.NoBody {
			return next(c)
		}
		b := &budgeted{r: r.Body, sem: s.body, size: bodyMemory(s.cfg), ctx: r.Context(), wait: s.cfg.QueueTimeout}
		r.Body = b
		defer b.release()
		return next(c)
	}
}

// smallBodyLimit is the largest body of a route that takes a few fields
// (a revocation's reason: 500 characters at most), JSON or a form.
const smallBodyLimit = 64 << 10

// smallBody bounds the body of such a route by smallBodyLimit: beyond, 413
// before the body is read whole.
func smallBody(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		r := c.Request()
		if r.ContentLength > smallBodyLimit {
			return echo.ErrStatusRequestEntityTooLarge
		}
		if r.Body != nil && r.Body != http.NoBody {
			r.Body = http.MaxBytesReader(c.Response(), r.Body, smallBodyLimit)
		}
		return next(c)
	}
}

// limitBody bounds what a request may send: BodyLimit for a JSON body,
// UploadLimit for a workbook or a multipart upload. Beyond, 413.
func (s *Server) limitBody(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		r := c.Request()
		if r.Body == http.NoBody { // net/http's body of a request without one (a GET)
			return next(c)
		}
		limit := s.bodyLimit(r)
		if r.ContentLength > limit {
			return echo.ErrStatusRequestEntityTooLarge
		}
		r.Body = http.MaxBytesReader(c.Response(), r.Body, limit)
		return next(c)
	}
}
