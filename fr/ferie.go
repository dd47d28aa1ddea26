package fr

import "time"

// Ferie returns the name of the French public holiday that d is ("lundi de
// Pâques", "14 juillet"…) and true, or "" and false. The eleven holidays of
// the Code du travail (L3133-1) are computed for any year, Easter by the
// Gregorian computus (Meeus/Jones/Butcher); the two days kept in
// Alsace-Moselle only (Vendredi saint, 26 décembre) are not among them.
func Ferie(d Date) (string, bool) {
	if !d.Valid() {
		return "", false
	}
	switch m, day := d.Month(), d.Day(); {
	case m == time.January && day == 1:
		return "jour de l’An", true
	case m == time.May && day == 1:
		return "fête du Travail", true
	case m == time.May && day == 8:
		return "Victoire 1945", true
	case m == time.July && day == 14:
		return "fête nationale", true
	case m == time.August && day == 15:
		return "Assomption", true
	case m == time.November && day == 1:
		return "Toussaint", true
	case m == time.November && day == 11:
		return "armistice 1918", true
	case m == time.December && day == 25:
		return "Noël", true
	}
	t, _ := d.Time()
	paques := Paques(d.Year())
	switch int(t.Sub(paques).Hours()+12) / 24 {
	case 1:
		return "lundi de Pâques", true
	case 39:
		return "Ascension", true
	case 50:
		return "lundi de Pentecôte", true
	}
	return "", false
}

// Paques returns Easter Sunday of a Gregorian year, at midnight UTC.
func Paques(year int) time.Time {
	a := year % 19
	b, c := year/100, year%100
	d, e := b/4, b%4
	f := (b + 8) / 25
	g := (b - f + 1) / 3
	h := (19*a + b - d - g + 15) % 30
	i, k := c/4, c%4
	l := (32 + 2*e + 2*i - h - k) % 7
	m := (a + 11*h + 22*l) / 451
	month := (h + l - 7*m + 114) / 31
	day := (h+l-7*m+114)%31 + 1
	return time.Date(year, time.Month(month), day, 0, 0, 0, 0, time.UTC)
}

// Weekday returns the day of the week of d; ok is false when d is not a
// day.
func (d Date) Weekday() (time.Weekday, bool) {
	t, ok := d.Time()
	if !ok {
		return 0, false
	}
	return t.Weekday(), true
}

var jours = [...]string{"dimanche", "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi"}

// Jour writes the date with its day of the week: "mercredi 5 octobre 2022".
func (d Date) Jour() string {
	wd, ok := d.Weekday()
	if !ok {
		return d.Longue()
	}
	return jours[wd] + " " + d.Longue()
}
