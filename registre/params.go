package registre

import (
	"strings"
	"unicode/utf8"

	"certidoc/fr"
)

// MaxParam is the longest text the registre looks up (a name or a part of
// it, a document number, a session's identifier), in characters: longer
// than any it records, far shorter than what makes SQLite's LIKE give up.
const MaxParam = 200

// The parameters of lookups, as messages name them.
const (
	paramNom     = "le nom cherché"
	paramNumero  = "le numéro de document"
	paramSession = "l’identifiant de session"
	paramCertif  = "le code de la certification"
)

// checkParam refuses a parameter that no entry can match and that a
// database would refuse or choke on: text that is not UTF-8, a control
// character (PostgreSQL refuses a NUL byte), or more than MaxParam
// characters. what names the parameter.
func checkParam(what, v string) error {
	if !utf8.ValidString(v) {
		return newError(ErrInput, nil, "%s n’est pas du texte UTF-8 valide\u202f; corrigez-le", what)
	}
	if n := utf8.RuneCountInString(v); n > MaxParam {
		return newError(ErrInput, nil, "%s fait %s caractères\u00a0: %d au plus", what, fr.Entier(n), MaxParam)
	}
	if i := strings.IndexFunc(v, func(r rune) bool { return r < ' ' || (r >= 0x7f && r <= 0x9f) }); i >= 0 {
		r, _ := utf8.DecodeRuneInString(v[i:])
		return newError(ErrInput, nil, "%s contient le caractère de contrôle «\u00a0U+%04X\u00a0»\u202f; retirez-le", what, r)
	}
	return nil
}

// checkFilter checks every text of a listing's filter.
func checkFilter(f Filter) error {
	for _, p := range []struct{ what, v string }{{paramCertif, f.Certification}, {paramSession, f.Session}, {paramNom, f.Nom}, {paramNumero, f.Numero}} {
		if err := checkParam(p.what, p.v); err != nil {
			return err
		}
	}
	return nil
}
