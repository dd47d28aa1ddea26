package api

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/labstack/echo/v4"

	"certidoc/classeur"
	"certidoc/documents"
	"certidoc/fr"
	"certidoc/generator"
	"certidoc/referentiel"
	"certidoc/registre"
	"certidoc/session"
)

// Problem is an RFC 9457 problem document; Detail is in French and says what
// to fix. Only problemFor makes one.
type Problem struct {
	Type   string `json:"type"`
	Title  string `json:"title"`
	Status int    `json:"status"`
	Detail string `json:"detail,omitempty"`
	// Valeurs lists the valid values when the request named an unknown one.
	Valeurs []string `json:"valeurs,omitempty"`
	// Problemes lists every problem of a session (path and message) or of
	// the holders' identities; Avertissements the session's warnings.
	Problemes      []session.Probleme `json:"problemes,omitempty"`
	Avertissements []session.Probleme `json:"avertissements,omitempty"`
	// ProblemesTotal counts the session's problems, listed or not: a
	// report lists session.MaxProblemes of them, then a line counting the
	// others.
	ProblemesTotal int `json:"problemes_total,omitempty"`
}

func (p *Problem) Error() string { return fmt.Sprintf("%d %s: %s", p.Status, p.Title, p.Detail) }

// The faults of a request that the handlers find themselves; problemFor
// gives each its status.
var (
	errNotFound      = errors.New("api: not found")             // an unknown bloc, épreuve or candidate
	errBadRequest    = errors.New("api: bad request")           // a missing or unknown parameter
	errCrossSite     = errors.New("api: cross-site request")    // a POST from another site's page
	errToken         = errors.New("api: token required")        // a missing or wrong bearer token
	errBusy          = errors.New("api: busy")                  // no generation slot in time
	errNotConfigured = errors.New("api: not configured")        // a feature the operator has not set up
	errIdentities    = errors.New("api: identities to correct") // holders the CDC would refuse
	errNoRegistre    = errors.New("api: no registre")           // a registre route on a service without one
	errTooMany       = errors.New("api: too many lookups")      // a client trying codes one after another
	errNoPlanning    = errors.New("api: no planning")           // papers before the jury asked of a session without a planning
)

// requestError is a fault of the request, told in French: detail says what
// to fix, valeurs lists the valid values, problemes every field to fix.
type requestError struct {
	kind      error
	detail    string
	valeurs   []string
	problemes []session.Probleme
}

func (e *requestError) Error() string { return e.kind.Error() + ": " + e.detail }
func (e *requestError) Unwrap() error { return e.kind }

// fault is a request error of the given kind.
func fault(kind error, detail string) error { return &requestError{kind: kind, detail: detail} }

// notFound is an unknown bloc, épreuve or candidate, with the valid values.
func notFound(detail string, valid []string) error {
	return &requestError{kind: errNotFound, detail: detail, valeurs: valid}
}

// badRequest is a request the client must correct, with the valid values.
func badRequest(detail string, valid []string) error {
	return &requestError{kind: errBadRequest, detail: detail, valeurs: valid}
}

// statuses gives each request fault its status and title.
var statuses = []struct {
	kind   error
	status int
	title  string
}{
	{errNotFound, http.StatusNotFound, "Introuvable"},
	{errBadRequest, http.StatusBadRequest, "Requête incorrecte"},
	{errCrossSite, http.StatusForbidden, "Requête d’un autre site refusée"},
	{errToken, http.StatusUnauthorized, "Jeton d’accès requis"},
	{errBusy, http.StatusServiceUnavailable, "Service occupé"},
	{errNotConfigured, http.StatusNotImplemented, "Export non configuré"},
	{errIdentities, http.StatusUnprocessableEntity, "Identités à corriger"},
	{errNoRegistre, http.StatusNotImplemented, "Registre désactivé"},
	{errTooMany, http.StatusTooManyRequests, "Trop de vérifications"},
	{errNoPlanning, http.StatusUnprocessableEntity, "Planning manquant"},
}

