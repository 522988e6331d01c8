package batch

import (
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// issueExample is the schema as issue 7 wrote it; scripts written against
// it must keep working.
const issueExample = `version: 1
defaults:                 # merged into every account
  steps: [profile, match, follow, import]
  import: {visibility: unlisted, backdate: auto}
accounts:
  - name: alice                       # label in output and journals
    archive: ./archives/alice.zip
    server: https://example.social
    token_env: ALICE_TOKEN            # or  account: alice@example.social  (stored by fledge login)
    steps: [match, follow, import]    # overrides defaults.steps
    match:  {profiles: ./alice-profiles.jsonl}
    follow: {list: From Twitter, reblogs: true}
    import: {since: 2015-01-01, include: [replies]}
`

func TestParseIssueExample(t *testing.T) {
	f, err := Parse("/m/migration.yaml", []byte(issueExample))
	if err != nil {
		t.Fatal(err)
	}
	if len(f.Jobs) != 1 {
		t.Fatalf("%d jobs", len(f.Jobs))
	}
	j := f.Jobs[0]
	if j.Name != "alice" || j.TokenEnv != "ALICE_TOKEN" || j.Server != "https://example.social" || j.Account != "" {
		t.Errorf("job %+v", j)
	}
	if j.Archive != filepath.FromSlash("/m/archives/alice.zip") {
		t.Errorf("archive %q: want it resolved against the file's directory", j.Archive)
	}
	if want := []Step{StepMatch, StepFollow, StepImport}; !slices.Equal(j.Steps, want) {
		t.Errorf("steps %v, want %v", j.Steps, want)
	}
	matches := filepath.FromSlash("/m/alice.matches.jsonl")
	m := j.MatchOptions()
	if !slices.Equal(m.Profiles, []string{filepath.FromSlash("/m/alice-profiles.jsonl")}) || m.Output != matches || m.Archive != j.Archive || m.TwitterAPI != "auto" {
		t.Errorf("match options %+v", m)
	}
	f2 := j.FollowOptions(0)
	if f2.Input != matches || f2.List != "From Twitter" || f2.Reblogs == nil || !*f2.Reblogs || f2.Notify != nil {
		t.Errorf("follow options %+v", f2)
	}
	// defaults.import and the account's import are merged key by key.
	im := j.ImportOptions(0)
	if !slices.Equal(im.Include, []string{"replies"}) || im.Since != "2015-01-01" || im.Visibility != "unlisted" || im.Backdate != "auto" || im.Archive != j.Archive {
		t.Errorf("import options %+v", im)
	}
}

func TestParseExample(t *testing.T) {
	f, err := Parse("migration.yaml", []byte(Example))
	if err != nil {
		t.Fatalf("the --example file does not parse:\n%v", err)
	}
	if len(f.Jobs) != 2 || f.Jobs[1].Account != "bob@example.social" || len(f.Jobs[1].Steps) != 4 {
		t.Fatalf("jobs %+v", f.Jobs)
	}
}

// TestTypedOptions: a step's options as the migration file writes them
// become the step's typed options, with the declared defaults where unset.
func TestTypedOptions(t *testing.T) {
	const head = "version: 1\naccounts:\n  - name: a\n    archive: /x/a.zip\n    account: a@example.social\n"
	matches := filepath.FromSlash("/m/a.matches.jsonl")
	tests := []struct {
		name      string
		yaml      string
		maxPerRun int
		check     func(j *Job) string
	}{
		{"follow reads the archive and matches it itself", head + "    steps: [follow]\n    match: {offline: true, profiles: [p1, /p2]}\n", 0, func(j *Job) string {
			f := j.FollowOptions(0)
			if f.Input != "/x/a.zip" || !f.Match.Offline || !slices.Equal(f.Match.Profiles, []string{filepath.FromSlash("/m/p1"), "/p2"}) {
				return fmt.Sprintf("%+v", f)
			}
			return ""
		}},
		{"follow that matches takes the guard settings", head + "    steps: [follow]\n    match: {allow_private_network: true, proxy_names: trust, refresh: true}\n", 0, func(j *Job) string {
			f := j.FollowOptions(0)
			if !f.Match.Guard.AllowPrivate || f.Match.Guard.ProxyNames != "trust" {
				return fmt.Sprintf("%+v", f)
			}
			return ""
		}},
		{"match passes the guard settings", head + "    steps: [match]\n    match: {proxy_names: refuse}\n", 0, func(j *Job) string {
			m := j.MatchOptions()
			if m.Guard.ProxyNames != "refuse" || m.Guard.AllowPrivate || m.Output != matches || m.Archive != "/x/a.zip" {
				return fmt.Sprintf("%+v", m)
			}
			return ""
		}},
		{"follow from a file", head + "    steps: [match, follow]\n    follow: {from: f.csv, notify: true, languages: [en, de]}\n", 0, func(j *Job) string {
			f := j.FollowOptions(0)
			if f.Input != filepath.FromSlash("/m/f.csv") || f.Notify == nil || !*f.Notify || f.Reblogs != nil || !slices.Equal(f.Languages, []string{"en", "de"}) || f.Match.Offline {
				return fmt.Sprintf("%+v", f)
			}
			return ""
		}},
		{"max per run caps a larger max", head + "    steps: [follow]\n    follow: {max: 500}\n", 100, func(j *Job) string {
			if n := j.FollowOptions(100).Max; n != 100 {
				return fmt.Sprint("max ", n)
			}
			return ""
		}},
		{"a smaller own max wins", head + "    steps: [import]\n    import: {max: 20}\n", 100, func(j *Job) string {
			if n := j.ImportOptions(100).Max; n != 20 {
				return fmt.Sprint("max ", n)
			}
			return ""
		}},
		{"own max without max per run", head + "    steps: [import]\n    import: {max: 20}\n", 0, func(j *Job) string {
			if n := j.ImportOptions(0).Max; n != 20 {
				return fmt.Sprint("max ", n)
			}
			return ""
		}},
		{"max per run without own max", head + "    steps: [import]\n", 0, func(j *Job) string {
			if n := j.ImportOptions(7).Max; n != 7 {
				return fmt.Sprint("max ", n)
			}
			return ""
		}},
		{"fediverse mentions read the match output", head + "    steps: [match, import]\n    import: {mentions: fediverse}\n", 0, func(j *Job) string {
			im := j.ImportOptions(0)
			if im.Mentions != "fediverse" || im.Matches != matches {
				return fmt.Sprintf("%+v", im)
			}
			return ""
		}},
		{"import defaults are the declared ones", head + "    steps: [import]\n", 0, func(j *Job) string {
			im := j.ImportOptions(0)
			if im.Mentions != "plain" || im.Visibility != "unlisted" || im.Backdate != "auto" || im.Circle != "skip" || im.Matches != "" {
				return fmt.Sprintf("%+v", im)
			}
			return ""
		}},
		{"match output elsewhere", head + "    steps: [match, follow]\n    match: {output: out/m.jsonl}\n", 0, func(j *Job) string {
			if in := j.FollowOptions(0).Input; in != filepath.FromSlash("/m/out/m.jsonl") {
				return in
			}
			return ""
		}},
		{"profile", head + "    steps: [profile]\n    profile: {profiles: p.jsonl, no_header: true}\n", 0, func(j *Job) string {
			p := j.ProfileOptions()
			if !slices.Equal(p.Profiles, []string{filepath.FromSlash("/m/p.jsonl")}) || !p.NoHeader || p.NoAvatar || p.TwitterAPI != "auto" || p.Archive != "/x/a.zip" {
				return fmt.Sprintf("%+v", p)
			}
			return ""
		}},
		{"dashes in values stay values", head + "    steps: [import]\n    import: {grep: '-x', footer: '--yes'}\n", 0, func(j *Job) string {
			im := j.ImportOptions(0)
			if im.Grep != "-x" || im.Footer != "--yes" || im.Yes {
				return fmt.Sprintf("%+v", im)
			}
			return ""
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, err := Parse("/m/migration.yaml", []byte(tt.yaml))
			if err != nil {
				t.Fatal(err)
			}
			if msg := tt.check(f.Jobs[0]); msg != "" {
				t.Errorf("got %s", msg)
			}
		})
	}
}

// TestSharedProfiles: profiles on an account or in defaults (one file or
// a list, relative to the file) go to every step that reads profiles,
// and to follow when it matches the archive itself; the most specific
// setting wins.
func TestSharedProfiles(t *testing.T) {
	const head = "version: 1\naccounts:\n  - name: a\n    archive: /x/a.zip\n    account: a@example.social\n"
	m := func(p string) string { return filepath.FromSlash("/m/" + p) }
	tests := []struct {
		name string
		yaml string
		step Step
		want []string
	}{
		{"one file", head + "    steps: [match]\n    profiles: following.har\n",
			StepMatch, []string{m("following.har")}},
		{"a list, for profile too", head + "    steps: [profile, match]\n    profiles: [following.har, caps/followers.har]\n",
			StepProfile, []string{m("following.har"), m("caps/followers.har")}},
		{"follow matching the archive", head + "    steps: [follow]\n    profiles: following.har\n",
			StepFollow, []string{m("following.har")}},
		{"the step's own wins", head + "    steps: [match]\n    profiles: following.har\n    match: {profiles: own.jsonl}\n",
			StepMatch, []string{m("own.jsonl")}},
		{"from defaults", "version: 1\ndefaults: {profiles: d.har}\naccounts:\n  - {name: a, archive: /x/a.zip, account: a@example.social, steps: [match]}\n",
			StepMatch, []string{m("d.har")}},
		{"the account's beats the defaults' step", "version: 1\ndefaults: {match: {profiles: d.jsonl}}\naccounts:\n  - {name: a, archive: /x/a.zip, account: a@example.social, steps: [match], profiles: a.har}\n",
			StepMatch, []string{m("a.har")}},
		{"the defaults' step beats the defaults", "version: 1\ndefaults: {profiles: d.har, match: {profiles: d.jsonl}}\naccounts:\n  - {name: a, archive: /x/a.zip, account: a@example.social, steps: [match]}\n",
			StepMatch, []string{m("d.jsonl")}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, err := Parse("/m/migration.yaml", []byte(tt.yaml))
			if err != nil {
				t.Fatal(err)
			}
			j := f.Jobs[0]
			var got []string
			switch tt.step {
			case StepMatch:
				got = j.MatchOptions().Profiles
			case StepProfile:
				got = j.ProfileOptions().Profiles
			case StepFollow:
				got = j.FollowOptions(0).Match.Profiles
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("got  %q\nwant %q", got, tt.want)
			}
			// The files must exist before the run: they are inputs, at the
			// line that names them.
			for _, in := range j.Inputs() {
				if strings.HasSuffix(in.Path, ".har") && in.Pos.Line == 0 {
					t.Errorf("input %s has no position", in.Path)
				}
			}
		})
	}
	_, err := Parse("m.yaml", []byte(head+"    steps: [match]\n    profiles: {a: b}\n"))
	if err == nil || !strings.Contains(err.Error(), "m.yaml:7:15: profiles: want a list of values") {
		t.Errorf("a mapping as profiles: %v", err)
	}
}

