package session

import (
	"bytes"
	_ "embed"
)

// exemple is testdata/session-exemple.json, embedded for the page's
// Aperçu (a test keeps the two files the same).
//
//go:embed exemple.json
var exempleFile []byte

// ExempleJSON returns the example session's file (testdata/session-exemple.json).
func ExempleJSON() []byte { return bytes.Clone(exempleFile) }
