package registre

import (
	"context"
	"encoding/base64"
	"strconv"
	"strings"
)

// Filter selects entries: by certification, by session, by a part of a
// name (any case, with or without accents), by document number. Empty
// fields select all.
type Filter struct {
	// Certification selects one certification's entries, by its RNCP code.
	Certification string
	Session       string
	Nom           string
	Numero        string
	// Tous includes the entries replaced by a rectification.
	Tous bool
}

// The size of a listing's page.
const (
	LimiteDefaut = 100  // entries of a page when none is asked
	LimiteMax    = 1000 // entries of a page at most
)

// Pagination asks for one page of a listing: Limite entries at most
// (LimiteDefaut when 0), after the cursor Apres that the page before gave
// ("" for the first page).
type Pagination struct {
	Limite int
	Apres  string
}

// Page is one page of a listing, in number order.
type Page struct {
	Entries []Entry
	Total   int    // the entries matching the filter, on every page
	Suivant string // the cursor of the next page; "" on the last one
}

// ListePage returns one page of the entries matching f, by number then
// version, with the total and the next page's cursor. A cursor stays
// valid while entries are added: a page starts after the entry the cursor
// names, whatever was recorded since.
func (r *Registre) ListePage(ctx context.Context, f Filter, p Pagination) (_ Page, err error) {
	ctx, w := r.watch(ctx)
	defer w.end(&err)
	if err := checkFilter(f); err != nil {
		return Page{}, err
	}
	switch {
	case p.Limite == 0:
		p.Limite = LimiteDefaut
	case p.Limite < 0 || p.Limite > LimiteMax:
		return Page{}, newError(ErrInput, nil, "limite de %d documents par page\u00a0: de 1 à %d", p.Limite, LimiteMax)
	}
	where, args := filterSQL(f)
	var page Page
	if err := r.db.QueryRowContext(ctx, `SELECT count(*) FROM documents`+where, args...).Scan(&page.Total); err != nil {
		return Page{}, classify(err)
	}
	es, err := r.page(ctx, f, p)
	if err != nil {
		return Page{}, err
	}
	if len(es) > p.Limite {
		es = es[:p.Limite]
		page.Suivant = cursor(es[len(es)-1])
	}
	page.Entries = es
	return page, nil
}

// Parcourir calls each for every entry matching f, by number then
// version, reading LimiteMax entries at a time: a listing of any size
// holds one page in memory, and no read lasts longer than one page's. It
// stops at the first error each returns, and returns it.
func (r *Registre) Parcourir(ctx context.Context, f Filter, each func(Entry) error) error {
	if err := checkFilter(f); err != nil {
		return err
	}
	p := Pagination{Limite: LimiteMax}
	for {
		es, err := r.page(ctx, f, p)
		if err != nil {
			return err
		}
		for i, e := range es {
			if i == p.Limite {
				break
			}
			if err := each(e); err != nil {
				return err
			}
		}
		if len(es) <= p.Limite {
			return nil
		}
		p.Apres = cursor(es[p.Limite-1])
	}
}

// Liste returns every entry matching f, by number then version.
func (r *Registre) Liste(ctx context.Context, f Filter) ([]Entry, error) {
	var out []Entry
	err := r.Parcourir(ctx, f, func(e Entry) error { out = append(out, e); return nil })
	return out, err
}

// page reads p.Limite+1 entries at most after p.Apres: one more than the
// page tells whether another follows. The delay bounds each page's read,
// not the time the caller takes over the entries between two pages.
func (r *Registre) page(ctx context.Context, f Filter, p Pagination) (_ []Entry, err error) {
	ctx, w := r.watch(ctx)
	defer w.end(&err)
	where, args := filterSQL(f)
	if p.Apres != "" {
		numero, version, ok := uncursor(p.Apres)
		if !ok {
			return nil, newError(ErrInput, nil, "curseur «\u00a0apres\u00a0» illisible\u00a0: reprenez la liste à sa première page")
		}
		args = append(args, numero, version)
		n, v := "$"+itoa(len(args)-1), "$"+itoa(len(args))
		cond := "(numero > " + n + " OR (numero = " + n + " AND version > " + v + "))"
		if where == "" {
			where = " WHERE " + cond
		} else {
			where += " AND " + cond
		}
	}
	return entries(ctx, r.db, `SELECT `+entryColumns+` FROM documents`+where+` ORDER BY numero, version LIMIT `+itoa(p.Limite+1), args...)
}

// filterSQL is the WHERE clause of a filter and its arguments.
func filterSQL(f Filter) (string, []any) {
	var where []string
	var args []any
	add := func(cond string, v any) {
		args = append(args, v)
		where = append(where, strings.ReplaceAll(cond, "?", "$"+itoa(len(args))))
	}
	if !f.Tous {
		where = append(where, "remplace = 0")
	}
	if f.Certification != "" {
		add("certification = ?", strings.ToUpper(strings.TrimSpace(f.Certification)))
	}
	if f.Session != "" {
		add("session = ?", f.Session)
	}
	if f.Nom != "" {
		add(`recherche LIKE ? ESCAPE '\'`, "%"+escapeLike(fold(f.Nom))+"%")
	}
	if f.Numero != "" {
		add("numero = ?", strings.ToUpper(strings.TrimSpace(f.Numero)))
	}
	if len(where) == 0 {
		return "", nil
	}
	return " WHERE " + strings.Join(where, " AND "), args
}

// cursor names the place of an entry in the listing's order, opaque to
// clients.
func cursor(e Entry) string {
	return base64.RawURLEncoding.EncodeToString([]byte(itoa(e.Version) + "." + e.Numero))
}

func uncursor(c string) (numero string, version int, ok bool) {
	b, err := base64.RawURLEncoding.DecodeString(c)
	if err != nil {
		return "", 0, false
	}
	v, n, found := strings.Cut(string(b), ".")
	version, err = strconv.Atoi(v)
	if !found || err != nil || version < 0 || checkParam(paramNumero, n) != nil {
		return "", 0, false
	}
	return n, version, true
}
