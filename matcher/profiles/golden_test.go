package profiles

import (
	"flag"
)

// -update rewrites the golden files under testdata/golden.
var _ = flag.Bool("update", false, "rewrite golden files") // read by golden.Check
