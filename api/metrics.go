package api

import (
	"context"
	"errors"
	"log/slog"
	"math"
	"sync/atomic"
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

// lateRefresh is how often the late-holders gauge is counted again when
// the service itself changed nothing (another service, or the CLI, may
// write the same registre).
const lateRefresh = time.Minute

// lateHolders is the gauge of holders not reported to the Caisse des
// Dépôts 60 days after their deliberation. A scrape reads the last count;
// the registre is counted by run, when this service changed it and every
// lateRefresh, never by a scrape: counting walks every late holder (its
// cost: bench/RESULTS.md, issue 27, fault 8), and /metrics is open.
type lateHolders struct {
	reg     lateCounter
	log     *slog.Logger
	count   atomic.Uint64 // math.Float64bits of the last count, NaN before the first
	changed chan struct{} // one pending "count again"
}

// lateCounter is what the gauge of late holders reads of the registre.
type lateCounter interface {
	ARetard(ctx context.Context) ([]registre.Entry, error)
}

// watchRegistre adds the gauge of late holders, counted by the returned
// lateHolders' run.
func (m *metrics) watchRegistre(r lateCounter, log *slog.Logger) *lateHolders {
	l := &lateHolders{reg: r, log: log, changed: make(chan struct{}, 1)}
	l.count.Store(math.Float64bits(math.NaN()))
	m.reg.MustRegister(prometheus.NewGaugeFunc(prometheus.GaugeOpts{Namespace: "certidoc", Name: "registre_titulaires_a_declarer",
		Help: "Holders not yet reported to the Caisse des Dépôts 60 days or more after their deliberation (counted when the service changes the registre, and every minute)."},
		func() float64 { return math.Float64frombits(l.count.Load()) }))
	return l
}

// touch asks for a new count: the registre changed. It never waits.
func (l *lateHolders) touch() {
	if l == nil {
		return
	}
	select {
	case l.changed <- struct{}{}:
	default: // a count is pending already
	}
}

// run counts the late holders whenever touched and every lateRefresh,
// until ctx is done.
func (l *lateHolders) run(ctx context.Context) {
	t := time.NewTicker(lateRefresh)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		case <-l.changed:
		}
		l.refresh(ctx)
	}
}

// refresh counts the late holders; a registre that does not answer leaves
// the last count and logs why.
func (l *lateHolders) refresh(ctx context.Context) {
	ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	es, err := l.reg.ARetard(ctx)
	if err != nil {
		if ctx.Err() == nil || errors.Is(ctx.Err(), context.DeadlineExceeded) {
			l.log.Error("registre gauge", "err", err)
		}
		return
	}
	l.count.Store(math.Float64bits(float64(len(es))))
}
