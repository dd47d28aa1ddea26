package fr

import (
	"testing"
	"time"
)

func TestPaques(t *testing.T) {
	for year, want := range map[int]string{
		1818: "1818-03-22", // the earliest possible
		1943: "1943-04-25", // the latest possible
		2000: "2000-04-23", 2022: "2022-04-17", 2024: "2024-03-31",
		2025: "2025-04-20", 2026: "2026-04-05", 2027: "2027-03-28", 2038: "2038-04-25",
	} {
		if got := Paques(year).Format(time.DateOnly); got != want {
			t.Errorf("Paques(%d) = %s, want %s", year, got, want)
		}
	}
}

func TestFerie(t *testing.T) {
	for _, c := range []struct {
		date, want string
	}{
		{"2026-01-01", "jour de l’An"},
		{"2026-04-06", "lundi de Pâques"},
		{"2026-05-01", "fête du Travail"},
		{"2026-05-08", "Victoire 1945"},
		{"2026-05-14", "Ascension"},
		{"2026-05-25", "lundi de Pentecôte"},
		{"2026-07-14", "fête nationale"},
		{"2026-08-15", "Assomption"},
		{"2026-11-01", "Toussaint"},
		{"2026-11-11", "armistice 1918"},
		{"2026-12-25", "Noël"},
		{"2024-04-01", "lundi de Pâques"},
		{"2024-05-09", "Ascension"},
		{"2024-05-20", "lundi de Pentecôte"},
		{"2022-11-14", ""},
		{"2026-04-05", ""}, // Easter Sunday itself: a Sunday, not a holiday of its own
		{"2026-04-03", ""}, // Vendredi saint: Alsace-Moselle only
		{"2026-12-26", ""},
		{"2026-05-15", ""},
	} {
		got, ok := Ferie(MustDate(c.date))
		if got != c.want || ok != (c.want != "") {
			t.Errorf("Ferie(%s) = %q, %v, want %q", c.date, got, ok, c.want)
		}
	}
	if _, ok := Ferie(Date{}); ok {
		t.Error("the zero date is a holiday")
	}
}
