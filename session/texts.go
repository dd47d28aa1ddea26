package session

import (
	"fmt"
	"reflect"
	"strings"
	"unicode/utf8"

	"certidoc/generator/fonts"
)

// Lengths of text fields, in characters. Identity fields are no longer than
// the Caisse des Dépôts' accrochage schema allows (nomNaissance, prenomN,
// libelleCommuneNaissance: 60; idTechnique, made of the session's
// identifier and the candidate's number: 255); free text holds a few
// paragraphs; any other text one line or two.
const (
	MaxNom         = 60  // a name, one first name, a commune, a country
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
	eachText(reflect.ValueOf(s).Elem(), "", "", c.text)
}

// text checks one text of the session.
func (c *checker) text(path, pattern, v string) {
	rule, ok := textRules[pattern]
	if !ok {
		rule = textRule{MaxCourt, false}
	}
	if n := utf8.RuneCountInString(v); n > rule.max {
		c.problem(path, "texte trop long (%d caractères)\u00a0: %d au plus", n, rule.max)
		return // its characters are not worth listing
	}
	if pattern == "candidats[].prenoms" {
		for _, p := range strings.Fields(v) {
			if n := utf8.RuneCountInString(p); n > MaxNom {
				c.problem(path, "prénom de %d caractères\u00a0: %d au plus par prénom", n, MaxNom)
			}
		}
	}
	for _, r := range v {
		if fonts.Covers(r) || (rule.free && (r == '\n' || r == '\r' || r == '\t')) {
			continue
		}
		if rule.free {
			c.warn(path, "caractère %s absent de la police des documents\u00a0: il est imprimé «\u00a0%c\u00a0»", showRune(r), fonts.Replacement)
		} else {
			c.problem(path, "caractère %s absent de la police des documents\u00a0: il ne peut pas être imprimé, remplacez-le", showRune(r))
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
	switch v.Kind() {
	case reflect.String:
		fn(path, pattern, v.String())
	case reflect.Pointer, reflect.Interface:
		if !v.IsNil() {
			eachText(v.Elem(), path, pattern, fn)
		}
	case reflect.Slice, reflect.Array:
		for i := range v.Len() {
			eachText(v.Index(i), fmt.Sprintf("%s[%d]", path, i), pattern+"[]", fn)
		}
	case reflect.Struct:
		if v.Type() == candidatType && v.CanAddr() {
			// A packed candidate's evaluations are not in its fields.
			v = reflect.ValueOf(v.Addr().Interface().(*Candidat).Unpacked()).Elem()
		}
		t := v.Type()
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
				eachText(v.Field(i), path, pattern, fn)
				continue
			}
			sep := "."
			if path == "" {
				sep = ""
			}
			eachText(v.Field(i), path+sep+name, pattern+sep+name, fn)
		}
	}
}
