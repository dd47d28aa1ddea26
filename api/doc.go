// Package api is the HTTP service of certidoc, on echo v4: the référentiel as
// JSON and the documents as files. routes.go holds the route table, one file
// per resource holds its handlers, and errors.go is the one place where errors
// become HTTP statuses and RFC 9457 problem documents in French.
// logbuffer.go writes the service's log (JSON lines written together),
// httpmetrics.go the request metrics; answers_test.go pins what a client
// reads of each kind of answer, byte for byte (testdata/answers.golden).
// The page is in web/.
//
// The service uses the registre through small interfaces declared beside
// their handlers (codeLookup, lister, closer, revoker, reissuer,
// lateCounter, stateReader), gathered in Registre: *registre.Registre is the one the
// command wires, and handler tests give fakes of what a route uses.
package api
