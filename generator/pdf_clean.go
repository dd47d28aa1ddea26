package generator

import (
	"reflect"
	"strings"
	"unicode/utf8"

	"certidoc/documents"
	"certidoc/generator/fonts"
	"certidoc/session"
)

// Font is the documents' font as a session's validation needs it: the
// characters the PDF's fonts print (fonts.Covers) and the one printableText
// puts in place of the others (fonts.Replacement). Whoever validates a
// session for documents passes it on (session.Parse, classeur.Read), so
// that validation refuses in an identity field what this package could not
// print, and warns of it in free text.
func Font() session.Font {
	return session.Font{Covers: fonts.Covers, Replacement: fonts.Replacement}
}

// printable returns the document with every piece of text made printable by
// the embedded font (printableText); d itself is left untouched, and comes
// back as it is when nothing needs changing. It walks every string of every
// block, so that a block type added later is covered too.
func printable(d documents.Document) documents.Document {
	v := reflect.ValueOf(d)
	if !needsCleaning(v) {
		return d
	}
	return cleanValue(v).Interface().(documents.Document)
}

// printableText makes text safe for the PDF: invalid UTF-8 and every
// character the font lacks (an emoji, a character beyond the Basic
// Multilingual Plane, which fpdf cannot index) become fonts.Replacement, a
// visible "□"; control characters are dropped, except line breaks when
// keepBreaks is set.
func printableText(s string, keepBreaks bool) string {
	if isPrintable(s, keepBreaks) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		switch {
		case r == '\n' && keepBreaks:
			b.WriteRune(r)
		case r < 0x20 || (r >= 0x7f && r < 0xa0):
			// dropped
		case r == utf8.RuneError && size == 1, !fonts.Covers(r):
			b.WriteRune(fonts.Replacement)
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

func isPrintable(s string, keepBreaks bool) bool {
	for i := 0; i < len(s); {
		c := s[i]
		if c >= 0x20 && c < 0x7f { // ASCII, the most of any text
			i++
			continue
		}
		if c == '\n' && keepBreaks {
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if (r == utf8.RuneError && size == 1) || !fonts.Covers(r) {
			return false
		}
		i += size
	}
	return true
}

func needsCleaning(v reflect.Value) bool {
	switch v.Kind() {
	case reflect.String:
		return !isPrintable(v.String(), true)
	case reflect.Struct:
		for i := range v.NumField() {
			if needsCleaning(v.Field(i)) {
				return true
			}
		}
	case reflect.Slice, reflect.Array:
		if v.Type().Elem().Kind() == reflect.Uint8 {
			return false // bytes (an image), not text
		}
		for i := range v.Len() {
			if needsCleaning(v.Index(i)) {
				return true
			}
		}
	case reflect.Interface, reflect.Pointer:
		if !v.IsNil() {
			return needsCleaning(v.Elem())
		}
	}
	return false
}

// cleanValue returns a copy of v with printable strings, sharing nothing
// it changes with v.
func cleanValue(v reflect.Value) reflect.Value {
	switch v.Kind() {
	case reflect.String:
		out := reflect.New(v.Type()).Elem()
		out.SetString(printableText(v.String(), true))
		return out
	case reflect.Struct:
		out := reflect.New(v.Type()).Elem()
		out.Set(v)
		for i := range v.NumField() {
			if out.Field(i).CanSet() && needsCleaning(v.Field(i)) {
				out.Field(i).Set(cleanValue(v.Field(i)))
			}
		}
		return out
	case reflect.Slice:
		if v.IsNil() || v.Type().Elem().Kind() == reflect.Uint8 {
			return v
		}
		out := reflect.MakeSlice(v.Type(), v.Len(), v.Len())
		reflect.Copy(out, v)
		for i := range v.Len() {
			if needsCleaning(v.Index(i)) {
				out.Index(i).Set(cleanValue(v.Index(i)))
			}
		}
		return out
	case reflect.Array:
		out := reflect.New(v.Type()).Elem()
		out.Set(v)
		for i := range v.Len() {
			out.Index(i).Set(cleanValue(v.Index(i)))
		}
		return out
	case reflect.Interface:
		if v.IsNil() {
			return v
		}
		out := reflect.New(v.Type()).Elem()
		out.Set(cleanValue(v.Elem()))
		return out
	case reflect.Pointer:
		if v.IsNil() {
			return v
		}
		out := reflect.New(v.Type().Elem())
		out.Elem().Set(cleanValue(v.Elem()))
		return out
	}
	return v
}
