//go:build race

package renew

// raceEnabled reports whether the tests run under the race detector.
const raceEnabled = true
