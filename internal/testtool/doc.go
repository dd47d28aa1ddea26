// Package testtool holds what the tests of several packages share: the
// programs they check documents with, one LibreOffice per package (Office),
// PostgreSQL schemas, French typography checks, text differences.
//
// # Two tiers
//
// `go test -short ./...` runs every test that needs nothing but Go and the
// repository, in seconds. A test that runs a program (pdftotext, qpdf,
// soffice, ssconvert, python3 with openpyxl or uno, xmllint, zbarimg,
// pdftoppm, chromium, pg_dump) or needs a server (PostgreSQL) asks for it
// here — Need, Python, Office, PostgresSchema, External — and is skipped
// under -short, saying what it needs.
//
// `go test ./...` (the README's command, which .ci/run runs) runs them all: every
// golden file, property and check by an outside tool. There a missing
// program fails the test when CI is set, and skips it elsewhere, naming
// the Debian package that brings it.
//
// A package whose tests start LibreOffice or Chromium shares one of each
// between its tests and stops it in TestMain (Main), which fails the run if
// a process of theirs survives; .ci/run checks again after the whole suite.
package testtool
