package fr

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"gopkg.in/yaml.v3"
)

func TestDate(t *testing.T) {
	for _, c := range []struct {
		text          string
		longue, court string
		valid, zero   bool
		year          int
	}{
		{"2026-11-01", "1er\u00a0novembre 2026", "01/11/2026", true, false, 2026},
		{"2022-11-24", "24\u00a0novembre 2022", "24/11/2022", true, false, 2022},
		{"1988-02-29", "29\u00a0février 1988", "29/02/1988", true, false, 1988},
		{"0999-12-31", "31\u00a0décembre 999", "31/12/0999", true, false, 999},
		{"1989-02-29", "«\u00a01989-02-29\u00a0» (date invalide)", "«\u00a01989-02-29\u00a0» (date invalide)", false, false, 0},
		{"24/11/2022", "«\u00a024/11/2022\u00a0» (date invalide)", "«\u00a024/11/2022\u00a0» (date invalide)", false, false, 0},
		{"2022-1-05", "«\u00a02022-1-05\u00a0» (date invalide)", "«\u00a02022-1-05\u00a0» (date invalide)", false, false, 0},
		{" 2022-11-24", "«\u00a0 2022-11-24\u00a0» (date invalide)", "«\u00a0 2022-11-24\u00a0» (date invalide)", false, false, 0},
		{"", "", "", false, true, 0},
		{"  ", "", "", false, true, 0},
	} {
		d := DateText(c.text)
		if got := d.Longue(); got != c.longue {
			t.Errorf("%q.Longue(): got %q, want %q", c.text, got, c.longue)
		}
		if got := d.Courte(); got != c.court {
			t.Errorf("%q.Courte(): got %q, want %q", c.text, got, c.court)
		}
		if got := d.Valid(); got != c.valid {
			t.Errorf("%q.Valid(): got %v, want %v", c.text, got, c.valid)
		}
		if got := d.IsZero(); got != c.zero {
			t.Errorf("%q.IsZero(): got %v, want %v", c.text, got, c.zero)
		}
		if got := d.Year(); got != c.year {
			t.Errorf("%q.Year(): got %d, want %d", c.text, got, c.year)
		}
		// The text comes back as it was read: files keep their bytes.
		if want := c.text; !c.zero && d.String() != want {
			t.Errorf("%q.String(): got %q", c.text, d.String())
		}
		_, err := ParseDate(c.text)
		if trims := strings.TrimSpace(c.text) != c.text && !c.zero; !trims && (err == nil) != c.valid || (err != nil && !errors.Is(err, ErrDate)) {
			t.Errorf("ParseDate(%q): %v", c.text, err)
		}
	}
}

