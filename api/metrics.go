package api

import (
	"context"
	"log/slog"
	"math"
	"time"

	"github.com/labstack/echo-contrib/echoprometheus"
	"github.com/labstack/echo/v4"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"

	"certidoc/documents"
	"certidoc/registre"
)

// metrics are the service's Prometheus metrics, in a registry of its own.
// Labels take a few fixed values only (route patterns, document kinds,
// formats, reasons): nothing a client sends becomes a label.
type metrics struct {
	reg        *prometheus.Registry
	documents  *prometheus.CounterVec   // by kind and format
	durations  *prometheus.HistogramVec // by format
	rejections *prometheus.CounterVec   // by reason
	routes     map[string]bool          // the route patterns, set once before serving
	http       *httpMetrics
}

func newMetrics() *metrics {
	m := &metrics{
		reg:    prometheus.NewRegistry(),
		routes: map[string]bool{},
		documents: prometheus.NewCounterVec(prometheus.CounterOpts{Namespace: "certidoc", Name: "documents_total",
			Help: "Documents generated, by kind and format."}, []string{"kind", "format"}),
		durations: prometheus.NewHistogramVec(prometheus.HistogramOpts{Namespace: "certidoc", Name: "generation_seconds",
			Help: "Time to generate one document, by format.", Buckets: []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1}}, []string{"format"}),
		rejections: prometheus.NewCounterVec(prometheus.CounterOpts{Namespace: "certidoc", Name: "rejections_total",
			Help: "Requests refused, by reason."}, []string{"reason"}),
	}
	m.reg.MustRegister(m.documents, m.durations, m.rejections,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	m.http = newHTTPMetrics(m.reg)
	return m
}

func (m *metrics) generated(k documents.Kind, format string, d time.Duration) {
	m.documents.WithLabelValues(string(k), format).Inc()
	m.durations.WithLabelValues(format).Observe(d.Seconds())
}

// reasonOf is the rejection reason of a problem's status.
func reasonOf(status int) string {
	switch status {
	case 400:
		return "requete_incorrecte"
	case 401:
		return "jeton"
	case 403:
		return "autre_site"
	case 404:
		return "introuvable"
	case 405:
		return "methode"
	case 408:
		return "trop_lent"
	case 413:
		return "trop_volumineux"
	case 422:
		return "session_invalide"
	case 503:
		return "occupe"
	}
	return "autre"
}

func (m *metrics) handler() echo.HandlerFunc {
	return echoprometheus.NewHandlerWithConfig(echoprometheus.HandlerConfig{Gatherer: m.reg})
}

// methodLabel is the method as a label: one of the methods HTTP defines,
// else "autre".
func methodLabel(method string) string {
	switch method {
	case "GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "CONNECT", "TRACE":
		return method
	}
	return "autre"
}

// routeLabel is the route pattern of the request, if it is one of the
// route table's, else "(aucune)".
func (m *metrics) routeLabel(c echo.Context) string {
	if p := c.Path(); m.routes[p] {
		return p
	}
	return "(aucune)"
}

// watchRegistre adds the gauge of holders not reported to the Caisse des
// Dépôts 60 days after their deliberation, read at each scrape.
func (m *metrics) watchRegistre(r *registre.Registre, log *slog.Logger) {
	m.reg.MustRegister(prometheus.NewGaugeFunc(prometheus.GaugeOpts{Namespace: "certidoc", Name: "registre_titulaires_a_declarer",
		Help: "Holders not yet reported to the Caisse des Dépôts 60 days or more after their deliberation."}, func() float64 {
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer cancel()
		es, err := r.ARetard(ctx)
		if err != nil {
			log.Error("registre gauge", "err", err)
			return math.NaN()
		}
		return float64(len(es))
	}))
}
