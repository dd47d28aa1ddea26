package fr

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// Slug turns any text into a safe file name: ASCII letters, digits and
// hyphens only, at most 80 characters. "L’Hermitte Œ/../x" → "l-hermitte-oe-x".
func Slug(s string) string {
	var b strings.Builder
	dash := false
	for _, r := range norm.NFD.String(s) {
		switch {
		case unicode.Is(unicode.Mn, r):
			continue
		case r == 'œ' || r == 'Œ':
			b.WriteString("oe")
			dash = false
		case r == 'æ' || r == 'Æ':
			b.WriteString("ae")
			dash = false
		case r == 'ß':
			b.WriteString("ss")
			dash = false
		case r < 128 && (unicode.IsLetter(r) || unicode.IsDigit(r)):
			b.WriteRune(unicode.ToLower(r))
			dash = false
		default:
			if !dash && b.Len() > 0 {
				b.WriteByte('-')
				dash = true
			}
		}
		if b.Len() >= 80 {
			break
		}
	}
	out := strings.Trim(b.String(), "-")
	if len(out) > 80 {
		out = strings.Trim(out[:80], "-")
	}
	if out == "" {
		return "sans-nom"
	}
	return out
}
