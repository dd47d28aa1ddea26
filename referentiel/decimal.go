package referentiel

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"
)

// Decimal is an exact decimal number of at most two decimals, such as a
// mark (12.5), a coefficient (1.5), a step (0.25) or a threshold (10):
// held as a whole number of hundredths, so that the averages of marks are
// computed exactly, without the surprises of binary fractions. JSON and
// YAML write it as a number (12.5).
type Decimal int64

// ErrDecimal marks a text that is not a decimal of at most two decimals.
var ErrDecimal = errors.New("referentiel: not a decimal of at most two decimals")

// Centiemes returns the number of hundredths: 1250 for 12.5.
func (d Decimal) Centiemes() int64 { return int64(d) }

// FromCentiemes returns the decimal of n hundredths.
func FromCentiemes(n int64) Decimal { return Decimal(n) }

// Unit returns the decimal of a whole number.
func Unit(n int64) Decimal { return Decimal(n * 100) }

// ParseDecimal reads a decimal as users type it: "12,5", "12.5", "12",
// " 9,75 ", "-1,5"; a comma or a point before the decimals, at most two
// of them, no thousands separator.
func ParseDecimal(s string) (Decimal, error) {
	t := strings.TrimSpace(strings.NewReplacer("\u00a0", "", "\u202f", "").Replace(s))
	neg := strings.HasPrefix(t, "-")
	if neg || strings.HasPrefix(t, "+") {
		t = t[1:]
	}
	whole, frac, hasFrac := strings.Cut(strings.ReplaceAll(t, ",", "."), ".")
	if whole == "" && !hasFrac || len(frac) > 2 || hasFrac && frac == "" || strings.ContainsAny(frac, ".") {
		return 0, fmt.Errorf("%w: %q", ErrDecimal, s)
	}
	for _, r := range whole + frac {
		if r < '0' || r > '9' {
			return 0, fmt.Errorf("%w: %q", ErrDecimal, s)
		}
	}
	if whole == "" {
		whole = "0"
	}
	w, err := strconv.ParseInt(whole, 10, 64)
	if err != nil || w > 1e12 {
		return 0, fmt.Errorf("%w: %q", ErrDecimal, s)
	}
	frac += strings.Repeat("0", 2-len(frac))
	f, _ := strconv.ParseInt(frac, 10, 64) // two digits
	d := Decimal(w*100 + f)
	if neg {
		d = -d
	}
	return d, nil
}

// String writes the decimal as JSON does: 12.5, 10, 9.75.
func (d Decimal) String() string {
	sign := ""
	n := int64(d)
	if n < 0 {
		sign, n = "-", -n
	}
	s := fmt.Sprintf("%s%d.%02d", sign, n/100, n%100)
	return strings.TrimSuffix(strings.TrimRight(s, "0"), ".")
}

// Francais writes the decimal with a decimal comma, as short as it is:
// "12,5", "10", "9,75".
func (d Decimal) Francais() string { return strings.Replace(d.String(), ".", ",", 1) }

// Deux writes the decimal with a decimal comma and two decimals: "12,50".
func (d Decimal) Deux() string {
	sign := ""
	n := int64(d)
	if n < 0 {
		sign, n = "-", -n
	}
	return fmt.Sprintf("%s%d,%02d", sign, n/100, n%100)
}

// Float returns the decimal as a float64, for the workbook's cells.
func (d Decimal) Float() float64 { return float64(d) / 100 }

// MarshalJSON writes the decimal as a JSON number.
func (d Decimal) MarshalJSON() ([]byte, error) { return []byte(d.String()), nil }

// UnmarshalJSON reads a JSON number of at most two decimals; a text, even
// "12,5", is refused: in JSON, a mark is a number.
func (d *Decimal) UnmarshalJSON(b []byte) error {
	s := string(b)
	if strings.ContainsAny(s, `",eE`) {
		return fmt.Errorf("%w: %s", ErrDecimal, s)
	}
	v, err := ParseDecimal(s)
	if err != nil {
		return err
	}
	*d = v
	return nil
}

// UnmarshalYAML reads a YAML number (or a text) of at most two decimals.
func (d *Decimal) UnmarshalYAML(n *yaml.Node) error {
	if n.Kind != yaml.ScalarNode {
		return fmt.Errorf("ligne %d\u00a0: un nombre est attendu", n.Line)
	}
	v, err := ParseDecimal(n.Value)
	if err != nil {
		return fmt.Errorf("ligne %d\u00a0: «\u00a0%s\u00a0» n’est pas un nombre d’au plus deux décimales", n.Line, n.Value)
	}
	*d = v
	return nil
}

// MarshalYAML writes the decimal as a YAML number.
func (d Decimal) MarshalYAML() (any, error) { return d.Float(), nil }
