package fr

import (
	"errors"
	"fmt"
	"strings"
	"time"
)

// Date is a calendar day — year, month, day, with no time of day and no
// time zone — parsed once, when the session file, the workbook or the
// référentiel is read, and written the French ways here and nowhere else.
//
// A text that is not an AAAA-MM-JJ day does not stop the reading: the Date
// keeps it as typed (Valid is false, String returns the text), so that
// validation reports it with every other problem, naming its field or cell;
// every date of a validated session is a real day. The zero Date is "no
// date". Dates compare with ==.
type Date struct {
	year  int32
	month uint8 // 0 for the zero Date and for a text that is not a day
	day   uint8
	raw   string // the text as typed, when it is not a day
}

// ErrDate marks a text that is not an AAAA-MM-JJ date.
var ErrDate = errors.New("fr: not a date")

// ParseDate reads an AAAA-MM-JJ date, spaces around it ignored.
func ParseDate(s string) (Date, error) {
	d := DateText(strings.TrimSpace(s))
	if !d.Valid() {
		return Date{}, fmt.Errorf("%w: %q", ErrDate, s)
	}
	return d, nil
}

// MustDate is ParseDate for dates written in the program: it panics when s
// is not a date.
func MustDate(s string) Date {
	d, err := ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

// DateText reads the AAAA-MM-JJ text of a file as a Date: the day it
// writes, the zero Date for a blank text, and otherwise a Date that keeps
// the text for validation to name.
func DateText(s string) Date {
	if strings.TrimSpace(s) == "" {
		return Date{}
	}
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return Date{raw: s}
	}
	return DateOf(t)
}

// DateOf returns the day of t, in t's location.
func DateOf(t time.Time) Date {
	y, m, d := t.Date()
	return Date{year: int32(y), month: uint8(m), day: uint8(d)}
}

// IsZero tells whether no date was given.
func (d Date) IsZero() bool { return d == Date{} }

// Valid tells whether d is a real day.
func (d Date) Valid() bool { return d.month != 0 }

// String returns the date as AAAA-MM-JJ, the text as typed when it is not
// a day, "" for no date.
func (d Date) String() string {
	if !d.Valid() {
		return d.raw
	}
	return fmt.Sprintf("%04d-%02d-%02d", d.year, d.month, d.day)
}

// Year returns the year of a valid date, 0 otherwise.
func (d Date) Year() int { return int(d.year) }

// Month returns the month of a valid date, 0 otherwise.
func (d Date) Month() time.Month { return time.Month(d.month) }

// Day returns the day of the month of a valid date, 0 otherwise.
func (d Date) Day() int { return int(d.day) }

// Time returns the day at midnight UTC; ok is false when d is not a day.
func (d Date) Time() (t time.Time, ok bool) {
	if !d.Valid() {
		return time.Time{}, false
	}
	return time.Date(d.Year(), d.Month(), d.Day(), 0, 0, 0, 0, time.UTC), true
}

// AddYears returns the same day n years later (29 February gives 1 March
// in a common year); a date that is not a day is returned unchanged.
func (d Date) AddYears(n int) Date {
	t, ok := d.Time()
	if !ok {
		return d
	}
	return DateOf(t.AddDate(n, 0, 0))
}

// Before tells whether d comes before e; false when either is not a day.
func (d Date) Before(e Date) bool {
	if !d.Valid() || !e.Valid() {
		return false
	}
	if d.year != e.year {
		return d.year < e.year
	}
	if d.month != e.month {
		return d.month < e.month
	}
	return d.day < e.day
}

// After tells whether d comes after e; false when either is not a day.
func (d Date) After(e Date) bool { return e.Before(d) }

// MarshalText writes the date as String does: files and snapshots keep
// the AAAA-MM-JJ text they were read from.
func (d Date) MarshalText() ([]byte, error) { return []byte(d.String()), nil }

// UnmarshalText reads a date as DateText does. It never fails: a text that
// is not a day is kept for validation to report, with the other problems.
func (d *Date) UnmarshalText(b []byte) error {
	*d = DateText(string(b))
	return nil
}

var mois = [...]string{"janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"}

// Longue writes the date the French way, "1er novembre 2026", with a
// no-break space after the day. A text that is not a date (never the case
// in a validated session) is shown marked, not passed off as a date.
func (d Date) Longue() string {
	if !d.Valid() {
		return d.invalid()
	}
	day := fmt.Sprint(d.day)
	if d.day == 1 {
		day = "1er"
	}
	return day + "\u00a0" + mois[d.month-1] + " " + fmt.Sprint(d.year)
}

// Courte writes the date as 01/11/2026.
func (d Date) Courte() string {
	if !d.Valid() {
		return d.invalid()
	}
	return fmt.Sprintf("%02d/%02d/%04d", d.day, d.month, d.year)
}

func (d Date) invalid() string {
	if d.IsZero() {
		return ""
	}
	return "«\u00a0" + d.raw + "\u00a0» (date invalide)"
}
