// Package referentiel holds the certification's référentiel — blocs,
// activités, compétences with their critères d'évaluation, épreuves, the
// evaluation scale and the bloc rule — as typed, validated Go values.
//
// The référentiel of the CISP (RNCP36128) is embedded from cisp.yaml, which is
// hand-transcribed from the 2021 document. Every document of the project is
// built from these values; nothing about the certification is written in code.
//
// Naming, as in every package: domain nouns are French, as the users say
// them and the référentiel writes them (Bloc, Competence, Critere, Epreuve,
// Echelle, RegleBloc); technical verbs and nouns are English (LoadFile,
// Parse, Embedded, Propose, Description).
package referentiel
