package api

import (
	"fmt"
	"html/template"
	"strings"
	"sync"
)

// The verification page is the service's hottest route: anyone holding a
// paper may check it. Executing html/template on every lookup cost a third
// of the route's time (reflection on every field), so the template is
// executed once per shape of page with markers in place of the strings, and
// a lookup writes the pieces between the markers and its own strings,
// escaped as html/template escapes text. The template stays the one
// description of the page; TestVerifierPageFast checks that both ways give
// the same bytes.
//
// A shape is which flags are set and which strings are empty: the template
// may test those ({{if .Code}}), never a string's content.

// pageStrings are the strings of a verifierPage the template may print.
var pageStrings = []func(p *verifierPage) *string{
	func(p *verifierPage) *string { return &p.Sigle },
	func(p *verifierPage) *string { return &p.Certificateur },
	func(p *verifierPage) *string { return &p.Facts.Kind },
	func(p *verifierPage) *string { return &p.Facts.Titulaire },
	func(p *verifierPage) *string { return &p.Facts.Code },
	func(p *verifierPage) *string { return &p.Facts.Date },
	func(p *verifierPage) *string { return &p.Facts.Numero },
	func(p *verifierPage) *string { return &p.Kind },
	func(p *verifierPage) *string { return &p.What },
	func(p *verifierPage) *string { return &p.Title },
	func(p *verifierPage) *string { return &p.Date },
	func(p *verifierPage) *string { return &p.RevokedOn },
	func(p *verifierPage) *string { return &p.RevokedMotif },
	func(p *verifierPage) *string { return &p.Code },
	func(p *verifierPage) *string { return &p.Message },
}

// Markers stand for a string in the template's output: private-use
// characters, which html/template leaves as they are.
const (
	markOpen  = '\uE000'
	markClose = '\uE001'
)

// pageShape is the page of one shape cut at its strings: parts[0], the
// string fields[0], parts[1], … parts[len(fields)].
type pageShape struct {
	parts  []string
	fields []int
	size   int // the literal bytes
}

type shapeKey struct {
	flags uint8
	set   uint32 // bit i: pageStrings[i] is not empty
}

// verifierPages renders the verification page, one cached shape per key.
type verifierPages struct {
	tmpl   *template.Template
	shapes sync.Map // shapeKey → *pageShape
}

func keyOf(p *verifierPage) shapeKey {
	var k shapeKey
	for i, b := range []bool{p.Disabled, p.Genuine, p.Unavailable, p.Revoked} {
		if b {
			k.flags |= 1 << i
		}
	}
	for i, f := range pageStrings {
		if *f(p) != "" {
			k.set |= 1 << i
		}
	}
	return k
}

// render appends the page of p to b.
func (v *verifierPages) render(b []byte, p *verifierPage) ([]byte, error) {
	k := keyOf(p)
	s, ok := v.shapes.Load(k)
	if !ok {
		shape, err := v.cut(*p)
		if err != nil {
			return b, err
		}
		s, _ = v.shapes.LoadOrStore(k, shape)
	}
	shape := s.(*pageShape)
	b = append(b, shape.parts[0]...)
	for i, f := range shape.fields {
		b = appendEscaped(b, *pageStrings[f](p))
		b = append(b, shape.parts[i+1]...)
	}
	return b, nil
}

// cut executes the template once for p's shape, with a marker in place of
// each string that is set, and cuts the output at the markers.
func (v *verifierPages) cut(p verifierPage) (*pageShape, error) {
	for i, f := range pageStrings {
		if s := f(&p); *s != "" {
			*s = string([]rune{markOpen, rune('A' + i), markClose})
		}
	}
	var out strings.Builder
	if err := v.tmpl.Execute(&out, p); err != nil {
		return nil, fmt.Errorf("render verifier page: %w", err)
	}
	rest := out.String()
	if strings.Contains(rest, "%EE%80%80") || strings.Contains(rest, "%ee%80%80") || strings.Contains(rest, `\ue000`) {
		return nil, fmt.Errorf("render verifier page: a string is printed outside text")
	}
	shape := &pageShape{}
	for {
		i := strings.IndexRune(rest, markOpen)
		if i < 0 {
			break
		}
		m := rest[i+len(string(markOpen)):]
		f, n := int(m[0]-'A'), len(string(markClose))
		if f < 0 || f >= len(pageStrings) || !strings.HasPrefix(m[1:], string(markClose)) {
			return nil, fmt.Errorf("render verifier page: a string is not printed as text")
		}
		shape.parts = append(shape.parts, rest[:i])
		shape.fields = append(shape.fields, f)
		rest = m[1+n:]
	}
	shape.parts = append(shape.parts, rest)
	for _, s := range shape.parts {
		shape.size += len(s)
	}
	return shape, nil
}

// appendEscaped appends s escaped as html/template escapes text: the same
// characters, the same entities.
func appendEscaped(b []byte, s string) []byte {
	last := 0
	for i := 0; i < len(s); i++ {
		var repl string
		switch s[i] {
		case 0:
			repl = "\uFFFD"
		case '"':
			repl = "&#34;"
		case '&':
			repl = "&amp;"
		case '\'':
			repl = "&#39;"
		case '+':
			repl = "&#43;"
		case '<':
			repl = "&lt;"
		case '>':
			repl = "&gt;"
		default:
			continue
		}
		b = append(b, s[last:i]...)
		b = append(b, repl...)
		last = i + 1
	}
	return append(b, s[last:]...)
}
