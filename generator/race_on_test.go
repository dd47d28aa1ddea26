//go:build race

package generator

// raceEnabled tells timing tests that the race detector slows some work
// more than other.
const raceEnabled = true
