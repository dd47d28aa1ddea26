// Command certidoc makes the paperwork of a certification's exam sessions
// from the embedded référentiel: blank and completed evaluation grids, the
// jury's procès-verbal, attestations, parchemins and result letters (PDF and
// DOCX), the entry workbook and its import, the results for other systems,
// the holders' report to the Caisse des Dépôts and the verification of
// codes; serve runs the same as an HTTP service. Each command is a file
// (grilles.go, dossier.go, serve.go…); they wire flags to the packages and
// decide nothing; flags.go declares the options shared by several commands
// once, writes the French --help and sorts flag errors by kind. Messages
// and help are in French.
package main
