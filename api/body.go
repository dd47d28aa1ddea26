package api

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"os"
	"strings"
	"time"

	"github.com/labstack/echo/v4"
	"golang.org/x/sync/semaphore"
)

// maxParts bounds the parts of a multipart upload: the page sends one.
const maxParts = 20

// bodyKey holds the session file read before the generation slot.
const bodyKey = "certidoc.body"

// readBody returns the session file of a request: the body itself (JSON
// or a workbook), or the file of the multipart field "fichier". A request
// whose body was read already (before its generation slot) gets it, and
// the request lets go of it: a dossier streams for minutes, and the bytes
// of a large session (megabytes) would otherwise stay in memory beside the
// session parsed from them.
// Every malformed upload is the client's to correct (400), never a 500.
func readBody(c echo.Context) ([]byte, error) {
	if data, ok := c.Get(bodyKey).([]byte); ok {
		c.Set(bodyKey, nil)
		return data, nil
	}
	req := c.Request()
	ct := req.Header.Get(echo.HeaderContentType)
	if !strings.HasPrefix(strings.ToLower(strings.TrimSpace(ct)), echo.MIMEMultipartForm) {
		return readAll(req.Body, req.ContentLength)
	}
	_, params, err := mime.ParseMediaType(ct)
	if err != nil || params["boundary"] == "" {
		return nil, malformedUpload("l’en-tête Content-Type n’indique pas de délimiteur (boundary) valide")
	}
	mr := multipart.NewReader(req.Body, params["boundary"])
	for n := 0; ; n++ {
		if n >= maxParts {
			return nil, malformedUpload(fmt.Sprintf("plus de %d parties", maxParts))
		}
		part, err := mr.NextPart()
		if errors.Is(err, io.EOF) {
			return nil, badRequest("Le formulaire doit contenir le fichier de la session dans le champ «\u00a0fichier\u00a0» (JSON ou classeur .xlsx).", nil)
		}
		if err != nil {
			return nil, uploadError(err)
		}
		if part.FormName() != "fichier" {
			if _, err := io.Copy(io.Discard, part); err != nil {
				return nil, uploadError(err)
			}
			continue
		}
		data, err := io.ReadAll(part)
		if err != nil {
			return nil, uploadError(err)
		}
		return data, nil
	}
}

// readAll reads a body whose length is announced into a buffer of that
// size (limitBody refused it already when over the limit), instead of the
// doublings of io.ReadAll, whose discarded copies of a large body add up to
// more than the body itself and stayed in the service's memory.
func readAll(r io.Reader, length int64) ([]byte, error) {
	if length <= 0 || length > 1<<30 {
		return io.ReadAll(r)
	}
	buf := bytes.NewBuffer(make([]byte, 0, length+bytes.MinRead))
	_, err := buf.ReadFrom(r)
	return buf.Bytes(), err
}

// errNoBodyMemory: the memory kept for request bodies stayed full for
// longer than the queue timeout (503).
var errNoBodyMemory = errors.New("api: no memory left for request bodies")

// budgeted reads a request body within the memory kept for all bodies
// (Config.BodyMemory): it takes its share as bytes arrive, so that a slow
// upload holds what it sent, not what it announced, and gives it all back
// once the request ends.
type budgeted struct {
	r    io.ReadCloser
	sem  *semaphore.Weighted
	ctx  context.Context
	wait time.Duration // at most, for room
	size int64         // the whole budget: no Read asks for more
	held int64
}

// budgetChunk is the most a Read takes from the budget at once.
const budgetChunk int64 = 32 << 10

func (b *budgeted) Read(p []byte) (int, error) {
	want := min(int64(len(p)), budgetChunk, b.size-b.held)
	if want <= 0 && len(p) > 0 {
		// This body holds the whole budget already: what is left can only
		// be its end (no limit is above the budget), read without a share.
		return b.r.Read(p[:1])
	}
	p = p[:want]
	if !b.sem.TryAcquire(want) {
		ctx, cancel := context.WithTimeout(b.ctx, b.wait)
		err := b.sem.Acquire(ctx, want)
		cancel()
		if err != nil {
			return 0, errNoBodyMemory
		}
	}
	n, err := b.r.Read(p)
	b.sem.Release(want - int64(n))
	b.held += int64(n)
	return n, err
}

func (b *budgeted) Close() error { return b.r.Close() }

// release gives back what the body took.
func (b *budgeted) release() {
	b.sem.Release(b.held)
	b.held = 0
}

// uploadError keeps the errors the one mapping knows (too large, too slow,
// cut short, no memory left) and turns any other multipart error into a 400.
func uploadError(err error) error {
	if limitError(err) {
		return err
	}
	if errors.Is(err, io.ErrUnexpectedEOF) {
		return malformedUpload("l’envoi s’arrête au milieu d’une partie")
	}
	return malformedUpload("le corps ne suit pas le format multipart/form-data")
}

// limitError tells whether err is a body's limit speaking: too large,
// too slow, or no memory left for it; the one mapping gives each its status.
func limitError(err error) bool {
	_, tooLarge := errors.AsType[*http.MaxBytesError](err)
	return tooLarge || errors.Is(err, os.ErrDeadlineExceeded) || errors.Is(err, errNoBodyMemory)
}

// malformedUpload is the problem of an upload that is not a readable form.
func malformedUpload(why string) error {
	return badRequest("Envoi de fichier illisible\u00a0: "+why+". Envoyez la session dans le champ «\u00a0fichier\u00a0» d’un formulaire multipart/form-data, ou directement comme corps de la requête.", nil)
}

// readFirst reads the body of a POST (up to its limit, within the read
// timeout) before the request takes a generation slot, so that a slow
// upload never holds one.
func readFirst(c echo.Context) error {
	if c.Request().Method != http.MethodPost {
		return nil
	}
	data, err := readBody(c)
	if err != nil {
		return fmt.Errorf("read session: %w", err)
	}
	c.Set(bodyKey, data)
	return nil
}
