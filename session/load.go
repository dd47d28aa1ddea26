package session

import (
	"bytes"
	"encoding"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"reflect"
	"sort"
	"strings"
	"unicode/utf8"

	"certidoc/fr"
	"certidoc/referentiel"
)

// Errors of Parse.
var (
	// ErrMalformed marks a document that is not JSON at all.
	ErrMalformed = errors.New("session: malformed JSON")
	// ErrInvalid marks a session with problems; the error is a *Report.
	ErrInvalid = errors.New("session: invalid")
)

// MalformedError says where a document stops being JSON.
type MalformedError struct {
	Line, Column int
	Detail       string
}

func (e *MalformedError) Error() string {
	return fmt.Sprintf("JSON illisible ligne %d, colonne %d\u00a0: %s", e.Line, e.Column, e.Detail)
}

// Unwrap lets errors.Is(err, ErrMalformed) match.
func (e *MalformedError) Unwrap() error { return ErrMalformed }

// Parse reads a session from JSON and validates it against the référentiel
// and the documents' font. It returns the session and its report
// (warnings) when the session is valid; otherwise a *MalformedError or a
// *Report with every problem.
func Parse(data []byte, ref *referentiel.Referentiel, font Font) (*Session, *Report, error) {
	return parse(data, ref, font, false)
}

// ParsePacked is Parse for a session kept in memory while its dossier is
// made: each candidate's evaluations are packed as soon as the candidate
// is read (pack.go), so that the session never holds them all decoded.
// Read them through Candidat.Unpacked or EvaluationOf.
func ParsePacked(data []byte, ref *referentiel.Referentiel, font Font) (*Session, *Report, error) {
	return parse(data, ref, font, true)
}

func parse(data []byte, ref *referentiel.Referentiel, font Font, pack bool) (*Session, *Report, error) {
	// Notepad and Excel's "CSV UTF-8" start a file with a byte order mark.
	data = bytes.TrimPrefix(data, []byte("\uFEFF"))
	if !utf8.Valid(data) {
		off := 0
		for off < len(data) {
			r, size := utf8.DecodeRune(data[off:])
			if r == utf8.RuneError && size <= 1 {
				break
			}
			off += size
		}
		line, col := position(data, off+1)
		return nil, nil, &MalformedError{Line: line, Column: col, Detail: "texte qui n’est pas en UTF-8\u00a0: enregistrez le fichier en UTF-8"}
	}
	// The common case decodes straight into the typed session. Only when
	// that fails is the document decoded as a tree, to name every unknown
	// field and wrong type by its path: large sessions pay for no tree.
	var s Session
	if err := decodeStrict(data, &s, pack); err != nil {
		s = Session{}
		var tree any
		dec := json.NewDecoder(bytes.NewReader(data))
		dec.UseNumber()
		if err := dec.Decode(&tree); err != nil {
			return nil, nil, malformed(data, err)
		}
		if dec.More() {
			off := int(dec.InputOffset())
			for off < len(data) && strings.ContainsRune(" \t\r\n", rune(data[off])) {
				off++
			}
			line, col := position(data, off+1)
			return nil, nil, &MalformedError{Line: line, Column: col, Detail: "du texte suit le document JSON"}
		}
		rep := &Report{}
		checkShape(tree, reflect.TypeFor[Session](), "", rep)
		if len(rep.Problemes) > 0 {
			return nil, nil, rep
		}
		if err := json.Unmarshal(data, &s); err != nil {
			// checkShape accepts only what decodes; this is a bug, not the user's.
			return nil, nil, fmt.Errorf("decode session: %w", err)
		}
		compact(&s)
		if pack {
			s.Pack()
		}
	}
	rep := &Report{}
	validate(&s, ref, font, rep)
	if len(rep.Problemes) > 0 {
		return nil, nil, rep
	}
	return &s, rep, nil
}

// Validate checks a session built in memory (from a workbook, say) with
// the same rules as Parse; the report's paths are JSON paths into s.
func Validate(s *Session, ref *referentiel.Referentiel, font Font) *Report {
	rep := &Report{}
	validate(s, ref, font, rep)
	return rep
}

func malformed(data []byte, err error) error {
	var se *json.SyntaxError
	if errors.As(err, &se) {
		// Offset counts the bytes read, the faulty one included.
		line, col := position(data, int(se.Offset))
		return &MalformedError{Line: line, Column: col, Detail: "syntaxe incorrecte (virgule, guillemet ou accolade manquant\u202f?)"}
	}
	if errors.Is(err, io.EOF) || len(bytes.TrimSpace(data)) == 0 {
		return &MalformedError{Line: 1, Column: 1, Detail: "le document est vide ou incomplet"}
	}
	line, col := position(data, len(data)+1)
	return &MalformedError{Line: line, Column: col, Detail: "le document s’arrête avant sa fin (accolade ou crochet non fermé\u202f?)"}
}

