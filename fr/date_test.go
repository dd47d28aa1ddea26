package fr

import (
	"errors"
	"testing"
	"time"
)

func TestDate(t *testing.T) {
	for _, c := range []struct {
		date          Date
		longue, court string
		valid         bool
	}{
		{"2026-11-01", "1er\u00a0novembre 2026", "01/11/2026", true},
		{"2022-11-24", "24\u00a0novembre 2022", "24/11/2022", true},
		{"1988-02-29", "29\u00a0février 1988", "29/02/1988", true},
		{"1989-02-29", "«\u00a01989-02-29\u00a0» (date invalide)", "«\u00a01989-02-29\u00a0» (date invalide)", false},
		{"24/11/2022", "«\u00a024/11/2022\u00a0» (date invalide)", "«\u00a024/11/2022\u00a0» (date invalide)", false},
		{"", "", "", false},
	} {
		if got := c.date.Longue(); got != c.longue {
			t.Errorf("%q.Longue(): got %q, want %q", c.date, got, c.longue)
		}
		if got := c.date.Courte(); got != c.court {
			t.Errorf("%q.Courte(): got %q, want %q", c.date, got, c.court)
		}
		if got := c.date.Valid(); got != c.valid {
			t.Errorf("%q.Valid(): got %v, want %v", c.date, got, c.valid)
		}
		_, err := ParseDate(string(c.date))
		if (err == nil) != c.valid || (err != nil && !errors.Is(err, ErrDate)) {
			t.Errorf("ParseDate(%q): %v", c.date, err)
		}
	}
	if !Date("2022-11-24").Before("2022-11-25") || Date("2022-11-25").Before("2022-11-24") || !Date("2023-01-01").After("2022-12-31") {
		t.Error("dates compare wrong")
	}
	if Date("x").Before("2022-01-01") || Date("2022-01-01").After("") {
		t.Error("a text that is not a date compares")
	}
	if got := DateOf(time.Date(2022, 3, 5, 23, 0, 0, 0, time.UTC)); got != "2022-03-05" {
		t.Errorf("DateOf: got %q", got)
	}
	if d, _ := ParseDate(" 2022-03-05 "); d != "2022-03-05" {
		t.Errorf("ParseDate trims: got %q", d)
	}
}

func TestHeure(t *testing.T) {
	for _, c := range []struct {
		h    Heure
		want string
	}{
		{"14:30", "14\u00a0h\u00a030"},
		{"09:00", "9\u00a0h"},
		{"00:05", "0\u00a0h\u00a005"},
		{"midi", "midi"},
	} {
		if got := c.h.Texte(); got != c.want {
			t.Errorf("%q: got %q, want %q", c.h, got, c.want)
		}
	}
}
