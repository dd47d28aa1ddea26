// Package fr holds the values that the session file, the workbook and the
// référentiel write as text and the documents write the French way, parsed
// once when the file is read: calendar days (Date, AAAA-MM-JJ, written
// "1er novembre 2026" or "01/11/2026", date.go) and times of day (Heure,
// HH:MM, written "14\u00a0h\u00a030", heure.go). A text that is not a day
// or a time is kept as typed, so that validation names it with every other
// problem. Also Slug, which turns French text into a safe file name
// ("L’Hermitte" → "l-hermitte", slug.go), Paris, the Europe/Paris zone
// (paris.go), Typo, which gives text a user typed the no-break spaces of
// French typography (typo.go), and Nombre, a count and its noun agreed
// ("1 problème", "3 problèmes", nombre.go). It imports nothing of the
// project, so that every package, from the référentiel up, can use it.
package fr
