// Package session holds one exam session's data — the bodies, the jury, the
// candidates with their evaluations and the jury's decisions — read from a
// JSON document (load.go; package classeur reads the workbook into the same
// types) and validated against the référentiel, every problem at once with
// its path, before any document is made from it. Dates and times are fr
// values parsed once at reading; a wrong one is kept as typed and named by
// validation. valeurs.go holds the coded values (civilité, sexe, a jury
// member's role, the jury's verdict, the route) with their French labels
// and agreements. deliberation.go computes what the jury needs: the proposal
// per bloc by the référentiel's rule, the decisions kept apart, and each
// candidate's overall result; jury.go checks the jury's composition;
// validate.go and texts.go name every problem (a Probleme) with its path;
// enregistrement.go says who may not receive a level after the end of the
// certification's registration; decode.go reads a session file one
// candidate at a time and compact.go shares its repeated codes, for the
// memory of large sessions.
// pack.go keeps each candidate's evaluations packed, for a session held
// while its dossier streams (ParsePacked).
//
// Naming, as in every package: domain nouns are French, as the users say
// them (Candidat, Jury, Deliberation, Resultats, and the act Deliberer);
// technical verbs and nouns are English (Parse, Validate, Pack, Unpacked).
package session
