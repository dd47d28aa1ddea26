package api

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"certidoc/certificateur"
	"certidoc/fr"
	"certidoc/generator"
	"certidoc/reedition"
	"certidoc/referentiel"
	"certidoc/registre"
	"certidoc/session"
)

// The registre's routes: close a session, list and search what was issued,
// revoke, reissue. Every one needs the token when one is set.

// registreFor returns role, what a route uses of the registre, or the
// fault of a service without a registre (role nil).
func registreFor[T comparable](role T) (T, error) {
	var none T
	if role == none {
		return none, fault(errNoRegistre, "Ce service n’a pas de registre\u00a0: lancez-le sans --sans-registre, avec --donnees ou --base.")
	}
	return role, nil
}

func requestOf(c echo.Context, motif string) registre.Request {
	return registre.Request{ID: c.Response().Header().Get(echo.HeaderXRequestID), Motif: motif}
}

// entryView is an entry as the API shows it: with its printed code and
// verification address.
type entryView struct {
	registre.Entry
	CodeAffiche string `json:"code_affiche"`
	URL         string `json:"url_verification"`
}

func (s *Server) view(es []registre.Entry) []entryView {
	out := make([]entryView, len(es))
	for i, e := range es {
		out[i] = entryView{Entry: e, CodeAffiche: e.CodeAffiche(), URL: s.cfg.URLPublique + "/verifier/" + e.CodeAffiche()}
	}
	return out
}

// closer is what closing a session uses of the registre: recording it,
// and reading the closing on record to say what closing again would do.
type closer interface {
	Cloturer(ctx context.Context, ref *referentiel.Referentiel, s *session.Session, req registre.Request) (*registre.Closing, error)
	CloturerProfil(ctx context.Context, ref *referentiel.Referentiel, s *session.Session, p *registre.Profil, req registre.Request) (*registre.Closing, error)
	Session(ctx context.Context, id string) (*registre.Closing, error)
}

// postRegistreSession closes the session of the body (JSON or workbook):
// 201 with its entries when recorded now, 200 when the same content was
// already on record. ?rectification=motif records other content as a new
// version.
func (s *Server) postRegistreSession(c echo.Context) error {
	r, err := registreFor(s.closing)
	if err != nil {
		return err
	}
	l, err := s.readSession(c)
	if err != nil {
		return err
	}
	if c.QueryParam("apercu") == "1" {
		return s.previewClosing(c, r, l)
	}
	snap, err := registreProfil(s.profil())
	if err != nil {
		return err
	}
	cl, err := r.CloturerProfil(c.Request().Context(), l.ref, l.sess, snap, requestOf(c, c.QueryParam("rectification")))
	if err != nil {
		return err
	}
	s.late.touch()
	status := http.StatusOK
	if cl.Nouvelle {
		status = http.StatusCreated
	}
	return writeJSON(c, status, map[string]any{"session": cl, "documents": s.view(cl.Documents)})
}

// previewClosing answers what closing the session would record, without
// recording anything: the entries (without codes) and whether the session
// is already closed, with the same content or not.
func (s *Server) previewClosing(c echo.Context, r closer, l *loaded) error {
	if l.delib.Preparatoire {
		_, err := r.Cloturer(c.Request().Context(), l.ref, l.sess, requestOf(c, "")) // refused: says which candidates wait
		return err
	}
	etat := "nouvelle"
	prev, err := r.Session(c.Request().Context(), l.sess.Session.Identifiant)
	switch {
	case errors.Is(err, registre.ErrNotFound):
	case err != nil:
		return err
	default:
		etat = "rectification"
		if same, err := registre.SameContent(prev, l.sess); err != nil {
			return err
		} else if same {
			etat = "identique"
		}
	}
	return writeJSON(c, http.StatusOK, map[string]any{"session": l.sess.Session.Identifiant, "etat": etat,
		"documents": registre.Entries(l.ref, l.sess, l.delib)})
}

// lister is what the listings read of the registre: the closed sessions,
// the entries a page at a time or all in a row, the late holders.
type lister interface {
	Sessions(ctx context.Context) ([]registre.Closing, error)
	ListePage(ctx context.Context, f registre.Filter, p registre.Pagination) (registre.Page, error)
	Parcourir(ctx context.Context, f registre.Filter, each func(registre.Entry) error) error
	lateCounter
}

