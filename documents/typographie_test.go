package documents

import (
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"
)

// texts collects every string of a document, wherever it sits in its blocks.
func texts(v reflect.Value, out *[]string) {
	switch v.Kind() {
	case reflect.String:
		*out = append(*out, v.String())
	case reflect.Pointer, reflect.Interface:
		if !v.IsNil() {
			texts(v.Elem(), out)
		}
	case reflect.Struct:
		for i := range v.NumField() {
			if v.Type().Field(i).IsExported() {
				texts(v.Field(i), out)
			}
		}
	case reflect.Slice, reflect.Array:
		for i := range v.Len() {
			texts(v.Index(i), out)
		}
	}
}

// typoFaults lists the French typography faults of a text: a ";", "!" or
// "?" not preceded by U+202F, a ":" not preceded by U+00A0 (or ending a
// time such as 14:30), a "«" not followed or "»" not preceded by U+00A0.
func typoFaults(s string) []string {
	var out []string
	r := []rune(s)
	for i, c := range r {
		var prev, next rune
		if i > 0 {
			prev = r[i-1]
		}
		if i+1 < len(r) {
			next = r[i+1]
		}
		ctx := string(r[max(0, i-12):min(len(r), i+8)])
		switch c {
		case ';', '!', '?':
			if prev != '\u202f' {
				out = append(out, ctx)
			}
		case ':':
			digits := prev >= '0' && prev <= '9' && next >= '0' && next <= '9'
			if prev != '\u00a0' && !digits && !strings.HasPrefix(string(r[i:]), "://") {
				out = append(out, ctx)
			}
		case '«':
			if next != '\u00a0' {
				out = append(out, ctx)
			}
		case '»':
			if prev != '\u00a0' {
				out = append(out, ctx)
			}
		}
	}
	return out
}

// Every ";", "!", "?", ":" and « » that the documents of the example
// dossier and of a préparatoire print has its no-break space before (the
// example's own free texts are typed the same way).
func TestTypography(t *testing.T) {
	if got := typoFaults("A : 3 ; B\u00a0: 3\u202f; « x »"); len(got) != 4 {
		t.Fatalf("the check itself: %q", got)
	}
	for _, edit := range []func(string) string{nil, undecideLast} {
		r, s, d := exemple(t, edit)
		for e := range Dossier(r, s, d, nil, nil, nil) {
			if e.File != nil {
				continue
			}
			var all []string
			texts(reflect.ValueOf(e.Doc), &all)
			for _, txt := range all {
				if !utf8.ValidString(txt) {
					continue
				}
				for _, f := range typoFaults(txt) {
					t.Errorf("%s/%s: %q", e.Dir, e.Doc.Name, f)
				}
			}
		}
	}
}

// Counts agree in gender and number: the example's only absent candidate
// is a woman, 2022-006 validated one bloc, 2022-003 three.
func TestAgreement(t *testing.T) {
	r, s, d := exemple(t, nil)
	pv := docText(PV(r, s, d, nil))
	for _, want := range []string{"1 absente", "6 présents", "7 inscrits"} {
		if !strings.Contains(pv, want) {
			t.Errorf("PV lacks %q", want)
		}
	}
	for _, c := range []struct{ num, want, not string }{
		{"2022-006", "le bloc E lors de cette session\u202f; une attestation de validation vous est remise pour ce bloc.", "chacun"},
		{"2022-003", "pour chacun d’eux", "pour ce bloc"},
		{"2022-002", "Pour rappel, vous aviez validé lors de sessions antérieures les blocs A, B et C, qui vous restent acquis.", "qui vous reste acquis"},
	} {
		letter := docText(Notification(r, s, candidate(t, d, c.num), nil))
		if !strings.Contains(letter, c.want) || strings.Contains(letter, c.not) {
			t.Errorf("letter of %s: want %q and not %q", c.num, c.want, c.not)
		}
	}
}
