package api

import (
	"errors"
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/prometheus/client_golang/prometheus"
)

// httpMetrics count requests by status, method and route pattern: the
// families and labels echo-contrib's echoprometheus gave (requests, their
// durations, request and response sizes), with each combination's
// counters looked up once instead of hashing the four labels of four
// families on every request (a twentieth of a verification's time).
type httpMetrics struct {
	requests                    *prometheus.CounterVec
	durations, reqSize, resSize *prometheus.HistogramVec
	children                    sync.Map // httpKey → *httpChildren
}

type httpKey struct {
	code          int
	method, route string
}

type httpChildren struct {
	requests                    prometheus.Counter
	durations, reqSize, resSize prometheus.Observer
}

// sizeBuckets are echoprometheus's: 1 KB to 10 MB.
var sizeBuckets = []float64{1 << 10, 2 << 10, 5 << 10, 10 << 10, 100 << 10, 500 << 10, 1 << 20, 2.5 * (1 << 20), 5 << 20, 10 << 20}

func newHTTPMetrics(reg prometheus.Registerer) *httpMetrics {
	labels := []string{"code", "method", "host", "url"}
	h := &httpMetrics{
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{Namespace: "certidoc", Subsystem: "http", Name: "requests_total",
			Help: "How many HTTP requests processed, partitioned by status code and HTTP method."}, labels),
		durations: prometheus.NewHistogramVec(prometheus.HistogramOpts{Namespace: "certidoc", Subsystem: "http", Name: "request_duration_seconds",
			Help: "The HTTP request latencies in seconds.", Buckets: prometheus.DefBuckets}, labels),
		reqSize: prometheus.NewHistogramVec(prometheus.HistogramOpts{Namespace: "certidoc", Subsystem: "http", Name: "request_size_bytes",
			Help: "The HTTP request sizes in bytes.", Buckets: sizeBuckets}, labels),
		resSize: prometheus.NewHistogramVec(prometheus.HistogramOpts{Namespace: "certidoc", Subsystem: "http", Name: "response_size_bytes",
			Help: "The HTTP response sizes in bytes.", Buckets: sizeBuckets}, labels),
	}
	reg.MustRegister(h.requests, h.durations, h.reqSize, h.resSize)
	return h
}

// of returns the counters of one combination of labels. The host label
// is "-": the Host header is the client's to choose.
func (h *httpMetrics) of(k httpKey) *httpChildren {
	if c, ok := h.children.Load(k); ok {
		return c.(*httpChildren)
	}
	values := []string{strconv.Itoa(k.code), k.method, "-", k.route}
	c, _ := h.children.LoadOrStore(k, &httpChildren{
		requests:  h.requests.WithLabelValues(values...),
		durations: h.durations.WithLabelValues(values...),
		reqSize:   h.reqSize.WithLabelValues(values...),
		resSize:   h.resSize.WithLabelValues(values...),
	})
	return c.(*httpChildren)
}

// middleware counts every request but those of /metrics. Method and route
// come from fixed sets: an unknown method or a path no route matches is
// counted as "autre" / "(aucune)", so that no client makes new series.
func (m *metrics) middleware() echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			if c.Path() == "/metrics" {
				return next(c)
			}
			r := c.Request()
			size := requestSize(r)
			start := time.Now()
			err := next(c)
			elapsed := time.Since(start).Seconds()
			ch := m.http.of(httpKey{code: statusOf(c, err), method: methodLabel(r.Method), route: m.routeLabel(c)})
			ch.durations.Observe(elapsed)
			ch.requests.Inc()
			ch.reqSize.Observe(float64(size))
			ch.resSize.Observe(float64(c.Response().Size))
			return err
		}
	}
}

// statusOf is the status answered, or the one err will be answered with
// (echoprometheus's rule).
func statusOf(c echo.Context, err error) int {
	status := c.Response().Status
	if err != nil {
		if he, ok := errors.AsType[*echo.HTTPError](err); ok {
			status = he.Code
		}
		if status == 0 || status == http.StatusOK {
			status = http.StatusInternalServerError
		}
	}
	return status
}

// requestSize approximates the request's size as echoprometheus did.
func requestSize(r *http.Request) int {
	s := len(r.Method) + len(r.Proto) + len(r.Host)
	if r.URL != nil {
		s += len(r.URL.Path)
	}
	for name, values := range r.Header {
		s += len(name)
		for _, v := range values {
			s += len(v)
		}
	}
	if r.ContentLength != -1 {
		s += int(r.ContentLength)
	}
	return s
}