// getRegistreSessions lists the closed sessions; ?certification= those
// of one certification.
func (s *Server) getRegistreSessions(c echo.Context) error {
	r, err := registreFor(s.listing)
	if err != nil {
		return err
	}
	all, err := r.Sessions(c.Request().Context())
	if err != nil {
		return err
	}
	ss := []registre.Closing{}
	for _, cl := range all {
		if code := c.QueryParam("certification"); code == "" || strings.EqualFold(strings.TrimSpace(code), cl.ReferentielCode) {
			ss = append(ss, cl)
		}
	}
	return writeJSON(c, http.StatusOK, map[string]any{"sessions": ss})
}

// reissuer is what papers made again from the registre use of it: a
// closed session's dossier, a duplicata.
type reissuer interface {
	reedition.Closings
	reedition.Duplicatas
}

// getRegistreDossier streams the dossier of a closed session, made from its
// snapshot with the registre's short codes.
func (s *Server) getRegistreDossier(c echo.Context) error {
	r, err := registreFor(s.reissue)
	if err != nil {
		return err
	}
	formats, err := s.formats(c)
	if err != nil {
		return err
	}
	cl, entries, _, profil, err := reedition.Dossier(c.Request().Context(), r, s.refs, generator.Font(), c.Param("id"), s.cfg.URLPublique)
	if err != nil {
		return err
	}
	opt, err := s.reeditionOptions(profil)
	if err != nil {
		return err
	}
	h := c.Response().Header()
	h.Set(echo.HeaderContentType, "application/zip")
	h.Set(echo.HeaderContentDisposition, disposition("dossier-"+fr.Slug(cl.Session)+".zip"))
	c.Response().WriteHeader(http.StatusOK)
	count := func(int) { s.met.documents.WithLabelValues("dossier", strings.Join(formatStrings(formats), ",")).Inc() }
	return generator.Zip(c.Request().Context(), c.Response(), entries, formats, opt, 0, count)
}

// getRegistreDocuments lists the entries: ?certification=, ?session=,
// ?nom=, ?numero=, ?tous=1; one page at a time (?limite=, ?apres= the cursor the page
// before gave) with the total and the next page's cursor; ?format=csv
// streams every entry.
func (s *Server) getRegistreDocuments(c echo.Context) error {
	r, err := registreFor(s.listing)
	if err != nil {
		return err
	}
	q := c.QueryParams()
	f := registre.Filter{Certification: q.Get("certification"), Session: q.Get("session"), Nom: q.Get("nom"), Numero: q.Get("numero"), Tous: q.Get("tous") == "1"}
	switch q.Get("format") {
	case "", "json":
	case "csv":
		return s.streamCSV(c, r, f)
	default:
		return badRequest("Format «\u00a0"+fr.Extrait(q.Get("format"))+"\u00a0» inconnu\u00a0: json ou csv.", []string{"json", "csv"})
	}
	p := registre.Pagination{Apres: q.Get("apres"), Limite: registre.LimiteDefaut}
	if v, ok := q["limite"]; ok {
		n, err := strconv.Atoi(v[0])
		if err != nil || n < 1 || n > registre.LimiteMax {
			return badRequest(fmt.Sprintf("Paramètre «\u00a0limite\u00a0» «\u00a0%s\u00a0»\u00a0: attendu un nombre de documents par page, de 1 à %d.", fr.Extrait(v[0]), registre.LimiteMax), nil)
		}
		p.Limite = n
	}
	page, err := r.ListePage(c.Request().Context(), f, p)
	if err != nil {
		return err
	}
	out := map[string]any{"documents": s.view(page.Entries), "total": page.Total, "limite": p.Limite}
	if page.Suivant != "" {
		out["suivant"] = page.Suivant
	}
	return writeJSON(c, http.StatusOK, out)
}

