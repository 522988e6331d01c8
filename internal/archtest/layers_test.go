package archtest

import (
	"fmt"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"
)

const module = "github.com/fledge-cli/fledge"

// rule says which of our packages one package (by its directory relative to
// the module root) may import, and which outside packages it may not.
type rule struct {
	allowed []string // our packages, exactly; anyOurs for the command layer
	banned  []string // outside import paths it must not use (prefix match)
}

const anyOurs = "*"

// Outside packages by kind: the command layer's (cobra, terminals,
// progress bars) stay out of the domain; leaves use none at all.
var (
	cliLibs  = []string{"github.com/spf13/", "golang.org/x/term"}
	anyLib   = []string{"github.com/", "golang.org/", "gopkg.in/"}
	noneOurs []string
)

// rules covers every package of the module. The layers, from the top:
//
//   - cmd/fledge, the command layer, may import anything.
//   - importer (the posts import) may import archive; matcher may import
//     archive; matcher/profiles (the readers of profile files and what
//     they yield) sits under matcher; archive imports none of ours. None
//     of them knows cobra or terminals, nor internal/config,
//     internal/iostreams or internal/batch.
//   - The other jobs live under importer/, one package each, and share
//     importer/job (the journal contract and the adapters' errors): follow
//     (with block, mute, lists and the matches file), profile, directory
//     and export (which read follow's targets), preview (which reads the
//     posts plan). None imports cobra or terminals; no job imports a job
//     that imports it back.
//   - internal/mastodon and internal/twitter are clients; they return
//     their own types and know no domain package.
//   - internal/adapter connects the domain to the clients: it implements
//     the domain's interfaces (the jobs' targets, matcher's ProfileSource
//     and AccountSearcher) over them, so it may import both (and
//     internal/journal, whose journals it adapts).
//   - internal/config, internal/batch and internal/iostreams serve the
//     command layer only; internal/steps (the steps, their order and their
//     options, declared once) serves the command layer and internal/batch,
//     and reads only the importer's lists of allowed values; internal/ui,
//     the printers, serves the command layer and may render matcher's types.
//   - Leaves (atomicfile, filelock, filepos, diskcache, journal, retry,
//     safehttp, textscan, ulid) build on the standard library and on each other.
//   - Test helpers (archivetest, proxytest, mastotest) import no domain
//     package, so any test may use them; internal/mock, the in-memory
//     fakes of the domain's interfaces, imports the domain packages only.
var rules = map[string]rule{
	"cmd/fledge": {allowed: []string{anyOurs}},

	"archive":  {allowed: noneOurs, banned: cliLibs},
	"matcher":  {allowed: []string{"archive", "matcher/profiles", "internal/diskcache", "internal/retry", "internal/safehttp", "internal/textscan"}, banned: cliLibs},
	"importer": {allowed: []string{"archive", "importer/job", "internal/journal", "internal/textscan"}, banned: cliLibs},

	"matcher/profiles": {allowed: []string{"internal/textscan"}, banned: cliLibs},

	"importer/job":       {allowed: noneOurs, banned: anyLib},
	"importer/directory": {allowed: []string{"matcher", "matcher/profiles", "importer/export", "importer/follow"}, banned: cliLibs},
	"importer/export":    {allowed: []string{"matcher", "importer/follow"}, banned: cliLibs},
	"importer/follow":    {allowed: []string{"matcher", "matcher/profiles", "importer/job"}, banned: cliLibs},
	"importer/preview":   {allowed: []string{"importer", "internal/thumb"}, banned: cliLibs},
	"importer/profile":   {allowed: []string{"archive", "matcher", "matcher/profiles", "importer/job", "internal/textscan"}, banned: cliLibs},

	"importer/job/jobtest": {allowed: noneOurs, banned: anyLib},

	"internal/mastodon": {allowed: []string{"internal/retry", "internal/textscan", "internal/ulid"}, banned: cliLibs},
	"internal/twitter":  {allowed: []string{"internal/diskcache", "internal/retry", "internal/textscan"}, banned: cliLibs},
	"internal/adapter":  {allowed: []string{"importer", "importer/follow", "importer/job", "importer/profile", "matcher", "matcher/profiles", "internal/journal", "internal/mastodon", "internal/twitter"}, banned: cliLibs},

	"internal/batch":     {allowed: []string{"internal/filepos", "internal/steps"}, banned: cliLibs},
	"internal/steps":     {allowed: []string{"importer"}, banned: cliLibs},
	"internal/config":    {allowed: []string{"internal/atomicfile", "internal/filelock", "internal/filepos"}, banned: cliLibs},
	"internal/iostreams": {allowed: noneOurs, banned: []string{"github.com/spf13/"}},
	"internal/ui":        {allowed: []string{"internal/iostreams", "matcher"}, banned: []string{"github.com/spf13/"}},

	"internal/atomicfile": {allowed: noneOurs, banned: anyLib},
	"internal/filelock":   {allowed: noneOurs, banned: anyLib},
	"internal/filepos":    {allowed: noneOurs, banned: anyLib},
	"internal/diskcache":  {allowed: []string{"internal/atomicfile"}, banned: anyLib},
	"internal/journal":    {allowed: []string{"internal/atomicfile", "internal/filelock"}, banned: anyLib},
	"internal/retry":      {allowed: noneOurs, banned: anyLib},
	"internal/safehttp":   {allowed: []string{"internal/textscan"}, banned: anyLib},
	"internal/textscan":   {allowed: noneOurs, banned: anyLib},
	"internal/ulid":       {allowed: noneOurs, banned: anyLib},

	"internal/mock": {allowed: []string{"importer", "importer/follow", "importer/job", "importer/job/jobtest", "importer/profile", "matcher", "matcher/profiles"}, banned: cliLibs},

	// thumb decodes and scales pictures with golang.org/x/image, for the preview.
	"internal/thumb/thumbtest": {allowed: noneOurs, banned: cliLibs},
	"internal/golden":          {allowed: noneOurs, banned: cliLibs},
	"internal/thumb":           {allowed: noneOurs, banned: cliLibs},

	"internal/archivetest":        {allowed: noneOurs, banned: cliLibs},
	"internal/proxytest":          {allowed: noneOurs, banned: cliLibs},
	"internal/mastodon/mastotest": {allowed: []string{"internal/ulid"}, banned: cliLibs},
	"internal/archtest":           {allowed: noneOurs, banned: anyLib},
}