// position returns the 1-based line and column of the off-th byte (1-based).
func position(data []byte, off int) (int, int) {
	off = min(max(off, 1), len(data)+1)
	before := data[:off-1]
	line := bytes.Count(before, []byte("\n")) + 1
	col := off - 1 - bytes.LastIndexByte(before, '\n')
	return line, col
}

// checkShape compares a decoded JSON tree with the Go type it must fill and
// reports every unknown field and every value of the wrong kind, with its
// path, so that nothing a user typed is silently dropped.
func checkShape(v any, t reflect.Type, path string, rep *Report) {
	if v == nil {
		return // null: the zero value; required fields are checked later
	}
	bad := func(want string) {
		rep.Add(Probleme{Chemin: orRoot(path), Message: fmt.Sprintf("%s attendu, %s trouvé", want, kindOf(v))})
	}
	if t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	kind := t.Kind()
	if reflect.PointerTo(t).Implements(textType) {
		kind = reflect.String // fr.Date, fr.Heure: written as text
	}
	if t == decimalType {
		n, ok := v.(json.Number)
		if !ok {
			bad("nombre d’au plus deux décimales (par exemple 12.5, sans guillemets)")
			return
		}
		if _, err := referentiel.ParseDecimal(n.String()); err != nil || strings.ContainsAny(n.String(), "eE") {
			bad("nombre d’au plus deux décimales (par exemple 12.5)")
		}
		return
	}
	switch kind {
	case reflect.String:
		if _, ok := v.(string); !ok {
			bad("texte entre guillemets")
		}
	case reflect.Bool:
		if _, ok := v.(bool); !ok {
			bad("true ou false")
		}
	case reflect.Int:
		n, ok := v.(json.Number)
		if !ok {
			bad("nombre entier")
			return
		}
		if _, err := n.Int64(); err != nil {
			bad("nombre entier")
		}
	case reflect.Slice:
		arr, ok := v.([]any)
		if !ok {
			bad("liste [ … ]")
			return
		}
		for i, e := range arr {
			checkShape(e, t.Elem(), fmt.Sprintf("%s[%d]", path, i), rep)
		}
	case reflect.Struct:
		obj, ok := v.(map[string]any)
		if !ok {
			bad("objet { … }")
			return
		}
		fields := map[string]reflect.Type{}
		var names []string
		for i := 0; i < t.NumField(); i++ {
			name, _, _ := strings.Cut(t.Field(i).Tag.Get("json"), ",")
			fields[name] = t.Field(i).Type
			names = append(names, name)
		}
		keys := make([]string, 0, len(obj))
		for k := range obj {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			ft, known := fields[k]
			if !known {
				if rep.Full() {
					rep.Omit(1)
					continue
				}
				rep.Add(Probleme{Chemin: join(path, fr.Extrait(k)), Message: fmt.Sprintf("champ inconnu\u00a0: vérifiez l’orthographe (champs possibles\u00a0: %s)", strings.Join(names, ", "))})
				continue
			}
			checkShape(obj[k], ft, join(path, k), rep)
		}
	}
}

// decimalType is a mark: a JSON number of at most two decimals.
var decimalType = reflect.TypeFor[referentiel.Decimal]()

// textType is implemented by the values a session file writes as text and
// certidoc reads as a value (fr.Date, fr.Heure).
var textType = reflect.TypeFor[encoding.TextUnmarshaler]()

func join(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

func orRoot(path string) string {
	if path == "" {
		return "(document)"
	}
	return path
}

func kindOf(v any) string {
	switch v.(type) {
	case string:
		return "un texte"
	case bool:
		return "un booléen"
	case json.Number:
		return "un nombre"
	case []any:
		return "une liste"
	case map[string]any:
		return "un objet"
	}
	return "une valeur"
}

// CertificationOf returns the certification a session file names (its
// "certification"), "" when it names none or is not a JSON object: Parse
// then says what is wrong with it.
func CertificationOf(data []byte) string {
	var head struct {
		Certification any `json:"certification"`
	}
	if json.Unmarshal(bytes.TrimPrefix(data, []byte("\uFEFF")), &head) != nil {
		return ""
	}
	code, _ := head.Certification.(string)
	return strings.TrimSpace(code)
}
