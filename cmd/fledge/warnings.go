package main

import (
	"encoding/json"
	"fmt"
	"io"
)

// maxWarnings is how many warnings print without -v; an archive with
// thousands of missing media files should not bury the summary.
const maxWarnings = 5

// printWarnings writes non-fatal problems to stderr: all of them with -v,
// otherwise the first few and a count of the rest.
func printWarnings(f *factory, warnings []string) {
	for i, w := range warnings {
		if i == maxWarnings && f.Globals.Verbose == 0 {
			fmt.Fprintf(f.IO.ErrOut, "warning: … and %d more (run with -v to see them all)\n", len(warnings)-maxWarnings)
			return
		}
		fmt.Fprintf(f.IO.ErrOut, "warning: %s\n", w)
	}
}

// writeJSONLine writes v as one line of JSON; output errors on stderr are
// not worth failing a command over.
func writeJSONLine(w io.Writer, v any) {
	_ = json.NewEncoder(w).Encode(v)
}
