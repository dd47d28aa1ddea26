package api

import (
	"fmt"
	"html/template"
	"maps"
	"strings"
	"sync"
	"sync/atomic"
)

// The verification page is the service's hottest route: anyone holding a
// paper may check it. Executing html/template on every lookup was a large
// part of the route's time (reflection on every field), so the template is
// executed once per shape of page with markers in place of the strings, and
// a lookup writes the pieces between the markers and its own strings,
// escaped as html/template escapes text. The template stays the one
// description of the page; TestVerifierPageFast checks that both ways give
// the same bytes.
//
// A shape is which flags are set and which strings are empty: the template
// may test those ({{if .Code}}), never a string's content.

// pageStrings is how many strings of a verifierPage the template may
// print; field gives each.
const pageStrings = 14

// field is the page's i-th string the template may print. A switch, not a
// table of functions: calling a function value would move every page to
// the heap.
func (p *verifierPage) field(i int) *string {
	switch i {
	case 0:
		return &p.Sigle
	case 1:
		return &p.Certificateur
	case 2:
		return &p.Facts.Kind
	case 3:
		return &p.Facts.Titulaire
	case 4:
		return &p.Facts.Code
	case 5:
		return &p.Facts.Date
	case 6:
		return &p.Facts.Numero
	case 7:
		return &p.Kind
	case 8:
		return &p.What
	case 9:
		return &p.Title
	case 10:
		return &p.Date
	case 11:
		return &p.RevokedOn
	case 12:
		return &p.Code
	case 13:
		return &p.Message
	}
	panic(fmt.Sprintf("verifier page: no string %d", i))
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
	set   uint32 // bit i: field(i) is not empty
}

// verifierPages renders the verification page, one cached shape per key.
// The shapes are a map replaced whole when a shape is added (a few times
// in a process's life): reading it takes no lock and, unlike a sync.Map,
// does not allocate the key.
type verifierPages struct {
	tmpl   *template.Template
	mu     sync.Mutex // one shape added at a time
	shapes atomic.Pointer[map[shapeKey]*pageShape]
}

func keyOf(p *verifierPage) shapeKey {
	var k shapeKey
	for i, b := range []bool{p.Disabled, p.Genuine, p.Unavailable, p.Revoked} {
		if b {
			k.flags |= 1 << i
		}
	}
	for i := range pageStrings {
		if *p.field(i) != "" {
			k.set |= 1 << i
		}
	}
	return k
}

// render appends the page of p to b.
func (v *verifierPages) render(b []byte, p *verifierPage) ([]byte, error) {
	k := keyOf(p)
	var shape *pageShape
	if m := v.shapes.Load(); m != nil {
		shape = (*m)[k]
	}
	if shape == nil {
		var err error
		if shape, err = v.add(k, *p); err != nil {
			return b, err
		}
	}
	b = append(b, shape.parts[0]...)
	for i, f := range shape.fields {
		b = appendEscaped(b, *p.field(f))
		b = append(b, shape.parts[i+1]...)
	}
	return b, nil
}

// add cuts the shape of p, of key k, and keeps it.
func (v *verifierPages) add(k shapeKey, p verifierPage) (*pageShape, error) {
	v.mu.Lock()
	defer v.mu.Unlock()
	old := v.shapes.Load()
	if old != nil && (*old)[k] != nil {
		return (*old)[k], nil
	}
	shape, err := v.cut(p)
	if err != nil {
		return nil, err
	}
	m := make(map[shapeKey]*pageShape, 1)
	if old != nil {
		maps.Copy(m, *old)
	}
	m[k] = shape
	v.shapes.Store(&m)
	return shape, nil
}

// cut executes the template once for p's shape, with a marker in place of
// each string that is set, and cuts the output at the markers.
func (v *verifierPages) cut(p verifierPage) (*pageShape, error) {
	for i := range pageStrings {
		if s := p.field(i); *s != "" {
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
		if f < 0 || f >= pageStrings || !strings.HasPrefix(m[1:], string(markClose)) {
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

// escaped are the bytes appendEscaped replaces: a byte is looked up in a
// table rather than tried against each, which is quicker on a page's
// strings.
var escaped = [256]bool{0: true, '"': true, '&': true, '\'': true, '+': true, '<': true, '>': true}

// appendEscaped appends s escaped as html/template escapes text: the same
// characters, the same entities.
func appendEscaped(b []byte, s string) []byte {
	last := 0
	for i := 0; i < len(s); i++ {
		if !escaped[s[i]] {
			continue
		}
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
		}
		b = append(b, s[last:i]...)
		b = append(b, repl...)
		last = i + 1
	}
	return append(b, s[last:]...)
}
