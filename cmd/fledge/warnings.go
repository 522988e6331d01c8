package main

import (
	"encoding/json"
	"fmt"
	"io"

	"github.com/fledge-cli/fledge/internal/ui"
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

// writeJSONLine writes v, which carries its own "type", as one line of
// JSON, as the printer's JSON lines are written (ui.WriteLine); commands
// not yet on the printer use it.
func writeJSONLine(w io.Writer, v any) {
	ui.WriteLine(w, "", v)
}

// newJSONEncoder is the encoder of all machine output: one value per line,
// and text as written ("&", "<" and ">" unescaped: this is not HTML).
func newJSONEncoder(w io.Writer) *json.Encoder {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	return enc
}
