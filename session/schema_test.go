package session

import (
	"bytes"
	"encoding"
	"encoding/json"
	"os"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

// schema compiles session.schema.json, the JSON Schema given to users.
func schema(t *testing.T) (*jsonschema.Schema, map[string]any) {
	t.Helper()
	data, err := os.ReadFile("session.schema.json")
	if err != nil {
		t.Fatal(err)
	}
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	if err := c.AddResource("session.schema.json", doc); err != nil {
		t.Fatal(err)
	}
	sch, err := c.Compile("session.schema.json")
	if err != nil {
		t.Fatal(err)
	}
	return sch, doc.(map[string]any)
}

// TestSchemaValidatesTheExamples: the example session, with its planning,
// is valid against the schema, and a misspelt field or a wrong type is not.
func TestSchemaValidatesTheExamples(t *testing.T) {
	sch, _ := schema(t)
	for _, c := range []struct {
		name  string
		data  []byte
		valid bool
	}{
		{"exemple", exemple(t), true},
		{"exemple avec planning", withPlanning(t, func(map[string]any) {}), true},
		{"champ mal orthographié", withPlanning(t, func(s map[string]any) {
			seanceByID(t, s, "A1")["duree"] = 180
		}), false},
		{"heure mal écrite", withPlanning(t, func(s map[string]any) { seanceByID(t, s, "A1")["heure"] = "9h" }), false},
		{"forme inconnue", withPlanning(t, func(s map[string]any) { seanceByID(t, s, "A1")["forme"] = "visio" }), false},
		{"durée en texte", withPlanning(t, func(s map[string]any) { seanceByID(t, s, "A1")["duree_minutes"] = "180" }), false},
	} {
		t.Run(c.name, func(t *testing.T) {
			inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(c.data))
			if err != nil {
				t.Fatal(err)
			}
			err = sch.Validate(inst)
			if (err == nil) != c.valid {
				t.Errorf("valid = %v, want %v: %v", err == nil, c.valid, err)
			}
		})
	}
}

// TestSchemaFollowsTheModel: every field of the session's Go types is in
// the schema, and every property of the schema is a field: the two cannot
// drift apart.
func TestSchemaFollowsTheModel(t *testing.T) {
	_, doc := schema(t)
	defs := doc["$defs"].(map[string]any)
	var walk func(path string, typ reflect.Type, node map[string]any)
	walk = func(path string, typ reflect.Type, node map[string]any) {
		if ref, ok := node["$ref"].(string); ok {
			node = defs[strings.TrimPrefix(ref, "#/$defs/")].(map[string]any)
		}
		for typ.Kind() == reflect.Pointer {
			typ = typ.Elem()
		}
		if reflect.PointerTo(typ).Implements(reflect.TypeFor[encoding.TextUnmarshaler]()) {
			return // a date, a time: a string in the schema
		}
		switch typ.Kind() {
		case reflect.Slice:
			items, ok := node["items"].(map[string]any)
			if !ok {
				t.Errorf("%s: the schema gives no items", path)
				return
			}
			walk(path+"[]", typ.Elem(), items)
		case reflect.Struct:
			props, _ := node["properties"].(map[string]any)
			var fields []string
			for f := range typ.Fields() {
				name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
				if !f.IsExported() || name == "-" || name == "" {
					continue
				}
				fields = append(fields, name)
				p, ok := props[name].(map[string]any)
				if !ok {
					t.Errorf("%s.%s: a field of the model, not in the schema", path, name)
					continue
				}
				walk(path+"."+name, f.Type, p)
			}
			for name := range props {
				if !slices.Contains(fields, name) {
					t.Errorf("%s.%s: in the schema, not a field of the model", path, name)
				}
			}
		}
	}
	walk("session", reflect.TypeFor[Session](), doc)
	var probe map[string]any
	if err := json.Unmarshal(exemple(t), &probe); err != nil || len(probe) == 0 {
		t.Fatal("the example is not a JSON object")
	}
}
