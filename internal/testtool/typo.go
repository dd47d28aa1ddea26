package testtool

import (
	"html"
	"regexp"
	"strings"
	"testing"
	"unicode"
)

// TypoFaults lists the faults of French typography in a message certidoc
// writes (an error, a problem, a warning, a help text, a page's text),
// each with a little of its context:
//   - an ordinary space (or a tab) before ":", ";", "!" or "?";
//   - U+00A0 before ";", "!" or "?" (U+202F is the one);
//   - a ":" that ends a word and is followed by a space or the end of a
//     line without U+00A0 before it ("problème: x"), except inside « »
//     (quoted code such as « Authorization: Bearer JETON »);
//   - "«" not followed, "»" not preceded by U+00A0.
//
// A time (14:30), an address (https://), a sheet and cell (Session!B4,
// Session!A:A) and a query (?candidat=N) are not faults.
func TypoFaults(s string) []string {
	var out []string
	r := []rune(s)
	quoted := 0
	for i, c := range r {
		var prev, next rune
		if i > 0 {
			prev = r[i-1]
		}
		if i+1 < len(r) {
			next = r[i+1]
		}
		fault := false
		switch c {
		case '«':
			quoted++
			fault = next != '\u00a0'
		case '»':
			quoted--
			fault = prev != '\u00a0'
		case ';', '!', '?':
			query := c == '?' && (unicode.IsLetter(next) || unicode.IsDigit(next))
			fault = !query && (prev == ' ' || prev == '\t' || prev == '\u00a0')
		case ':':
			ends := i+1 == len(r) || next == ' ' || next == '\n'
			fault = prev == ' ' || prev == '\t' || (ends && quoted == 0 && (unicode.IsLetter(prev) || unicode.IsDigit(prev) || prev == ')'))
		}
		if fault {
			out = append(out, string(r[max(0, i-20):min(len(r), i+10)]))
		}
	}
	return append(out, countedPlurals(s)...)
}

// countedPlural is a noun or participle left for the reader to agree with
// a count, « 3 document(s) », « déclaré(s) »: a count and its noun agree
// (fr.Nombre). « Candidat(e) » on a blank grid, for a person not yet
// known, is another matter and is not flagged.
var countedPlural = regexp.MustCompile(`\pL\((?:s|es)\)`)

func countedPlurals(s string) []string {
	var out []string
	for _, m := range countedPlural.FindAllStringIndex(s, -1) {
		out = append(out, s[max(0, m[0]-20):m[1]])
	}
	return out
}

// CheckTypo reports, as errors of t, every fault TypoFaults finds in s;
// where says what s is.
func CheckTypo(t testing.TB, where, s string) {
	t.Helper()
	for _, f := range TypoFaults(s) {
		t.Errorf("%s: typography fault in %q", where, f)
	}
}

var (
	htmlHidden = regexp.MustCompile(`(?s)<script.*?</script>|<style.*?</style>|<!--.*?-->|\{\{.*?\}\}`)
	htmlAttr   = regexp.MustCompile(`\b(?:title|placeholder|aria-label|alt)="([^"]*)"`)
	htmlTag    = regexp.MustCompile(`<[^>]*>`)
)

// HTMLText returns what a page shows: its text and its titles,
// placeholders and labels, entities decoded; scripts, styles, comments
// and template actions ({{.X}}) removed.
func HTMLText(src string) string {
	src = htmlHidden.ReplaceAllString(src, " ")
	var b strings.Builder
	for _, m := range htmlAttr.FindAllStringSubmatch(src, -1) {
		b.WriteString(m[1] + "\n")
	}
	b.WriteString(htmlTag.ReplaceAllString(src, " "))
	return html.UnescapeString(b.String())
}
