//go:build !unix

package profiles

import "time"

// cpuTime is not measured here; BenchmarkReadHAR then reports wall time only.
func cpuTime() time.Duration { return 0 }
