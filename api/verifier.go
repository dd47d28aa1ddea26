package api

import (
	"context"
	"errors"
	"html/template"
	"net/http"
	"net/url"
	"strings"
	"sync"

	"github.com/labstack/echo/v4"

	"certidoc/fr"
	"certidoc/referentiel"
	"certidoc/registre"
	"certidoc/verification"
)

var verifierTemplate = template.Must(template.ParseFS(web, "web/verifier.html"))

// verifierPage is what the verification page shows.
type verifierPage struct {
	Sigle, Certificateur string
	Disabled, Genuine    bool
	Unavailable          bool
	Facts                verification.Facts
	Kind, What, Title    string
	Date                 string
	// Revoked is set for a registre code whose document was revoked; the
	// page says when, never why: the reason is the certifier's.
	Revoked       bool
	RevokedOn     string
	Code, Message string
}

// codeLookup is what the verification page reads of the registre: the
// document a short code was given to.
type codeLookup interface {
	Verify(ctx context.Context, code string) (registre.Verification, error)
}

// getVerifier answers, in French, whether a document's code is genuine and
// what it certifies: a short code is looked up in the registre ("authentique",
// "révoqué le …" or unknown); a long code is checked with the keys,
// so that documents signed before the registre keep verifying.
func (s *Server) getVerifier(c echo.Context) error {
	def := s.refs.Defaut().Certification
	p := verifierPage{Sigle: def.Sigle, Certificateur: def.Certificateur}
	status := http.StatusOK
	code, short := registre.NormalizeCode(c.Param("code"))
	switch v := s.cfg.Verifier; {
	case short && s.codes != nil:
		e, err := s.codes.Verify(c.Request().Context(), code)
		if errors.Is(err, registre.ErrNotFound) {
			status = http.StatusNotFound
			break
		}
		if err != nil {
			re, _ := errors.AsType[*registre.Error](err)
			s.log.Error("verifier lookup", "err", err)
			p.Unavailable, status = true, http.StatusServiceUnavailable
			if re != nil {
				p.Message = re.Message
			}
			break
		}
		s.describe(&p, verification.Facts{Kind: e.Nature, Titulaire: e.Titulaire, Code: e.Certifie, Date: e.DateDecision, Numero: e.Numero})
		p.Code = e.CodeAffiche()
		if e.Revoque() {
			p.Genuine, p.Revoked = false, true
			p.RevokedOn = e.DateRevocation().Longue()
			status = http.StatusGone
		}
	case v == nil && s.codes == nil:
		p.Disabled, status = true, http.StatusNotImplemented
	case v == nil:
		status = http.StatusNotFound
	default:
		f, err := v.Keys.Verify(c.Param("code"))
		if errors.Is(err, verification.ErrUnknown) {
			status = http.StatusNotFound
			break
		}
		s.describe(&p, f)
	}
	if status == http.StatusServiceUnavailable {
		c.Response().Header().Set("Retry-After", "5")
	}
	buf := pageBuffers.Get().(*[]byte)
	defer pageBuffers.Put(buf)
	body, err := s.pages.render((*buf)[:0], &p)
	if err != nil {
		return err
	}
	*buf = body
	h := c.Response().Header()
	h["Content-Security-Policy"] = valuePageCSP
	h[echo.HeaderCacheControl] = valueNoStore
	h[echo.HeaderContentType] = valueHTML // HTMLBlob sets it only when unset
	return c.HTMLBlob(status, body)       // copied into the connection's buffer before it returns
}

// pageBuffers hold verification pages while they are written: no 4 KB
// allocation per lookup.
var pageBuffers = sync.Pool{New: func() any { b := make([]byte, 0, 4096); return &b }}

// describe fills the page with what a genuine document certifies.
func (s *Server) describe(p *verifierPage, f verification.Facts) {
	p.Genuine, p.Facts, p.Date = true, f, s.dates.long(f.Date)
	p.Kind, p.What, p.Title = "Parchemin", "Certification", f.Code
	if f.Kind == verification.Attestation {
		p.Kind, p.What = "Attestation de bloc de compétences", "Bloc de compétences"
	}
	if c, ok := s.certifies[f.Code]; ok {
		p.Title, p.Sigle, p.Certificateur = c.title, c.sigle, c.certificateur
	}
}

