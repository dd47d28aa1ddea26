package verification

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"unicode/utf8"
)

// MinKeyLength is the shortest key accepted, in bytes.
const MinKeyLength = 32

// Errors of verification.
var (
	// ErrUnknown is a code that no key signed, or that was altered.
	ErrUnknown = errors.New("verification: unknown or altered code")
	// ErrKey is an unusable key setting.
	ErrKey = errors.New("verification: unusable key")
)

// Kinds of documents.
const (
	Attestation = "attestation"
	Parchemin   = "parchemin"
)

// Facts are what a document certifies.
type Facts struct {
	Kind      string // Attestation or Parchemin
	Titulaire string // the holder's name as printed
	Code      string // the bloc's code (RNCP36128BC02) or the certification's (RNCP36128)
	Date      string // the jury's decision, AAAA-MM-JJ
	Numero    string // the document number
}

const (
	version = "1"
	sep     = "\x1f"
	macLen  = 16
	idLen   = 2
)

// Keys signs with the current key and verifies with every key.
type Keys struct {
	current []byte
	all     [][]byte
}

// NewKeys reads the current key and the old ones kept for verification.
func NewKeys(current string, old []string) (*Keys, error) {
	var errs []error
	check := func(flag, k string) {
		if len(k) < MinKeyLength {
			errs = append(errs, keyError(fmt.Sprintf("%s\u00a0: clé de %d caractères, %d au moins (par exemple\u00a0: openssl rand -hex 32)", flag, len(k), MinKeyLength)))
		}
	}
	check("--cle-verification", current)
	k := &Keys{current: []byte(current), all: [][]byte{[]byte(current)}}
	for _, o := range old {
		if o = strings.TrimSpace(o); o == "" {
			continue
		}
		check("--cles-verification-anciennes", o)
		k.all = append(k.all, []byte(o))
	}
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	return k, nil
}

// keyError is an unusable key setting, told in French for the operator
// who set it; it is ErrKey for errors.Is, without ErrKey's English words.
type keyError string

func (e keyError) Error() string        { return string(e) }
func (e keyError) Is(target error) bool { return target == ErrKey }

func keyID(key []byte) []byte {
	sum := sha256.Sum256(append([]byte("certidoc-key-id:"), key...))
	return sum[:idLen]
}

func mac(key []byte, payload string) []byte {
	m := hmac.New(sha256.New, key)
	m.Write([]byte(payload))
	return m.Sum(nil)[:macLen]
}

// Sign returns the code of a document's facts.
func (k *Keys) Sign(f Facts) string {
	payload := strings.Join([]string{version, f.Kind, f.Titulaire, f.Code, f.Date, f.Numero}, sep)
	buf := append(append(keyID(k.current), mac(k.current, payload)...), payload...)
	return base64.RawURLEncoding.EncodeToString(buf)
}

// reCode is the alphabet of codes: the base64url decoder would skip line
// breaks, so that two different texts could read as one code.
var reCode = regexp.MustCompile(`^[A-Za-z0-9_-]+$`)

// Verify returns the facts of a genuine code, or ErrUnknown. Exactly one
// text verifies for a document: the decoding is strict.
func (k *Keys) Verify(code string) (Facts, error) {
	code = strings.TrimSpace(code)
	if !reCode.MatchString(code) {
		return Facts{}, ErrUnknown
	}
	raw, err := base64.RawURLEncoding.Strict().DecodeString(code)
	if err != nil || len(raw) <= idLen+macLen {
		return Facts{}, ErrUnknown
	}
	id, sum, payload := raw[:idLen], raw[idLen:idLen+macLen], string(raw[idLen+macLen:])
	for _, key := range k.all {
		if !hmac.Equal(keyID(key), id) || !hmac.Equal(mac(key, payload), sum) {
			continue
		}
		parts := strings.Split(payload, sep)
		if len(parts) != 6 || parts[0] != version || !utf8.ValidString(payload) {
			return Facts{}, ErrUnknown
		}
		return Facts{Kind: parts[1], Titulaire: parts[2], Code: parts[3], Date: parts[4], Numero: parts[5]}, nil
	}
	return Facts{}, ErrUnknown
}