// streamCSV writes every entry matching f as CSV, read from the registre a
// page at a time. An error before the first row is the request's answer;
// after, the answer is cut short (the client sees no final chunk).
func (s *Server) streamCSV(c echo.Context, r lister, f registre.Filter) error {
	var out *reedition.CSV
	start := func() {
		h := c.Response().Header()
		h.Set(echo.HeaderContentType, "text/csv; charset=utf-8")
		h.Set(echo.HeaderContentDisposition, disposition("registre.csv"))
		c.Response().WriteHeader(http.StatusOK)
		out = reedition.NewCSV(c.Response())
	}
	err := r.Parcourir(c.Request().Context(), f, func(e registre.Entry) error {
		if out == nil {
			start()
		}
		return out.Write(e)
	})
	if err != nil {
		return err
	}
	if out == nil {
		start()
	}
	return out.Flush()
}

// getRegistreARetard lists the holders not reported to the Caisse des
// Dépôts 60 days after their deliberation; ?certification= those of one
// certification.
func (s *Server) getRegistreARetard(c echo.Context) error {
	r, err := registreFor(s.listing)
	if err != nil {
		return err
	}
	all, err := r.ARetard(c.Request().Context())
	if err != nil {
		return err
	}
	es := []registre.Entry{}
	for _, e := range all {
		if code := c.QueryParam("certification"); code == "" || strings.EqualFold(strings.TrimSpace(code), e.Certification) {
			es = append(es, e)
		}
	}
	return writeJSON(c, http.StatusOK, map[string]any{"documents": s.view(es), "delai_jours": int(registre.DelaiSignalement.Hours() / 24)})
}

// revoker is what a revocation uses of the registre.
type revoker interface {
	Revoquer(ctx context.Context, numero string, req registre.Request) (registre.Entry, error)
}

// postRevocation revokes a document: {"motif": "…"} or the form field motif.
func (s *Server) postRevocation(c echo.Context) error {
	r, err := registreFor(s.revoking)
	if err != nil {
		return err
	}
	motif, err := readMotif(c.Request())
	if err != nil {
		return err
	}
	e, err := r.Revoquer(c.Request().Context(), c.Param("numero"), requestOf(c, motif))
	if err != nil {
		return err
	}
	s.late.touch()
	return writeJSON(c, http.StatusOK, map[string]any{"document": s.view([]registre.Entry{e})[0]})
}

// readMotif reads the reason of a revocation: the JSON {"motif": "…"}, or
// the field motif of a form (or of the query). A body over its limit, or
// without memory left to read it, keeps its own error.
func readMotif(req *http.Request) (string, error) {
	ct := strings.ToLower(strings.TrimSpace(req.Header.Get(echo.HeaderContentType)))
	if strings.HasPrefix(ct, echo.MIMEApplicationJSON) {
		var body struct {
			Motif string `json:"motif"`
		}
		if err := json.NewDecoder(req.Body).Decode(&body); err != nil {
			if limitError(err) {
				return "", err
			}
			return "", badRequest("Le corps doit être un JSON {\"motif\": \"…\"}.", nil)
		}
		return body.Motif, nil
	}
	var err error
	if strings.HasPrefix(ct, echo.MIMEMultipartForm) {
		err = req.ParseMultipartForm(smallBodyLimit)
	} else {
		err = req.ParseForm()
	}
	if err != nil {
		if limitError(err) {
			return "", err
		}
		return "", badRequest("Le corps doit être un JSON {\"motif\": \"…\"}, ou un formulaire dont le champ «\u00a0motif\u00a0» donne le motif.", nil)
	}
	return req.FormValue("motif"), nil
}

// getDuplicata answers a duplicata of a document, made again from the
// registre, with the same number and code; ?format=pdf|docx.
func (s *Server) getDuplicata(c echo.Context) error {
	r, err := registreFor(s.reissue)
	if err != nil {
		return err
	}
	f, err := s.format(c)
	if err != nil {
		return err
	}
	doc, _, profil, err := reedition.Duplicata(c.Request().Context(), r, s.refs, c.Param("numero"), s.cfg.URLPublique, requestOf(c, ""))
	if err != nil {
		return err
	}
	opt, err := s.reeditionOptions(profil)
	if err != nil {
		return err
	}
	return s.documentWith(c, doc, f, opt)
}

// registreProfil is the profile as the registre keeps it with a closing.
func registreProfil(p *certificateur.Profil) (*registre.Profil, error) {
	contenu, images, err := p.Snapshot()
	if err != nil {
		return nil, err
	}
	return &registre.Profil{Contenu: contenu, Images: images}, nil
}