// longDates are dates written out for the verification page ("24 novembre
// 2022"), by their ISO text: a registre holds a date of decision per
// session, and parsing and writing one out (fmt) on every lookup was a
// large part of getVerifier's time in BenchmarkVerifierLoopback's profile.
type longDates struct {
	mu sync.RWMutex
	m  map[string]string
}

// longDatesKept bounds the dates kept; beyond, a date is written out each
// time it is shown.
const longDatesKept = 4096

// long is fr.DateText(iso).Longue().
func (d *longDates) long(iso string) string {
	d.mu.RLock()
	text, ok := d.m[iso]
	d.mu.RUnlock()
	if ok {
		return text
	}
	text = fr.DateText(iso).Longue()
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.m == nil {
		d.m = map[string]string{}
	}
	if len(d.m) < longDatesKept {
		d.m[strings.Clone(iso)] = text // not the entry the text was cut from
	}
	return text
}

// certified is what the verification page says of a code a document
// certifies: its title, and the certification's sigle and certifier.
type certified struct {
	title, sigle, certificateur string
}

// certifiesOf gives the verification page's words for each code a
// document may certify, a certification's (RNCP36128) or a bloc's
// (RNCP36128BC02), of every référentiel held: made once, not on every
// lookup. A code of a certification the service no longer holds is
// shown as it is, under the default certification's name.
func certifiesOf(refs *referentiel.Ensemble) map[string]certified {
	m := map[string]certified{}
	for _, ref := range refs.All() {
		c := ref.Certification
		m[c.CodeRNCP] = certified{c.Intitule, c.Sigle, c.Certificateur}
		for _, b := range ref.Blocs {
			m[b.Code] = certified{b.Intitule + ", de la certification «\u00a0" + c.Intitule + "\u00a0»", c.Sigle, c.Certificateur}
		}
	}
	return m
}

// limitLookups bounds the code lookups of each client and of all clients
// together (lookupLimiter): a registre of codes must not be read by
// trying codes one after another, from one address or from many.
func (s *Server) limitLookups() echo.MiddlewareFunc {
	def := DefaultConfig()
	r, burst, ceiling := s.cfg.VerifierRate, s.cfg.VerifierBurst, s.cfg.VerifierCeiling
	if r <= 0 || burst < 1 {
		r, burst = def.VerifierRate, def.VerifierBurst
	}
	if !(ceiling > 0) {
		ceiling = def.VerifierCeiling
	}
	l := newLookupLimiter(r, burst, ceiling, s.cfg.TrustedProxies, lookupClients)
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			if !l.allowClient(l.client(c.Request())) {
				c.Response().Header()["Retry-After"] = valueRetryClient
				return fault(errTooMany, "Trop de vérifications depuis cette adresse\u202f; réessayez dans quelques secondes.")
			}
			if !l.allowAll() {
				c.Response().Header()["Retry-After"] = valueRetryAll
				return fault(errBusy, "Le service reçoit trop de vérifications en ce moment, toutes adresses confondues\u202f; réessayez dans quelques secondes.")
			}
			return next(c)
		}
	}
}

// Retry-After of a client over its limit, and of a lookup over the ceiling.
var (
	valueRetryClient = []string{"10"}
	valueRetryAll    = []string{"1"}
)

// getVerifierForm sends the code typed in the form to its page.
func (s *Server) getVerifierForm(c echo.Context) error {
	code := strings.TrimSpace(c.QueryParam("code"))
	if i := strings.LastIndex(code, "/verifier/"); i >= 0 {
		code = code[i+len("/verifier/"):] // the whole address was pasted
	}
	return c.Redirect(http.StatusSeeOther, "/verifier/"+url.PathEscape(code))
}