func TestDefaultsAndOverrides(t *testing.T) {
	const y = `version: 1
defaults:
  steps: [follow]
  server: https://one.example
  follow: {reblogs: false, list: L}
accounts:
  - {name: a, archive: a.zip, token_env: A}
  - {name: b, archive: b.zip, token_env: B, server: https://two.example, steps: [import, follow], follow: {list: M}}
  - {name: c, archive: c.zip, account: "@C@Three.Example"}
`
	f, err := Parse("m.yaml", []byte(y))
	if err != nil {
		t.Fatal(err)
	}
	a, b, c := f.Jobs[0], f.Jobs[1], f.Jobs[2]
	if a.Server != "https://one.example" || b.Server != "https://two.example" || c.Server != "" {
		t.Errorf("servers %q %q %q", a.Server, b.Server, c.Server)
	}
	if c.Account != "c@three.example" {
		t.Errorf("account %q: want it normalised", c.Account)
	}
	if !slices.Equal(b.Steps, []Step{StepFollow, StepImport}) {
		t.Errorf("steps %v: want running order", b.Steps)
	}
	if l, _ := b.Option(StepFollow, "list"); l != "M" {
		t.Errorf("b list %q", l)
	}
	if r, _ := b.Option(StepFollow, "reblogs"); r != "false" {
		t.Errorf("b reblogs %q: want the default merged in", r)
	}
	if p := b.OptionPos(StepFollow, "list"); p.Line != 8 {
		t.Errorf("list position %v", p)
	}
}

