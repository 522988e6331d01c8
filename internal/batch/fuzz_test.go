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
			// Every step's typed options come out whole: the input to
			// read, and fledge run --max obeyed.
			if f := j.FollowOptions(5); j.Has(StepFollow) && (f.Input == "" || f.Max < 1 || f.Max > 5) {
				t.Fatalf("follow options %+v", f)
			}
			if im := j.ImportOptions(5); j.Has(StepImport) && (im.Archive == "" || im.Max < 1 || im.Max > 5) {
				t.Fatalf("import options %+v", im)
			}
			_, _ = j.MatchOptions(), j.ProfileOptions()
		}
	})
}
