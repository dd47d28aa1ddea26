package fr

import (
	"errors"
	"fmt"
	"strings"
	"time"
)

// Date is a calendar day as the session file and the référentiel write it,
// AAAA-MM-JJ. It is text underneath, so that a wrong date reaches
// validation as the user typed it (validation names it and refuses the
// session; the workbook's field table points at it as at any text): every
// date of a validated session is a real day. Parsing and the French ways of
// writing a date live here and nowhere else.
type Date string

// ErrDate marks a text that is not an AAAA-MM-JJ date.
var ErrDate = errors.New("fr: not a date")

// ParseDate reads an AAAA-MM-JJ date.
func ParseDate(s string) (Date, error) {
	d := Date(strings.TrimSpace(s))
	if _, ok := d.Time(); !ok {
		return "", fmt.Errorf("%w: %q", ErrDate, s)
	}
	return d, nil
}

// DateOf returns the day of t.
func DateOf(t time.Time) Date { return Date(t.Format(time.DateOnly)) }

// Time returns the day at midnight UTC; ok is false when d is empty or not
// a real day.
func (d Date) Time() (t time.Time, ok bool) {
	t, err := time.Parse(time.DateOnly, string(d))
	return t, err == nil
}

// IsZero tells whether no date was given.
func (d Date) IsZero() bool { return strings.TrimSpace(string(d)) == "" }

// Valid tells whether d is a real day.
func (d Date) Valid() bool { _, ok := d.Time(); return ok }

// Before tells whether d comes before e; false when either is not a date.
func (d Date) Before(e Date) bool {
	a, okA := d.Time()
	b, okB := e.Time()
	return okA && okB && a.Before(b)
}

// After tells whether d comes after e; false when either is not a date.
func (d Date) After(e Date) bool { return e.Before(d) }

var mois = [...]string{"janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"}

// Longue writes the date the French way, "1er novembre 2026", with a
// no-break space after the day. A text that is not a date (never the case
// in a validated session) is shown marked, not passed off as a date.
func (d Date) Longue() string {
	t, ok := d.Time()
	if !ok {
		return d.invalid()
	}
	day := fmt.Sprint(t.Day())
	if t.Day() == 1 {
		day = "1er"
	}
	return day + "\u00a0" + mois[t.Month()-1] + " " + fmt.Sprint(t.Year())
}

// Courte writes the date as 01/11/2026.
func (d Date) Courte() string {
	t, ok := d.Time()
	if !ok {
		return d.invalid()
	}
	return t.Format("02/01/2006")
}

func (d Date) invalid() string {
	if d.IsZero() {
		return ""
	}
	return "«\u00a0" + string(d) + "\u00a0» (date invalide)"
}

// Heure is a time of day as the session file writes it, HH:MM.
type Heure string

// Texte writes the time the French way: "14\u00a0h\u00a030", "9\u00a0h".
func (h Heure) Texte() string {
	hh, mm, ok := strings.Cut(string(h), ":")
	if !ok {
		return string(h)
	}
	hh = strings.TrimPrefix(hh, "0")
	if hh == "" {
		hh = "0"
	}
	if mm == "00" {
		return hh + "\u00a0h"
	}
	return hh + "\u00a0h\u00a0" + mm
}
