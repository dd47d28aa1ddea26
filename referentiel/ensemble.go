package referentiel

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// Errors of the ensemble.
var (
	// ErrDuplicate marks two référentiels with the same RNCP code.
	ErrDuplicate = errors.New("referentiel: same RNCP code twice")
	// ErrUnknown marks a certification the service does not hold.
	ErrUnknown = errors.New("referentiel: unknown certification")
)

// Ensemble is every référentiel a service holds: the default one (the
// embedded CISP, or the file given in its place) and those of a folder.
// Each is known by its RNCP code. An Ensemble is read-only once made.
type Ensemble struct {
	defaut *Referentiel
	all    []*Referentiel // the default first, then by code
	byCode map[string]*Referentiel
	files  map[string]string // code → file, for errors
}

// NewEnsemble returns the ensemble of defaut and others; defaut's file is
// named defautName in errors, others' by files (same order; may be nil).
// Two référentiels with the same code are an error naming both files.
func NewEnsemble(defaut *Referentiel, defautName string, others []*Referentiel, files []string) (*Ensemble, error) {
	e := &Ensemble{defaut: defaut, all: []*Referentiel{defaut}, byCode: map[string]*Referentiel{defaut.Certification.CodeRNCP: defaut},
		files: map[string]string{defaut.Certification.CodeRNCP: defautName}}
	var errs []error
	sorted := make([]int, len(others))
	for i := range sorted {
		sorted[i] = i
	}
	slices.SortStableFunc(sorted, func(a, b int) int {
		return strings.Compare(others[a].Certification.CodeRNCP, others[b].Certification.CodeRNCP)
	})
	for _, i := range sorted {
		r := others[i]
		name := fmt.Sprintf("(référentiel %d)", i+1)
		if i < len(files) {
			name = files[i]
		}
		code := r.Certification.CodeRNCP
		if first, dup := e.files[code]; dup {
			errs = append(errs, &DuplicateError{Code: code, File: name, First: first})
			continue
		}
		e.byCode[code], e.files[code] = r, name
		e.all = append(e.all, r)
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return e, nil
}

// Seul returns the ensemble of one référentiel.
func Seul(r *Referentiel) *Ensemble {
	e, _ := NewEnsemble(r, "", nil, nil) // one référentiel cannot clash
	return e
}

// Defaut returns the default référentiel: the one of today's routes and of
// a session that names no certification.
func (e *Ensemble) Defaut() *Referentiel { return e.defaut }

// All returns every référentiel, the default first, then by RNCP code.
func (e *Ensemble) All() []*Referentiel { return slices.Clone(e.all) }

// Len returns how many référentiels the ensemble holds.
func (e *Ensemble) Len() int { return len(e.all) }

// Codes returns the RNCP codes, in the order of All.
func (e *Ensemble) Codes() []string {
	out := make([]string, len(e.all))
	for i, r := range e.all {
		out[i] = r.Certification.CodeRNCP
	}
	return out
}

// Get returns the référentiel of a certification by its RNCP code (any case).
func (e *Ensemble) Get(code string) (*Referentiel, bool) {
	r, ok := e.byCode[strings.ToUpper(strings.TrimSpace(code))]
	return r, ok
}

// Choisir returns the référentiel a session names: the default one when it
// names none, else the one of its code, or an error wrapping ErrUnknown
// that lists the codes the ensemble holds.
func (e *Ensemble) Choisir(code string) (*Referentiel, error) {
	if strings.TrimSpace(code) == "" {
		return e.defaut, nil
	}
	if r, ok := e.Get(code); ok {
		return r, nil
	}
	return nil, &UnknownError{Code: code, Codes: e.Codes()}
}

// DuplicateError is a référentiel whose RNCP code another one has.
type DuplicateError struct {
	Code, File, First string
}

func (d *DuplicateError) Error() string {
	return fmt.Sprintf("référentiel %s\u00a0: le code %s est déjà celui de %s\u00a0: un seul référentiel par code RNCP", d.File, d.Code, d.First)
}

// Unwrap lets errors.Is(err, ErrDuplicate) match.
func (d *DuplicateError) Unwrap() error { return ErrDuplicate }

// UnknownError is a certification the ensemble does not hold.
type UnknownError struct {
	Code  string
	Codes []string // those it holds
}

func (u *UnknownError) Error() string {
	return fmt.Sprintf("certification «\u00a0%s\u00a0» inconnue de ce service\u00a0: certifications tenues %s", u.Code, strings.Join(u.Codes, ", "))
}

// Unwrap lets errors.Is(err, ErrUnknown) match.
func (u *UnknownError) Unwrap() error { return ErrUnknown }

// Version is the version of a référentiel: the start of the SHA-256 of its
// JSON form, so that any change to what it says gives another version. The
// registre records it with each session closed; the workbook carries it.
func (r *Referentiel) Version() string {
	data, _ := json.Marshal(r) // plain data: cannot fail
	sum := sha256.Sum256(data)
	return hex.EncodeToString(sum[:6])
}

// Extensions are the file names LoadDir reads in a folder.
var Extensions = []string{".yaml", ".yml", ".json"}

// LoadDir parses and validates every référentiel file of a folder (YAML or
// JSON, by extension; other files and sub-folders are ignored), in the
// order of their names. Every problem of every file is reported at once:
// each file's as a *ValidationError (path and line).
func LoadDir(dir string) ([]*Referentiel, []string, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, nil, fmt.Errorf("read referentiels %s: %w", dir, err)
	}
	var refs []*Referentiel
	var files []string
	var errs []error
	for _, de := range entries {
		if de.IsDir() || !slices.Contains(Extensions, strings.ToLower(filepath.Ext(de.Name()))) {
			continue
		}
		path := filepath.Join(dir, de.Name())
		r, err := LoadFile(path)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		refs, files = append(refs, r), append(files, path)
	}
	if len(errs) > 0 {
		return nil, nil, errors.Join(errs...)
	}
	return refs, files, nil
}
