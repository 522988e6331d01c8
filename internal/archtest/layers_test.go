package archtest

import (
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"testing"
)

const module = "github.com/fledge-cli/fledge"

// rules say, for each package (by path relative to the module root), which
// of our packages its non-test code may import. Domain packages know nothing
// of cobra or terminals. Leaf utilities may be shared: internal/safehttp (an
// HTTP client that refuses private addresses), internal/journal (the
// write-ahead journal of every command that writes to a server) and
// internal/textscan (where a URL or a mention ends, as the server sees it)
// and internal/ulid (GoToSocial's status ids).
var rules = []struct {
	dir     string
	allowed []string // our packages it may import (prefix match)
	banned  []string // third-party or internal packages it must not import
}{
	{"archive", nil, []string{"github.com/spf13/", "github.com/schollz/", "golang.org/x/term"}},
	{"matcher", []string{"archive", "internal/safehttp", "internal/diskcache", "internal/textscan"}, []string{"github.com/spf13/", "github.com/schollz/", "golang.org/x/term"}},
	{"importer", []string{"archive", "matcher", "internal/journal", "internal/textscan"}, []string{"github.com/spf13/", "github.com/schollz/", "golang.org/x/term"}},
	{"internal/mastodon", []string{"internal/mastodon", "internal/textscan", "internal/ulid"}, []string{"github.com/spf13/", "github.com/schollz/"}},
	// Leaf utilities stand on the standard library alone.
	{"internal/journal", []string{"internal/atomicfile", "internal/filelock"}, []string{"github.com/"}},
	{"internal/safehttp", []string{"internal/textscan"}, []string{"github.com/"}},
	{"internal/textscan", nil, []string{"github.com/"}},
	{"internal/ulid", nil, []string{"github.com/"}},
}

func repoRoot(t *testing.T) string {
	_, file, _, ok := runtime.Caller(0)
	if !ok {
		t.Fatal("cannot find the source directory")
	}
	return filepath.Join(filepath.Dir(file), "..", "..")
}

// imports returns the imports of every non-test Go file under dir.
func imports(t *testing.T, dir string) map[string][]string {
	t.Helper()
	found := map[string][]string{}
	err := filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == "testdata" || strings.HasSuffix(path, "mastotest")) {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		f, err := parser.ParseFile(token.NewFileSet(), path, nil, parser.ImportsOnly)
		if err != nil {
			return err
		}
		for _, imp := range f.Imports {
			p, _ := strconv.Unquote(imp.Path.Value)
			found[p] = append(found[p], path)
		}
		return nil
	})
	if err != nil && !os.IsNotExist(err) {
		t.Fatal(err)
	}
	return found
}

func TestLayers(t *testing.T) {
	root := repoRoot(t)
	for _, r := range rules {
		t.Run(r.dir, func(t *testing.T) {
			for imp, files := range imports(t, filepath.Join(root, r.dir)) {
				if rest, ok := strings.CutPrefix(imp, module+"/"); ok {
					if !allowedIn(rest, r.allowed) {
						t.Errorf("%s imports %s, which its layer may not (%s)", r.dir, imp, files[0])
					}
					continue
				}
				for _, b := range r.banned {
					if strings.HasPrefix(imp, b) {
						t.Errorf("%s imports %s, which a domain package must not (%s)", r.dir, imp, files[0])
					}
				}
			}
		})
	}
}

func allowedIn(pkg string, allowed []string) bool {
	for _, a := range allowed {
		if pkg == a || strings.HasPrefix(pkg, a+"/") {
			return true
		}
	}
	return false
}

// TestOnlyCmdUsesCLIPackages keeps terminal and configuration handling in
// the command layer.
func TestOnlyCmdUsesCLIPackages(t *testing.T) {
	root := repoRoot(t)
	cliOnly := []string{module + "/internal/iostreams", module + "/internal/config", "github.com/spf13/cobra"}
	for _, dir := range []string{"archive", "matcher", "importer", "internal/mastodon"} {
		for imp, files := range imports(t, filepath.Join(root, dir)) {
			for _, c := range cliOnly {
				if imp == c {
					t.Errorf("%s imports %s (%s); only cmd/fledge may", dir, imp, files[0])
				}
			}
		}
	}
}