func repoRoot(t *testing.T) string {
	_, file, _, ok := runtime.Caller(0)
	if !ok {
		t.Fatal("cannot find the source directory")
	}
	return filepath.Join(filepath.Dir(file), "..", "..")
}

// packages returns, for every directory under root holding Go files (by
// path relative to root, with slashes), the imports of its non-test files
// and the file that makes each one. A directory of test files alone
// counts too, with no imports.
func packages(t *testing.T, root string) map[string]map[string]string {
	t.Helper()
	found := map[string]map[string]string{}
	err := filepath.WalkDir(root, func(path string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && path != root && (d.Name() == "testdata" || strings.HasPrefix(d.Name(), ".") || strings.HasPrefix(d.Name(), "_")) {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(path, ".go") {
			return nil
		}
		rel, err := filepath.Rel(root, filepath.Dir(path))
		if err != nil {
			return err
		}
		rel = filepath.ToSlash(rel)
		if found[rel] == nil {
			found[rel] = map[string]string{}
		}
		if strings.HasSuffix(path, "_test.go") {
			return nil
		}
		f, err := parser.ParseFile(token.NewFileSet(), path, nil, parser.ImportsOnly)
		if err != nil {
			return err
		}
		for _, imp := range f.Imports {
			p, _ := strconv.Unquote(imp.Path.Value)
			found[rel][p] = filepath.Base(path)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return found
}

// violations lists every import that breaks the rules, and every package
// without a rule.
func violations(rules map[string]rule, pkgs map[string]map[string]string) []string {
	var out []string
	for dir, imps := range pkgs {
		r, ok := rules[dir]
		if !ok {
			out = append(out, fmt.Sprintf("%s has no rule in internal/archtest: say what it may import", dir))
			continue
		}
		for imp, file := range imps {
			if rest, ours := strings.CutPrefix(imp, module+"/"); ours {
				if !slices.Contains(r.allowed, anyOurs) && !slices.Contains(r.allowed, rest) {
					out = append(out, fmt.Sprintf("%s imports %s, which its layer may not (%s)", dir, rest, file))
				}
				continue
			}
			for _, b := range r.banned {
				if strings.HasPrefix(imp, b) {
					out = append(out, fmt.Sprintf("%s imports %s, which its layer must not (%s)", dir, imp, file))
				}
			}
		}
	}
	for dir := range rules {
		if _, ok := pkgs[dir]; !ok {
			out = append(out, fmt.Sprintf("rule for %s, which is no package any more", dir))
		}
	}
	sort.Strings(out)
	return out
}

func TestLayers(t *testing.T) {
	pkgs := packages(t, repoRoot(t))
	if _, ok := pkgs["internal/archtest"]; !ok || len(pkgs) < 10 {
		t.Fatalf("found only %d packages; is the root right?", len(pkgs))
	}
	for _, v := range violations(rules, pkgs) {
		t.Error(v)
	}
}

// The check itself can fail: a wrong import, a banned library, a package
// without a rule and a rule without a package are all reported.
func TestViolations(t *testing.T) {
	pkgs := map[string]map[string]string{
		"archive":           {module + "/matcher": "read.go"},
		"matcher":           {module + "/archive": "m.go", "github.com/spf13/cobra": "flags.go"},
		"internal/textscan": {"strings": "t.go"},
		"internal/newthing": {},
	}
	rules := map[string]rule{
		"archive":           {allowed: noneOurs},
		"matcher":           {allowed: []string{"archive"}, banned: cliLibs},
		"internal/textscan": {banned: anyLib},
		"internal/gone":     {},
	}
	want := []string{
		"archive imports matcher, which its layer may not (read.go)",
		"internal/newthing has no rule in internal/archtest: say what it may import",
		"matcher imports github.com/spf13/cobra, which its layer must not (flags.go)",
		"rule for internal/gone, which is no package any more",
	}
	if got := violations(rules, pkgs); !slices.Equal(got, want) {
		t.Errorf("violations:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}
