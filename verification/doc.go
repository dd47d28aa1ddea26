// Package verification makes the codes that let anyone check that a bloc
// attestation or a parchemin is genuine. A code carries the facts the
// document certifies — holder, certification or bloc code, decision date,
// document number — and an HMAC-SHA256 of them under the certifier's key:
// the service stays stateless, the key does the work. Old keys still verify
// after a rotation; only the current key signs.
package verification
