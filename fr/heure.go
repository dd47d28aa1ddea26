package fr

import "fmt"

// Heure is a time of day as the session file writes it, HH:MM (00:00 to
// 23:59), parsed once when the file or the workbook is read. Like Date, a
// text that is not a time of day is kept as typed for validation to name;
// the zero Heure is "no time given".
type Heure struct {
	hour, minute uint8
	ok           bool   // a time of day
	raw          string // the text as typed, when it is not one
}

// HeureText reads the HH:MM text of a file as an Heure: the time it
// writes, the zero Heure for an empty text, and otherwise an Heure that
// keeps the text for validation to name.
func HeureText(s string) Heure {
	if s == "" {
		return Heure{}
	}
	digit := func(i int) (int, bool) { return int(s[i] - '0'), s[i] >= '0' && s[i] <= '9' }
	if len(s) == 5 && s[2] == ':' {
		h1, ok1 := digit(0)
		h2, ok2 := digit(1)
		m1, ok3 := digit(3)
		m2, ok4 := digit(4)
		h, m := h1*10+h2, m1*10+m2
		if ok1 && ok2 && ok3 && ok4 && h < 24 && m < 60 {
			return Heure{hour: uint8(h), minute: uint8(m), ok: true}
		}
	}
	return Heure{raw: s}
}

// MustHeure is HeureText for times written in the program: it panics when
// s is not a time of day.
func MustHeure(s string) Heure {
	h := HeureText(s)
	if !h.Valid() {
		panic(fmt.Sprintf("fr: not a time of day: %q", s))
	}
	return h
}

// IsZero tells whether no time was given.
func (h Heure) IsZero() bool { return h == Heure{} }

// Valid tells whether h is a time of day.
func (h Heure) Valid() bool { return h.ok }

// String returns the time as HH:MM, the text as typed when it is not a
// time of day, "" for none.
func (h Heure) String() string {
	if !h.ok {
		return h.raw
	}
	return fmt.Sprintf("%02d:%02d", h.hour, h.minute)
}

// Minutes returns the time of day as minutes after midnight; ok is false
// when h is not a time of day.
func (h Heure) Minutes() (n int, ok bool) {
	return int(h.hour)*60 + int(h.minute), h.ok
}

// HeureMinutes is the time of day n minutes after midnight (0 to 1439).
func HeureMinutes(n int) Heure {
	if n < 0 || n >= 24*60 {
		panic(fmt.Sprintf("fr: not minutes of a day: %d", n))
	}
	return Heure{hour: uint8(n / 60), minute: uint8(n % 60), ok: true}
}

// Texte writes the time the French way: "14\u00a0h\u00a030", "9\u00a0h";
// a text that is not a time of day as it is.
func (h Heure) Texte() string {
	switch {
	case !h.ok:
		return h.raw
	case h.minute == 0:
		return fmt.Sprintf("%d\u00a0h", h.hour)
	}
	return fmt.Sprintf("%d\u00a0h\u00a0%02d", h.hour, h.minute)
}

// MarshalText writes the time as String does.
func (h Heure) MarshalText() ([]byte, error) { return []byte(h.String()), nil }

// UnmarshalText reads a time as HeureText does; it never fails.
func (h *Heure) UnmarshalText(b []byte) error {
	*h = HeureText(string(b))
	return nil
}
