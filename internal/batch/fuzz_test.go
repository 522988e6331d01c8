package batch

import (
	"strings"
	"testing"
)

// FuzzParse feeds arbitrary text to the parser: it must never panic, and
// every error must name the file and a position.
func FuzzParse(f *testing.F) {
	f.Add(issueExample)
	f.Add(Example)
	f.Add("version: 1\naccounts:\n  - {name: a, archive: a.zip, account: a@b.example, steps: [folow]}\n")
	f.Add("version: 1\naccounts: [&a {name: a, steps: [match], archive: x}, *a]\n")
	f.Add("version: 1\ndefaults: &d {steps: [import]}\naccounts:\n  - <<: *d\n")
	f.Add("version: 1\naccounts:\n  - {name: a, archive: a, token_env: T, server: http://h, steps: [follow], follow: {languages: en, max: 1e3}}\n")
	f.Add("version: 1\ndefaults: {profiles: [d.har, '']}\naccounts:\n  - {name: a, archive: a, account: a@b.example, steps: [profile, follow], profiles: x.har}\n")
	f.Fuzz(func(t *testing.T, s string) {
		file, err := Parse("m.yaml", []byte(s))
		if err != nil {
			if !strings.HasPrefix(err.Error(), "m.yaml") {
				t.Fatalf("error without the file name: %v", err)
			}
			return
		}
		for _, j := range file.Jobs {
			if j.Name == "" || len(j.Steps) == 0 {
				t.Fatalf("accepted a job without name or steps: %+v", j)
			}
			for _, st := range j.Steps {
				args := j.StepArgs(st, 5)
				if args[0] != string(st) || args[len(args)-2] != "--" {
					t.Fatalf("StepArgs(%s) = %q", st, args)
				}
			}
		}
	})
}
