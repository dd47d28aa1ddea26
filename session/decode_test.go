package session

import (
	"bytes"
	"encoding/json"
	"os"
	"reflect"
	"strings"
	"testing"
)

// referenceDecode is how Parse decoded a session before decodeStrict: one
// strict decoder over the whole document.
func referenceDecode(data []byte) (Session, bool) {
	var s Session
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&s); err != nil || dec.More() {
		return Session{}, false
	}
	return s, true
}

// checkDecodeStrict: what decodeStrict takes, the strict decoder takes
// too, into the same session; and it takes every plain session.
func checkDecodeStrict(t *testing.T, data []byte, plain bool) {
	t.Helper()
	var got Session
	err := decodeStrict(data, &got, false)
	want, ok := referenceDecode(data)
	if err == nil && !ok {
		t.Fatalf("decodeStrict took a document the strict decoder refuses: %.80q", data)
	}
	if err == nil && !reflect.DeepEqual(got, want) {
		t.Fatalf("decodeStrict and the strict decoder read different sessions from %.80q", data)
	}
	if plain && err != nil {
		t.Fatalf("decodeStrict refused a plain session: %v", err)
	}
}

func TestDecodeStrict(t *testing.T) {
	exemple, err := os.ReadFile("../testdata/session-exemple.json")
	if err != nil {
		t.Fatal(err)
	}
	checkDecodeStrict(t, exemple, true)
	for _, c := range []struct {
		name, doc string
		plain     bool
	}{
		{"empty object", `{}`, true},
		{"no candidates", `{"candidats": []}`, true},
		{"null candidates", `{"candidats": null}`, true},
		{"candidates twice", `{"candidats": [{"numero": "1"}], "candidats": [{"numero": "2"}, {"numero": "3"}]}`, true},
		{"session twice", `{"session": {"identifiant": "A"}, "session": {"lieu_ignored": 1}}`, false},
		{"unknown field", `{"candidat": []}`, false},
		{"unknown field in a candidate", `{"candidats": [{"numero": "1", "age": 3}]}`, false},
		{"field in capitals", `{"CANDIDATS": []}`, false},
		{"wrong type", `{"candidats": {}}`, false},
		{"candidate of a wrong type", `{"candidats": [3]}`, false},
		{"trailing text", `{} x`, false},
		{"second document", `{} {}`, false},
		{"array", `[]`, false},
		{"null", `null`, false},
		{"cut short", `{"candidats": [{"numero": "1"}`, false},
		{"bad date", `{"session": {"epreuves_du": "31/02/2022"}}`, true},
	} {
		t.Run(c.name, func(t *testing.T) { checkDecodeStrict(t, []byte(c.doc), c.plain) })
	}
}

// Compacting changes nothing a reader sees: the example decoded plainly and
// decoded by decodeStrict are deeply equal, and their JSON is the same.
func TestDecodeStrictKeepsTheJSON(t *testing.T) {
	data, err := os.ReadFile("../testdata/session-exemple.json")
	if err != nil {
		t.Fatal(err)
	}
	var got Session
	if err := decodeStrict(data, &got, false); err != nil {
		t.Fatal(err)
	}
	want, _ := referenceDecode(data)
	a, _ := json.Marshal(got)
	b, _ := json.Marshal(want)
	if !bytes.Equal(a, b) {
		t.Error("the session decoded by decodeStrict marshals to other JSON")
	}
	if strings.Count(string(a), `"competence"`) == 0 {
		t.Error("the example has no criteria: the test compares nothing")
	}
}

func FuzzDecodeStrict(f *testing.F) {
	exemple, err := os.ReadFile("../testdata/session-exemple.json")
	if err != nil {
		f.Fatal(err)
	}
	f.Add(exemple)
	f.Add([]byte(`{"candidats": [{"numero": "1"}], "candidats": null}`))
	f.Fuzz(func(t *testing.T, data []byte) { checkDecodeStrict(t, data, false) })
}
