package fr

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// Slug turns any text into a safe file name: ASCII letters, digits and
// hyphens only, at most 80 characters. "L’Hermitte Œ/../x" → "l-hermitte-oe-x".
// Document numbers are made with it (session.NumeroDocument): what it
// gives for a text never changes. SlugNom is for people's names.
func Slug(s string) string {
	out := slugify(s, map[rune]string{'œ': "oe", 'Œ': "oe", 'æ': "ae", 'Æ': "ae", 'ß': "ss"}, 80)
	if len(out) > 80 {
		out = strings.Trim(out[:80], "-")
	}
	if out == "" {
		return "sans-nom"
	}
	return out
}

// translit gives the letters that do not decompose into a base letter and
// an accent their usual Latin transliteration.
var translit = map[rune]string{
	'œ': "oe", 'Œ': "oe", 'æ': "ae", 'Æ': "ae", 'ß': "ss", 'ẞ': "ss",
	'þ': "th", 'Þ': "th", 'ð': "d", 'Ð': "d", 'đ': "d", 'Đ': "d",
	'ø': "o", 'Ø': "o", 'ł': "l", 'Ł': "l", 'ı': "i", 'ħ': "h", 'Ħ': "h",
	'ŧ': "t", 'Ŧ': "t", 'ŋ': "ng", 'Ŋ': "ng", 'ĸ': "k", 'ŀ': "l", 'Ŀ': "l",
}

// SlugNom is Slug for a name (a candidate's folder in a dossier): the
// letters of every Latin alphabet are transliterated, not dropped
// ("Þórunn Ørsdóttir" → "thorunn-orsdottir"), and a name longer than max
// characters is cut between two words, never inside one.
func SlugNom(s string, max int) string {
	out := slugify(s, translit, max+1)
	if len(out) > max {
		cut := strings.LastIndexByte(out[:max+1], '-')
		if cut <= 0 {
			cut = max // one word longer than max
		}
		out = strings.Trim(out[:cut], "-")
	}
	if out == "" {
		return "sans-nom"
	}
	return out
}

// slugify writes s in lower-case ASCII letters and digits, every other
// run of characters a hyphen, letters in table written as it says; it
// stops once limit bytes are written.
func slugify(s string, table map[rune]string, limit int) string {
	var b strings.Builder
	dash := false
	for _, r := range norm.NFD.String(s) {
		if t, ok := table[r]; ok {
			b.WriteString(t)
			dash = false
		} else {
			switch {
			case unicode.Is(unicode.Mn, r):
				continue
			case r < 128 && (unicode.IsLetter(r) || unicode.IsDigit(r)):
				b.WriteRune(unicode.ToLower(r))
				dash = false
			default:
				if !dash && b.Len() > 0 {
					b.WriteByte('-')
					dash = true
				}
			}
		}
		if b.Len() >= limit {
			break
		}
	}
	return strings.Trim(b.String(), "-")
}
