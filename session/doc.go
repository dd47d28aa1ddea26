// Package session holds one exam session's data — the bodies, the jury, the
// candidates with their evaluations and the jury's decisions — read from a
// JSON document and validated against the référentiel before any document
// is made from it. deliberation.go computes what the jury needs: the
// proposal per bloc by the référentiel's rule, the decisions kept apart, and
// each candidate's overall result; jury.go checks the jury's composition.
package session