// registreStatuses gives each kind of registre error its status and
// title; the registre's message, French and free of SQL or addresses,
// is the detail.
var registreStatuses = []struct {
	kind   error
	status int
	title  string
}{
	{registre.ErrUnavailable, http.StatusServiceUnavailable, "Registre indisponible"},
	{registre.ErrCorrupt, http.StatusServiceUnavailable, "Registre indisponible"},
	{registre.ErrUndecided, http.StatusUnprocessableEntity, "Session non délibérée"},
	{registre.ErrConflict, http.StatusConflict, "Session déjà clôturée"},
	{registre.ErrRevoked, http.StatusConflict, "Document révoqué"},
	{registre.ErrNotFound, http.StatusNotFound, "Introuvable"},
	{registre.ErrInput, http.StatusBadRequest, "Requête incorrecte"},
}

// problemFor maps any error to the problem the client sees. This is the one
// place where errors become statuses; internal errors are never shown.
func problemFor(err error) *Problem {
	problem := func(status int, title, detail string) *Problem {
		return &Problem{Type: "about:blank", Title: title, Status: status, Detail: detail}
	}
	if re, ok := errors.AsType[*requestError](err); ok {
		for _, st := range statuses {
			if errors.Is(err, st.kind) {
				p := problem(st.status, st.title, re.detail)
				p.Valeurs, p.Problemes = re.valeurs, re.problemes
				return p
			}
		}
	}
	// The session and its workbook.
	if report, ok := errors.AsType[*session.Report](err); ok {
		p := problem(http.StatusUnprocessableEntity, "Session invalide",
			fmt.Sprintf("La session compte %s à corriger\u202f; aucun document n’est produit. Chaque problème nomme le champ, ou la feuille et la cellule du classeur.", fr.Nombre(report.Total(), "problème", "problèmes")))
		p.Problemes, p.Avertissements, p.ProblemesTotal = report.Problemes, report.Avertissements, report.Total()
		return p
	}
	if me, ok := errors.AsType[*session.MalformedError](err); ok {
		return problem(http.StatusBadRequest, "Requête incorrecte", "Le corps de la requête n’est pas un JSON lisible\u00a0: "+me.Error()+".")
	}
	if ie, ok := errors.AsType[*classeur.ImportError](err); ok {
		if errors.Is(err, classeur.ErrTooLarge) {
			return problem(http.StatusRequestEntityTooLarge, "Classeur trop volumineux", ie.Message)
		}
		return problem(http.StatusUnprocessableEntity, "Classeur illisible", ie.Message)
	}
	// The registre.
	if re, ok := errors.AsType[*registre.Error](err); ok {
		for _, st := range registreStatuses {
			if errors.Is(re.Kind, st.kind) {
				return problem(st.status, st.title, sentence(cmp.Or(re.Message, st.title)))
			}
		}
	}
	// A certification the service does not hold.
	if u, ok := errors.AsType[*referentiel.UnknownError](err); ok {
		p := problem(http.StatusNotFound, "Certification inconnue", "La "+u.Error()+".")
		p.Valeurs = u.Codes
		return p
	}
	// A document the candidate is not entitled to (yet).
	if nd, ok := errors.AsType[*documents.NonDelivrableError](err); ok {
		return problem(http.StatusUnprocessableEntity, "Document impossible pour ce candidat", nd.Motif)
	}
	if errors.Is(err, generator.ErrFormat) {
		p := problem(http.StatusBadRequest, "Requête incorrecte", "Format inconnu.")
		p.Valeurs = formatNames()
		return p
	}
	// A body that stops halfway or arrives too slowly is the client's doing.
	if errors.Is(err, io.ErrUnexpectedEOF) {
		return problem(http.StatusBadRequest, "Requête incorrecte", "Le corps de la requête est incomplet\u00a0: l’envoi a été interrompu.")
	}
	if errors.Is(err, errNoBodyMemory) {
		return problem(http.StatusServiceUnavailable, "Service occupé", "Le service reçoit déjà autant de données qu’il peut en garder\u202f; réessayez dans quelques secondes.")
	}
	if errors.Is(err, os.ErrDeadlineExceeded) {
		return problem(http.StatusRequestTimeout, "Requête trop lente", "La requête a mis trop de temps à arriver.")
	}
	if _, ok := errors.AsType[*http.MaxBytesError](err); ok {
		return problem(http.StatusRequestEntityTooLarge, "Requête trop volumineuse", "Le corps de la requête dépasse la taille autorisée.")
	}
	if he, ok := errors.AsType[*echo.HTTPError](err); ok {
		switch he.Code {
		case http.StatusNotFound:
			return problem(he.Code, "Introuvable", "Cette adresse n’existe pas. Les routes sont décrites dans le README.")
		case http.StatusMethodNotAllowed:
			return problem(he.Code, "Méthode non autorisée", "Cette méthode n’est pas acceptée sur cette adresse.")
		case http.StatusRequestEntityTooLarge:
			return problem(he.Code, "Requête trop volumineuse", "Le corps de la requête dépasse la taille autorisée.")
		case http.StatusServiceUnavailable:
			return problem(he.Code, "Service indisponible", "Le service est occupé ou en cours d’arrêt\u202f; réessayez dans un instant.")
		}
		if he.Code >= 400 && he.Code < 500 {
			return problem(he.Code, http.StatusText(he.Code), "La requête n’a pas pu être traitée.")
		}
	}
	// A deadline ran out (the registre's come as registre errors, above).
	if errors.Is(err, context.DeadlineExceeded) {
		return problem(http.StatusServiceUnavailable, "Service indisponible", "Le service n’a pas pu répondre à temps\u202f; réessayez dans un instant.")
	}
	return problem(http.StatusInternalServerError, "Erreur interne", "Une erreur interne est survenue\u202f; elle a été consignée dans le journal du service.")
}

