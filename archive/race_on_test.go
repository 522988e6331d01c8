//go:build race

package archive

// raceOn: the race detector slows the guard's byte loop about tenfold, so
// the hostile tests use smaller inputs under it.
const raceOn = true
