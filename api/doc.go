// Package api is the HTTP service of certidoc, on echo v4: the référentiel as
// JSON and the documents as files. routes.go holds the route table, one file
// per resource holds its handlers, and errors.go is the one place where errors
// become HTTP statuses and RFC 9457 problem documents in French.
package api