// errorHandler writes every error as application/problem+json.
func errorHandler(log *slog.Logger, met *metrics) echo.HTTPErrorHandler {
	return func(err error, c echo.Context) {
		if c.Response().Committed {
			// Most often the client went away; a connection error names
			// the client's address, which stays out of the log.
			if _, isNet := errors.AsType[*net.OpError](err); isNet {
				log.Info("answer cut short: the connection failed", "route", c.Path())
			} else {
				log.Error("error after response started", "route", c.Path(), "err", err)
			}
			return
		}
		p := problemFor(err)
		if p.Status != 500 {
			met.rejections.WithLabelValues(reasonOf(p.Status)).Inc()
		}
		if p.Status == http.StatusServiceUnavailable && c.Response().Header().Get("Retry-After") == "" {
			c.Response().Header().Set("Retry-After", "5")
		}
		_, fromRegistre := errors.AsType[*registre.Error](err)
		switch {
		case fromRegistre && p.Status == http.StatusServiceUnavailable:
			// A full disk, a damaged file, PostgreSQL gone: the operator must act.
			log.Error("registre unavailable", "route", c.Path(), "method", c.Request().Method, "err", err)
		case p.Status == http.StatusServiceUnavailable || p.Status == http.StatusNotImplemented:
			// Busy, shutting down or not configured: the service works as set.
			log.Info("request refused", "route", c.Path(), "status", p.Status)
		case p.Status >= 500:
			log.Error("request failed", "route", c.Path(), "method", c.Request().Method, "err", err)
		}
		c.Response().Header().Set(echo.HeaderContentType, "application/problem+json; charset=utf-8")
		c.Response().WriteHeader(p.Status)
		if c.Request().Method == http.MethodHead {
			return
		}
		if werr := jsonEncode(c.Response(), p); werr != nil {
			log.Error("write problem", "err", werr)
		}
	}
}

func formatNames() []string { return formatStrings(generator.Formats) }

// unknownFormat is the problem of a ?format= the service does not make.
func unknownFormat(q string) error {
	return badRequest(fmt.Sprintf("Le format «\u00a0%s\u00a0» n’est pas disponible. Formats valides\u00a0: %s.", fr.Extrait(q), strings.Join(formatNames(), ", ")), formatNames())
}

// sentence makes a message a sentence: its first letter upper case (an
// accented one too), a full stop at the end.
func sentence(m string) string {
	r, n := utf8.DecodeRuneInString(m)
	return string(unicode.ToUpper(r)) + m[n:] + "."
}
