// Package reedition makes papers from what the registre keeps: a closed
// session's dossier made again from its snapshot, with the short codes on
// record and its revoked documents left out (Dossier); a duplicata of one
// document, same number and code (Duplicata); the holders' flux for the
// Caisse des Dépôts (Accrochage); the registre's listing as CSV (WriteCSV).
//
// It sits above package registre, which stores and never renders: registre
// knows sessions, entries, codes and revocations; this package knows how
// they become documents (package documents) and exports.
//
// Naming, as in every package: domain nouns are French, as the users say
// them (Dossier, Duplicata, Accrochage); technical verbs and nouns are
// English (WriteCSV).
package reedition
