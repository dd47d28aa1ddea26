// Package fr holds the values that the session file and the référentiel
// write as text and the documents write the French way, and the one place
// that parses and writes them: calendar days (Date, AAAA-MM-JJ, written
// "1er novembre 2026" or "01/11/2026", date.go) and times of day (Heure,
// HH:MM, written "14\u00a0h\u00a030"); and Slug, which turns French text
// into a safe file name ("L’Hermitte" → "l-hermitte", slug.go). It imports
// nothing of the project, so that every package, from the référentiel up,
// can use it.
package fr
