package session

import (
	"fmt"
	"reflect"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Lengths of text fields, in characters. Identity fields take what the
// état civil gives (a birth name of 66 characters exists): the documents
// print them whole. The Caisse des Dépôts' accrochage schema takes less
// (nomNaissance, prenomN, libelleCommuneNaissance: 60; idTechnique, made
// of the session's identifier and the candidate's number: 255): package
// accrochage checks that, for the holders it reports, and only there.
// Free text holds a few paragraphs; any other text one line or two.
const (
	MaxNom         = 150 // a name, one first name, a commune, a country
	MaxPrenoms     = 190 // every first name, separated by spaces
	MaxNumero      = 50  // a candidate's number
	MaxIdentifiant = 100 // the session's identifier
	MaxCourt       = 200 // any other field: an address line, an organisation…
)

// textRule is what one text field may hold: at most max characters; free
// text (comments, motifs, préconisations) may hold line breaks, and a
// character the documents' font lacks is only a warning there (it prints
// as fonts.Replacement), while in any other field it is a problem.
type textRule struct {
	max  int
	free bool
}

// textRules gives the rule of each field by its path without indices;
// fields not listed follow {MaxCourt, false}.
var textRules = map[string]textRule{
	"candidats[].numero":                               {MaxNumero, false},
	"candidats[].nom_naissance":                        {MaxNom, false},
	"candidats[].nom_usage":                            {MaxNom, false},
	"candidats[].prenoms":                              {MaxPrenoms, false},
	"candidats[].naissance.commune":                    {MaxNom, false},
	"candidats[].naissance.pays_libelle":               {MaxNom, false},
	"session.identifiant":                              {MaxIdentifiant, false},
	"candidats[].preconisations":                       {MaxTexte, true},
	"candidats[].evaluations[].appreciation":           {MaxTexte, true},
	"candidats[].evaluations[].criteres[].commentaire": {MaxTexte, true},
	"candidats[].decisions[].motif":                    {MaxTexte, true},
	"incidents[]":                                      {MaxTexte, true},
	"certificateur.recours":                            {MaxTexte, true},
}

// texts checks the length and the characters of every text of the session.
func (c *checker) texts(s *Session) {
	w := textWalk{fn: c.text}
	w.walk(reflect.ValueOf(s).Elem(), placeOf(reflect.TypeFor[Session](), ""))
}

// text checks one text of the session; w says where it is.
func (c *checker) text(w *textWalk, pattern, v string) {
	rule, ok := textRules[pattern]
	if !ok {
		rule = textRule{MaxCourt, false}
	}
	if n := utf8.RuneCountInString(v); n > rule.max {
		c.problem(w.path(), "texte trop long (%d caractères)\u00a0: %d au plus", n, rule.max)
		return // its characters are not worth listing
	}
	if pattern == "candidats[].prenoms" {
		for _, p := range strings.Fields(v) {
			if n := utf8.RuneCountInString(p); n > MaxNom {
				c.problem(w.path(), "prénom de %d caractères\u00a0: %d au plus par prénom", n, MaxNom)
			}
		}
	}
	for _, r := range v {
		if c.font.Covers(r) || (rule.free && (r == '\n' || r == '\r' || r == '\t')) {
			continue
		}
		if rule.free {
			c.warn(w.path(), "caractère %s absent de la police des documents\u00a0: il est imprimé «\u00a0%c\u00a0»", showRune(r), c.font.Replacement)
		} else {
			c.problem(w.path(), "caractère %s absent de la police des documents\u00a0: il ne peut pas être imprimé, remplacez-le", showRune(r))
		}
		return // one character per field is enough to find the others
	}
}

// showRune names a character for a message: « 😀 » (U+1F600), or only its
// code point when it cannot be shown (a control character).
func showRune(r rune) string {
	if r < 0x20 || (r >= 0x7f && r < 0xa0) || r == utf8.RuneError || r&0xfffe == 0xfffe || (r >= 0xfdd0 && r <= 0xfdef) {
		return fmt.Sprintf("U+%04X (invisible)", r)
	}
	return fmt.Sprintf("«\u00a0%c\u00a0» (U+%04X)", r, r)
}

var candidatType = reflect.TypeFor[Candidat]()

// eachText calls fn with every string of v, its path ("candidats[2].nom")
// and its pattern ("candidats[].nom"), following the JSON names.
func eachText(v reflect.Value, path, pattern string, fn func(path, pattern, v string)) {
	w := textWalk{fn: func(w *textWalk, pattern, v string) { fn(w.path(), pattern, v) }}
	if path != "" {
		w.segs = append(w.segs, textSeg{name: path, index: -1})
	}
	w.walk(v, placeOf(v.Type(), pattern))
}

// textPlace is a place in a type's texts: its pattern ("candidats[].nom"),
// the fields of a struct, the element of a slice, an array or a pointer.
// Known from the type, once per walk, so that visiting the thousands of
// texts of a session builds no path until one has a problem.
type textPlace struct {
	pattern string
	fields  []textField
	elem    *textPlace
}

// textField is a struct's field: its index, its JSON name ("" for a
// struct embedded without a name, whose fields are its parent's).
type textField struct {
	index int
	name  string
	place *textPlace
}

func placeOf(t reflect.Type, pattern string) *textPlace {
	p := &textPlace{pattern: pattern}
	switch t.Kind() {
	case reflect.Pointer:
		p.elem = placeOf(t.Elem(), pattern)
	case reflect.Slice, reflect.Array:
		p.elem = placeOf(t.Elem(), pattern+"[]")
	case reflect.Struct:
		for i := range t.NumField() {
			f := t.Field(i)
			name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
			if !f.IsExported() || name == "-" {
				continue
			}
			if name == "" {
				name = f.Name
			}
			if f.Anonymous && f.Tag.Get("json") == "" {
				p.fields = append(p.fields, textField{index: i, place: placeOf(f.Type, pattern)})
				continue
			}
			sep := "."
			if pattern == "" {
				sep = ""
			}
			p.fields = append(p.fields, textField{index: i, name: name, place: placeOf(f.Type, pattern+sep+name)})
		}
	}
	return p
}

// textWalk visits texts, keeping where it is as segments of a path.
type textWalk struct {
	segs []textSeg
	fn   func(w *textWalk, pattern, v string)
}

// textSeg is a field's name, or an index when index >= 0.
type textSeg struct {
	name  string
	index int
}

// path is where the walk is: "candidats[2].evaluations[0].lieu".
func (w *textWalk) path() string {
	var b strings.Builder
	for i, s := range w.segs {
		switch {
		case s.index >= 0:
			b.WriteByte('[')
			b.WriteString(strconv.Itoa(s.index))
			b.WriteByte(']')
		case i > 0:
			b.WriteByte('.')
			fallthrough
		default:
			b.WriteString(s.name)
		}
	}
	return b.String()
}

func (w *textWalk) walk(v reflect.Value, p *textPlace) {
	switch v.Kind() {
	case reflect.String:
		w.fn(w, p.pattern, v.String())
	case reflect.Pointer:
		if !v.IsNil() {
			w.walk(v.Elem(), p.elem)
		}
	case reflect.Interface:
		if !v.IsNil() {
			e := v.Elem()
			w.walk(e, placeOf(e.Type(), p.pattern))
		}
	case reflect.Slice, reflect.Array:
		for i := range v.Len() {
			w.segs = append(w.segs, textSeg{index: i})
			w.walk(v.Index(i), p.elem)
			w.segs = w.segs[:len(w.segs)-1]
		}
	case reflect.Struct:
		if v.Type() == candidatType && v.CanAddr() {
			// A packed candidate's evaluations are not in its fields.
			v = reflect.ValueOf(v.Addr().Interface().(*Candidat).Unpacked()).Elem()
		}
		for _, f := range p.fields {
			if f.name == "" {
				w.walk(v.Field(f.index), f.place)
				continue
			}
			w.segs = append(w.segs, textSeg{name: f.name, index: -1})
			w.walk(v.Field(f.index), f.place)
			w.segs = w.segs[:len(w.segs)-1]
		}
	}
}