func TestParseErrors(t *testing.T) {
	const acct = "version: 1\naccounts:\n  - name: a\n    archive: a.zip\n    token_env: A\n    server: https://x.example\n"
	tests := []struct {
		name string
		yaml string
		want []string
	}{
		{"unknown step", acct + "    steps: [match, folow]\n", []string{`m.yaml:7:20: unknown step "folow"`}},
		{"unknown step in defaults", "version: 1\ndefaults:\n  steps:\n    - folow\naccounts:\n  - {name: a, archive: a.zip, account: a@b.example}\n",
			[]string{`m.yaml:4:7: unknown step "folow"`}},
		{"step twice", acct + "    steps: [follow, follow]\n", []string{`m.yaml:7:21: step "follow" is listed twice`}},
		{"no steps", acct, []string{`m.yaml:3:5: account "a": no steps; set steps here or in defaults (match, follow, profile, import)`}},
		{"empty steps", acct + "    steps: []\n", []string{`m.yaml:7:12: steps: the list is empty; name at least one of match, follow, profile, import`}},
		{"unknown top key", "version: 1\nacounts: []\n", []string{
			`m.yaml:1:1: accounts is required: a list of accounts to migrate`,
			`m.yaml:2:1: migration file: unknown key "acounts" (known: version, defaults, accounts)`}},
		{"unknown account key", acct + "    steps: [follow]\n    tokn: x\n", []string{`m.yaml:8:5: account: unknown key "tokn" (known: name, archive, server, token_env, account, steps, profiles, profile, match, follow, import)`}},
		{"unknown step option", acct + "    steps: [follow]\n    follow: {lists: x}\n", []string{`m.yaml:8:14: follow: unknown key "lists" (known: from, reblogs, notify, languages, list, max)`}},
		{"unknown defaults option", "version: 1\ndefaults:\n  import: {visiblity: public}\naccounts:\n  - {name: a, archive: a.zip, account: a@b.example, steps: [import]}\n",
			[]string{`m.yaml:3:12: defaults.import: unknown key "visiblity" (known: job, include, since, until, grep, exclude_grep, min_likes, only_media, ids, exclude_ids, alt, matches, mentions, visibility, backdate, footer, no_footer, no_language, strict_media, max, yes, replan)`}},
		{"missing version", "accounts:\n  - {name: a, archive: a.zip, account: a@b.example, steps: [match]}\n", []string{`m.yaml:1:1: version: 1 is required as the first key (the schema version)`}},
		{"wrong version", "version: 2\naccounts:\n  - {name: a, archive: a.zip, account: a@b.example, steps: [match]}\n", []string{`m.yaml:1:10: version: unsupported version "2"; this fledge reads version 1`}},
		{"duplicate name", "version: 1\ndefaults: {steps: [match]}\naccounts:\n  - {name: a, archive: a.zip}\n  - {name: A, archive: b.zip}\n",
			[]string{`m.yaml:5:12: duplicate account name "A" (first at line 4)`}},
		{"duplicate stored account", "version: 1\ndefaults: {steps: [follow]}\naccounts:\n  - {name: a, archive: a.zip, account: x@y.example}\n  - {name: b, archive: b.zip, account: X@y.example}\n",
			[]string{`m.yaml:5:40: account x@y.example is already migrated by another entry (line 4); two entries would share one journal`}},
		{"duplicate key", acct + "    steps: [follow]\n    archive: b.zip\n", []string{`m.yaml:8:5: account: "archive" is given twice (first at line 4)`}},
		{"bad name", "version: 1\ndefaults: {steps: [match]}\naccounts:\n  - {name: a/b, archive: a.zip}\n", []string{`m.yaml:4:12: name: "a/b" must be letters, digits, '.', '_' or '-' (at most 64), as it labels output and files`}},
		{"missing name", "version: 1\ndefaults: {steps: [match]}\naccounts:\n  - {archive: a.zip}\n", []string{`m.yaml:4:5: account: name is required (a label for output and journals)`}},
		{"no credentials", "version: 1\ndefaults: {steps: [follow]}\naccounts:\n  - {name: a, archive: a.zip}\n",
			[]string{`m.yaml:4:5: account "a": say where the token comes from: token_env (an environment variable) with server, or account (stored by fledge login)`}},
		{"both credentials", "version: 1\ndefaults: {steps: [follow], server: https://s.example}\naccounts:\n  - {name: a, archive: a.zip, token_env: A, account: a@b.example}\n",
			[]string{`m.yaml:4:54: account "a": token_env and account exclude each other; use one`}},
		{"token_env without server", "version: 1\ndefaults: {steps: [follow]}\naccounts:\n  - {name: a, archive: a.zip, token_env: A}\n",
			[]string{`m.yaml:4:42: account "a": token_env needs server (here or in defaults) to know where the token is valid`}},
		{"token_env holds a token", "version: 1\ndefaults: {steps: [follow], server: https://s.example}\naccounts:\n  - {name: a, archive: a.zip, token_env: abc-123}\n",
			[]string{`m.yaml:4:42: token_env: "abc-123" is not an environment variable name (it names the variable, never the token itself)`}},
		{"server with stored account", "version: 1\ndefaults: {steps: [follow]}\naccounts:\n  - {name: a, archive: a.zip, account: a@b.example, server: https://s.example}\n",
			[]string{`m.yaml:4:61: account "a": server: a stored account already knows its server; remove server, or use token_env`}},
		{"bad server", "version: 1\ndefaults: {steps: [follow], server: example.social}\naccounts:\n  - {name: a, archive: a.zip, token_env: A}\n",
			[]string{`m.yaml:2:37: defaults.server: "example.social" is not a server address; want https://host`}},
		{"bad account", "version: 1\ndefaults: {steps: [follow]}\naccounts:\n  - {name: a, archive: a.zip, account: alice}\n",
			[]string{`m.yaml:4:40: account: "alice" is not user@domain (an account stored by fledge login)`}},
		{"archive missing", "version: 1\ndefaults: {steps: [import]}\naccounts:\n  - {name: a, account: a@b.example}\n",
			[]string{`m.yaml:4:5: account "a": archive is required for the import step`}},
		{"follow from a file needs no archive", "version: 1\naccounts:\n  - {name: a, account: a@b.example, steps: [follow], follow: {from: m.csv, reblogs: maybe}}\n",
			[]string{`m.yaml:3:85: follow.reblogs: want true or false, not "maybe"`}},
		{"bad enum", acct + "    steps: [import]\n    import:\n      visibility: loud\n", []string{`m.yaml:9:19: import.visibility: "loud" is not one of public, unlisted, private`}},
		{"bad list item", acct + "    steps: [import]\n    import: {include: [replies, likes]}\n", []string{`m.yaml:8:33: import.include: "likes" is not one of replies, retweets`}},
		{"bad date", acct + "    steps: [import]\n    import: {since: 2015-13-01}\n", []string{`m.yaml:8:21: import.since: "2015-13-01" is not a date; want YYYY-MM-DD or RFC 3339`}},
		{"bad regexp", acct + "    steps: [import]\n    import: {grep: 'a('}\n", []string{"m.yaml:8:20: import.grep: error parsing regexp: missing closing ): `a(`"}},
		{"negative max", acct + "    steps: [follow]\n    follow: {max: -1}\n", []string{`m.yaml:8:19: follow.max: want a whole number of at least 0, not "-1"`}},
		{"zero concurrency", acct + "    steps: [match]\n    match: {concurrency: 0}\n", []string{`m.yaml:8:26: match.concurrency: want a whole number of at least 1, not "0"`}},
		{"bad language", acct + "    steps: [follow]\n    follow: {languages: [en, English]}\n", []string{`m.yaml:8:30: follow.languages: "English" is not an ISO 639-1 language code (two lowercase letters, like en)`}},
		{"fediverse mentions without handles", acct + "    steps: [import]\n    import: {mentions: fediverse}\n",
			[]string{`m.yaml:8:24: account "a": mentions: fediverse needs import.matches or the match step, to know the handles`}},
		{"step options not a mapping", acct + "    steps: [follow]\n    follow: [list]\n", []string{`m.yaml:8:13: follow: want a mapping of keys (from, reblogs, notify, languages, list, max)`}},
		{"null value", acct + "    steps: [follow]\n    follow: {list: }\n", []string{`m.yaml:8:20: follow.list: want a string`}},
		{"accounts not a list", "version: 1\naccounts: {name: a}\n", []string{`m.yaml:2:11: accounts: want a list of accounts (mappings with name, archive, …), like [a, b]`}},
		{"empty accounts", "version: 1\naccounts: []\n", []string{`m.yaml:2:11: accounts: the list is empty`}},
		{"merge key", "version: 1\naccounts:\n  - <<: {name: a}\n", []string{`m.yaml:3:5: account: YAML merge keys are not supported; put shared settings under defaults`, `m.yaml:3:5: account: name is required (a label for output and journals)`, `m.yaml:3:5: account: no steps; set steps here or in defaults (match, follow, profile, import)`}},
		{"not a mapping", "- a\n", []string{`m.yaml:1:1: migration file: want a mapping of keys (version, defaults, accounts)`}},
		{"empty", "", []string{`m.yaml:1:1: empty file; it needs version: 1 and accounts (see fledge run --example)`}},
		{"syntax", "version: 1\naccounts:\n  - name: [a\n", []string{`m.yaml:2: did not find expected ',' or ']'`}},
		{"two documents", "version: 1\n---\nversion: 1\n", []string{`m.yaml:2:1: a second YAML document; put every account in one accounts list`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse("m.yaml", []byte(tt.yaml))
			if err == nil {
				t.Fatal("no error")
			}
			got := strings.Split(err.Error(), "\n")
			if !slices.Equal(got, tt.want) {
				t.Errorf("errors:\n%s\nwant:\n%s", err, strings.Join(tt.want, "\n"))
			}
			var one *Error
			if !errors.As(err, &one) {
				t.Errorf("errors.As(*Error) fails for %T", err)
			}
		})
	}
}

