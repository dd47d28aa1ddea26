package session

import (
	"bytes"
	"os"
	"testing"
)

func TestExempleIsTestdata(t *testing.T) {
	want, err := os.ReadFile("../testdata/session-exemple.json")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(ExempleJSON(), want) {
		t.Error("session/exemple.json differs from testdata/session-exemple.json: copy the latter over the former")
	}
}
