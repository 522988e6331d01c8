package main

import (
	"encoding/json"
	"io"
)

// maxWarnings is how many warnings print without -v; an archive with
// thousands of missing media files should not bury the summary.
const maxWarnings = 5

// printWarnings writes non-fatal problems to stderr: all of them with -v,
// otherwise the first few and a count of the rest.
// Under --json each is a {"type":"warning"} line on stderr.
func printWarnings(f *factory, warnings []string) {
	p := f.printer()
	for i, w := range warnings {
		if i == maxWarnings && p.Verbosity() == 0 {
			p.Warn("… and %d more (run with -v to see them all)", len(warnings)-maxWarnings)
			return
		}
		p.Warn("%s", w)
	}
}

// newJSONEncoder is the encoder of all machine output: one value per line,
// and text as written ("&", "<" and ">" unescaped: this is not HTML).
func newJSONEncoder(w io.Writer) *json.Encoder {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	return enc
}
