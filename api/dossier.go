package api

import (
	"errors"
	"iter"
	"net"
	"net/http"
	"strings"
	"syscall"

	"github.com/labstack/echo/v4"

	"certidoc/documents"
	"certidoc/fr"
	"certidoc/generator"
)

// postDossier answers every document of the session in one ZIP, streamed
// (streamZip).
func (s *Server) postDossier(c echo.Context) error {
	l, err := s.readPackedSession(c)
	if err != nil {
		return err
	}
	formats, err := s.formats(c)
	if err != nil {
		return err
	}
	entries := documents.Dossier(l.ref, l.sess, l.delib, l.rep.Avertissements, s.cfg.Verifier, s.profil())
	return s.streamZip(c, "dossier-"+fr.Slug(l.sess.Session.Identifiant)+".zip", entries, formats)
}

// streamZip answers entries as a ZIP named name, written to the response
// as documents are made (the dossier, the papers before the jury). A client
// that goes away stops the work. Once the ZIP has started, a failure can
// no longer change the status: the connection is aborted (no end of
// chunked body), so that the client sees an error instead of a ZIP ended
// cleanly without its central directory.
func (s *Server) streamZip(c echo.Context, name string, entries iter.Seq[documents.Entry], formats []generator.Format) error {
	h := c.Response().Header()
	h.Set(echo.HeaderContentType, "application/zip")
	h.Set(echo.HeaderContentDisposition, disposition(name))
	c.Response().WriteHeader(http.StatusOK)
	// The write timeout bounds the time without progress, not the whole
	// answer: a dossier of thousands of candidates takes minutes.
	out := newProgressWriter(c.Response(), s.cfg.WriteTimeout)
	err := generator.Zip(c.Request().Context(), out, s.counted(entries, formats), formats, s.renderOptions(), 0, nil)
	if err == nil {
		return nil
	}
	id := c.Response().Header().Get(echo.HeaderXRequestID)
	if gone(c, err) {
		s.log.Info("dossier interrupted: the client went away", "id", id)
	} else {
		s.log.Error("dossier aborted: a document failed", "id", id, "err", err)
	}
	panic(http.ErrAbortHandler) // net/http closes the connection, logs nothing
}

// gone tells whether err comes from the client leaving (a cancelled request
// or a connection error) rather than from the service.
func gone(c echo.Context, err error) bool {
	if c.Request().Context().Err() != nil {
		return true
	}
	_, isNet := errors.AsType[*net.OpError](err)
	return isNet || errors.Is(err, syscall.EPIPE) || errors.Is(err, syscall.ECONNRESET)
}

// formats reads ?format=pdf,docx (the dossier may hold both), else one
// format as format() does.
func (s *Server) formats(c echo.Context) ([]generator.Format, error) {
	q := c.QueryParam("format")
	if !strings.Contains(q, ",") {
		f, err := s.format(c)
		return []generator.Format{f}, err
	}
	asked := map[generator.Format]bool{}
	for _, part := range strings.Split(q, ",") {
		f, err := generator.ParseFormat(part)
		if err != nil {
			return nil, unknownFormat(part)
		}
		asked[f] = true
	}
	// Each format once, in the usual order ("pdf,pdf" is "pdf"): no entry
	// twice in the ZIP, and a metric label from a fixed set.
	var out []generator.Format
	for _, f := range generator.Formats {
		if asked[f] {
			out = append(out, f)
		}
	}
	return out, nil
}

func formatStrings(fs []generator.Format) []string {
	out := make([]string, len(fs))
	for i, f := range fs {
		out[i] = string(f)
	}
	return out
}

// counted counts each document of the dossier by kind and format as it
// goes to the renderers (a dossier cut short may count a few documents
// that were queued but not written).
func (s *Server) counted(entries iter.Seq[documents.Entry], formats []generator.Format) iter.Seq[documents.Entry] {
	return func(yield func(documents.Entry) bool) {
		for e := range entries {
			for _, f := range formats {
				if e.File == nil { // AVERTISSEMENTS.txt is not a document
					s.met.documents.WithLabelValues(string(e.Doc.Kind), string(f)).Inc()
				}
			}
			if !yield(e) {
				return
			}
		}
	}
}
