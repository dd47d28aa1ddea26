package registre

import (
	"crypto/rand"
	"encoding/binary"
	"strings"
	"unicode/utf8"
)

// alphabet is Crockford's base32: no I, L, O or U, so that a code read
// from paper and typed back cannot be mistaken.
const alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"

// CodeLength is the number of characters of a short code (50 bits).
const CodeLength = 10

// newCode returns a short code from a secure random source.
func newCode() string {
	var b [8]byte
	if _, err := rand.Read(b[:]); err != nil {
		panic("registre: no secure random source: " + err.Error()) // crypto/rand never fails on Linux
	}
	n := binary.BigEndian.Uint64(b[:])
	out := make([]byte, CodeLength)
	for i := range out {
		out[i] = alphabet[n&31]
		n >>= 5
	}
	return string(out)
}

// FormatCode prints a code as it appears on documents: XXXXX-XXXXX.
func FormatCode(code string) string {
	if len(code) != CodeLength {
		return code
	}
	return code[:5] + "-" + code[5:]
}

// NormalizeCode reads a code as a person may type it — any case, with or
// without hyphens or spaces, O for 0, I or L for 1 — and returns its stored
// form, or false when it is not a short code.
func NormalizeCode(s string) (string, bool) {
	// Every lookup of the verification page comes here, most often with a
	// code typed or scanned in ASCII: read it through a table, on the stack.
	var b [CodeLength]byte
	n := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= utf8.RuneSelf:
			return normalizeRunes(s)
		case c == '-' || c == ' ':
			continue
		}
		m := codeChars[c]
		if m == 0 || n == CodeLength {
			return "", false
		}
		b[n] = m
		n++
	}
	if n != CodeLength {
		return "", false
	}
	if string(b[:]) == s {
		return s, true
	}
	return string(b[:]), true
}

// codeChars maps an ASCII character to the code's character it stands for,
// or 0.
var codeChars = func() (t [utf8.RuneSelf]byte) {
	for i := range len(alphabet) {
		c := alphabet[i]
		t[c] = c
		if c >= 'A' && c <= 'Z' {
			t[c+'a'-'A'] = c
		}
	}
	t['O'], t['o'] = '0', '0'
	t['I'], t['i'], t['L'], t['l'] = '1', '1', '1', '1'
	return t
}()

// normalizeRunes is NormalizeCode for a text that is not all ASCII.
func normalizeRunes(s string) (string, bool) {
	var b strings.Builder
	for _, r := range strings.ToUpper(s) {
		switch {
		case r == '-' || r == ' ' || r == '\u00a0':
			continue
		case r == 'O':
			r = '0'
		case r == 'I' || r == 'L':
			r = '1'
		}
		if r > 127 || !strings.ContainsRune(alphabet, r) {
			return "", false
		}
		b.WriteRune(r)
	}
	if b.Len() != CodeLength {
		return "", false
	}
	return b.String(), true
}