func TestAllErrorsAtOnce(t *testing.T) {
	y := "version: 1\naccounts:\n" + strings.Repeat("  - {name: a, steps: [folow]}\n", 60)
	_, err := Parse("m.yaml", []byte(y))
	var es Errors
	if !errors.As(err, &es) {
		t.Fatalf("%T %v", err, err)
	}
	if len(es) != maxErrors+1 || !strings.Contains(es[maxErrors].Msg, "more problems") {
		t.Errorf("%d errors, last %v", len(es), es[len(es)-1])
	}
}

func TestTooLarge(t *testing.T) {
	_, err := Parse("m.yaml", make([]byte, MaxFileSize+1))
	if err == nil || !strings.Contains(err.Error(), "larger than") {
		t.Fatalf("err %v", err)
	}
}

func TestInputs(t *testing.T) {
	const y = `version: 1
accounts:
  - name: a
    archive: a.zip
    account: a@b.example
    steps: [match, follow, import]
    match: {profiles: [p.jsonl], output: m.jsonl}
    follow: {from: m.jsonl}
    import: {alt: alt.csv, matches: m.jsonl}
  - name: b
    account: b@b.example
    steps: [follow]
    follow: {from: f.csv}
`
	f, err := Parse("/d/m.yaml", []byte(y))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, r := range f.Jobs[0].Inputs() {
		got = append(got, filepath.ToSlash(r.Path)+"@"+r.Pos.String())
	}
	want := []string{"/d/a.zip@/d/m.yaml:3:5", "/d/p.jsonl@/d/m.yaml:7:23", "/d/alt.csv@/d/m.yaml:9:19"}
	if !slices.Equal(got, want) {
		t.Errorf("inputs %q\nwant %q", got, want)
	}
	if in := f.Jobs[1].Inputs(); len(in) != 1 || filepath.ToSlash(in[0].Path) != "/d/f.csv" {
		t.Errorf("inputs of b: %v", in)
	}
	if p := f.Jobs[1].CredentialPos; p.Line != 11 || p.Column != 14 {
		t.Errorf("credential position %v", p)
	}
}