func TestDateCompare(t *testing.T) {
	for _, c := range []struct {
		a, b          string
		before, after bool
	}{
		{"2022-11-24", "2022-11-25", true, false},
		{"2022-11-25", "2022-11-24", false, true},
		{"2023-01-01", "2022-12-31", false, true},
		{"2022-02-28", "2022-10-01", true, false},
		{"2022-11-24", "2022-11-24", false, false},
		{"x", "2022-01-01", false, false},
		{"2022-01-01", "", false, false},
	} {
		a, b := DateText(c.a), DateText(c.b)
		if got := a.Before(b); got != c.before {
			t.Errorf("%s.Before(%s): got %v, want %v", c.a, c.b, got, c.before)
		}
		if got := a.After(b); got != c.after {
			t.Errorf("%s.After(%s): got %v, want %v", c.a, c.b, got, c.after)
		}
	}
	if MustDate("2022-11-24") != DateText("2022-11-24") || MustDate("2022-11-24") == MustDate("2022-11-25") {
		t.Error("dates do not compare with ==")
	}
	for _, c := range []struct{ from, want string }{
		{"2007-11-24", "2022-11-24"},
		{"2008-02-29", "2023-03-01"},
		{"nope", "nope"},
	} {
		if got := DateText(c.from).AddYears(15).String(); got != c.want {
			t.Errorf("%s.AddYears(15): got %s, want %s", c.from, got, c.want)
		}
	}
	if got := DateOf(time.Date(2022, 3, 5, 23, 0, 0, 0, time.UTC)); got != MustDate("2022-03-05") {
		t.Errorf("DateOf: got %v", got)
	}
	if got, _ := MustDate("2022-03-05").Time(); !got.Equal(time.Date(2022, 3, 5, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("Time: got %v", got)
	}
	if d, _ := ParseDate(" 2022-03-05 "); d != MustDate("2022-03-05") {
		t.Errorf("ParseDate trims: got %v", d)
	}
}

// Dates decode from JSON and YAML without ever stopping the decoding, and
// encode to the same text; an empty optional date is left out (omitzero)
// as the text it replaces was (omitempty).
func TestDateCodecs(t *testing.T) {
	type doc struct {
		A Date `json:"a" yaml:"a"`
		B Date `json:"b,omitzero" yaml:"b"`
		N int  `json:"n" yaml:"n"`
	}
	for _, c := range []struct {
		name, in, out string
		a, b          string
		valid         bool
	}{
		{"valid", `{"a":"2022-11-24","b":"2023-01-05","n":1}`, `{"a":"2022-11-24","b":"2023-01-05","n":1}`, "2022-11-24", "2023-01-05", true},
		{"bad kept, decoding goes on", `{"a":"31/02/2022","b":"2023-01-05","n":1}`, `{"a":"31/02/2022","b":"2023-01-05","n":1}`, "31/02/2022", "2023-01-05", false},
		{"empty", `{"a":"","b":"","n":1}`, `{"a":"","n":1}`, "", "", false},
		{"null", `{"a":null,"n":1}`, `{"a":"","n":1}`, "", "", false},
	} {
		t.Run(c.name, func(t *testing.T) {
			var d doc
			if err := json.Unmarshal([]byte(c.in), &d); err != nil {
				t.Fatalf("Unmarshal: %v", err)
			}
			if d.A.String() != c.a || d.B.String() != c.b || d.N != 1 || d.A.Valid() != c.valid {
				t.Errorf("decoded %+v", d)
			}
			out, err := json.Marshal(d)
			if err != nil || string(out) != c.out {
				t.Errorf("Marshal: got %s, %v; want %s", out, err, c.out)
			}
		})
	}
	var d doc
	if err := yaml.Unmarshal([]byte("a: 2022-01-26\nb: \"2023-02-30\"\nn: 1\n"), &d); err != nil {
		t.Fatal(err)
	}
	if d.A != MustDate("2022-01-26") || d.B.Valid() || d.B.String() != "2023-02-30" || d.N != 1 {
		t.Errorf("YAML: got %+v", d)
	}
	if err := json.Unmarshal([]byte(`{"a":20221124}`), &d); err == nil {
		t.Error("a number decoded as a date")
	}
}

func TestHeure(t *testing.T) {
	for _, c := range []struct {
		text, texte string
		valid       bool
	}{
		{"14:30", "14\u00a0h\u00a030", true},
		{"09:00", "9\u00a0h", true},
		{"00:05", "0\u00a0h\u00a005", true},
		{"23:59", "23\u00a0h\u00a059", true},
		{"24:00", "24:00", false},
		{"14:60", "14:60", false},
		{"9:00", "9:00", false},
		{"midi", "midi", false},
		{"", "", false},
	} {
		h := HeureText(c.text)
		if got := h.Texte(); got != c.texte {
			t.Errorf("%q.Texte(): got %q, want %q", c.text, got, c.texte)
		}
		if got := h.Valid(); got != c.valid {
			t.Errorf("%q.Valid(): got %v, want %v", c.text, got, c.valid)
		}
		if got := h.String(); got != c.text {
			t.Errorf("%q.String(): got %q", c.text, got)
		}
		var back Heure
		if err := json.Unmarshal([]byte(`"`+c.text+`"`), &back); err != nil || back != h {
			t.Errorf("%q from JSON: got %#v, %v", c.text, back, err)
		}
	}
	if !HeureText("").IsZero() || HeureText("00:00").IsZero() || MustHeure("00:00") != HeureText("00:00") {
		t.Error("IsZero")
	}
}

// Whatever the text, reading it as a date keeps it (a wrong date is named
// as typed), and a valid date writes back the same text and a French date.
func FuzzDateText(f *testing.F) {
	for _, s := range []string{"2022-11-24", "1989-02-29", "31/02/2022", "", " ", "2022-11-24T00:00", "0000-01-01", "9999-12-31"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d := DateText(s)
		if strings.TrimSpace(s) == "" {
			if !d.IsZero() {
				t.Fatalf("%q: a blank text gives a date %#v", s, d)
			}
			return
		}
		if d.String() != s {
			t.Fatalf("%q read back as %q", s, d.String())
		}
		var back Date
		if err := back.UnmarshalText([]byte(d.String())); err != nil || back != d {
			t.Fatalf("%q: text round trip gives %#v, %v", s, back, err)
		}
		if d.Valid() && (strings.Contains(d.Longue(), "invalide") || DateOf(time.Date(d.Year(), d.Month(), d.Day(), 12, 0, 0, 0, time.UTC)) != d) {
			t.Fatalf("%q: valid but written %q", s, d.Longue())
		}
	})
}
