package api

import (
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"strings"

	"github.com/labstack/echo/v4"

	"certidoc/generator"
	"certidoc/templates"
)

// Problem is an RFC 9457 problem document; Detail is in French and says what
// to fix.
type Problem struct {
	Type   string `json:"type"`
	Title  string `json:"title"`
	Status int    `json:"status"`
	Detail string `json:"detail,omitempty"`
	// Valeurs lists the valid values when the request named an unknown one.
	Valeurs []string `json:"valeurs,omitempty"`
}

func (p *Problem) Error() string { return fmt.Sprintf("%d %s: %s", p.Status, p.Title, p.Detail) }

// notFound is the problem of an unknown bloc, épreuve or route.
func notFound(detail string, valid []string) *Problem {
	return &Problem{Type: "about:blank", Title: "Introuvable", Status: http.StatusNotFound, Detail: detail, Valeurs: valid}
}

// badRequest is the problem of a request the client must correct.
func badRequest(detail string, valid []string) *Problem {
	return &Problem{Type: "about:blank", Title: "Requête incorrecte", Status: http.StatusBadRequest, Detail: detail, Valeurs: valid}
}

// problemFor maps any error to the problem the client sees. This is the one
// place where errors become statuses; internal errors are never shown.
func problemFor(err error) *Problem {
	if p, ok := errors.AsType[*Problem](err); ok {
		return p
	}
	if sp, ok := errors.AsType[*sessionProblem](err); ok {
		return &sp.Problem
	}
	// A body that stops halfway or arrives too slowly is the client's doing.
	if errors.Is(err, io.ErrUnexpectedEOF) {
		return badRequest("Le corps de la requête est incomplet : l’envoi a été interrompu.", nil)
	}
	if errors.Is(err, os.ErrDeadlineExceeded) {
		return &Problem{Type: "about:blank", Title: "Requête trop lente", Status: http.StatusRequestTimeout, Detail: "La requête a mis trop de temps à arriver."}
	}
	if _, ok := errors.AsType[*http.MaxBytesError](err); ok {
		return &Problem{Type: "about:blank", Title: "Requête trop volumineuse", Status: http.StatusRequestEntityTooLarge, Detail: "Le corps de la requête dépasse la taille autorisée."}
	}
	if nd, ok := errors.AsType[*templates.NonDelivrableError](err); ok {
		return &Problem{Type: "about:blank", Title: "Document impossible pour ce candidat", Status: http.StatusUnprocessableEntity, Detail: nd.Motif}
	}
	if errors.Is(err, generator.ErrFormat) {
		return badRequest("Format inconnu.", formatNames())
	}
	if he, ok := errors.AsType[*echo.HTTPError](err); ok {
		switch he.Code {
		case http.StatusNotFound:
			return notFound("Cette adresse n’existe pas. Les routes sont décrites dans le README.", nil)
		case http.StatusMethodNotAllowed:
			return &Problem{Type: "about:blank", Title: "Méthode non autorisée", Status: he.Code, Detail: "Cette méthode n’est pas acceptée sur cette adresse."}
		case http.StatusRequestEntityTooLarge:
			return &Problem{Type: "about:blank", Title: "Requête trop volumineuse", Status: he.Code, Detail: "Le corps de la requête dépasse la taille autorisée."}
		case http.StatusServiceUnavailable:
			return &Problem{Type: "about:blank", Title: "Service indisponible", Status: he.Code, Detail: "Le service est occupé ou en cours d’arrêt ; réessayez dans un instant."}
		}
		if he.Code >= 400 && he.Code < 500 {
			return &Problem{Type: "about:blank", Title: http.StatusText(he.Code), Status: he.Code, Detail: "La requête n’a pas pu être traitée."}
		}
	}
	return &Problem{Type: "about:blank", Title: "Erreur interne", Status: http.StatusInternalServerError, Detail: "Une erreur interne est survenue ; elle a été consignée dans le journal du service."}
}

// errorHandler writes every error as application/problem+json.
func errorHandler(log *slog.Logger) echo.HTTPErrorHandler {
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
		if metricsOf(c) != nil && p.Status != 500 {
			metricsOf(c).rejections.WithLabelValues(reasonOf(p.Status)).Inc()
		}
		if p.Status >= 500 {
			log.Error("request failed", "route", c.Path(), "method", c.Request().Method, "err", err)
		}
		var body any = p
		if sp, ok := errors.AsType[*sessionProblem](err); ok {
			body = sp // with every problem of the session
		}
		c.Response().Header().Set(echo.HeaderContentType, "application/problem+json; charset=utf-8")
		c.Response().WriteHeader(p.Status)
		if c.Request().Method == http.MethodHead {
			return
		}
		if werr := jsonEncode(c.Response(), body); werr != nil {
			log.Error("write problem", "err", werr)
		}
	}
}

func formatNames() []string { return formatStrings(generator.Formats) }

// unknownFormat is the problem of a ?format= the service does not make.
func unknownFormat(q string) *Problem {
	return badRequest(fmt.Sprintf("Le format « %s » n’est pas disponible. Formats valides : %s.", q, strings.Join(formatNames(), ", ")), formatNames())
}

// metricsOf returns the service's metrics from the request, if any.
func metricsOf(c echo.Context) *metrics {
	m, _ := c.Get(metricsKey).(*metrics)
	return m
}

const metricsKey = "certidoc.metrics"
