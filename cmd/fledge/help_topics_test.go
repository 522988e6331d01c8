package main

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"testing"

	"github.com/spf13/cobra"

	"github.com/fledge-cli/fledge/internal/iostreams"
)

func repoRoot(t *testing.T) string {
	t.Helper()
	_, file, _, _ := runtime.Caller(0)
	return filepath.Join(filepath.Dir(file), "..", "..")
}

func testRoot() *cobra.Command {
	io, _, _, _ := iostreams.Test()
	return newRootCmd(&factory{IO: io, Globals: &globalOptions{}, Getenv: func(string) string { return "" }})
}

// README's table says what exitCodes says, row for row, and so do the
// help topic and the line at the foot of every command's help.
func TestExitCodesDocumented(t *testing.T) {
	readme, err := os.ReadFile(filepath.Join(repoRoot(t), "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	_, section, ok := strings.Cut(string(readme), "### Exit codes\n")
	if !ok {
		t.Fatal("README.md has no \"### Exit codes\" section")
	}
	row := regexp.MustCompile(`(?m)^\| (\d+) \| (.+) \|$`)
	rows := row.FindAllStringSubmatch(section, len(exitCodes)+1)
	if len(rows) != len(exitCodes) {
		t.Fatalf("README's table has %d rows, exitCodes %d", len(rows), len(exitCodes))
	}
	seen := map[int]bool{}
	for i, c := range exitCodes {
		if seen[c.Code] {
			t.Errorf("code %d described twice", c.Code)
		}
		seen[c.Code] = true
		if rows[i][1] != strconv.Itoa(c.Code) || rows[i][2] != c.Long {
			t.Errorf("README row %d:\n  %s | %s\nwant\n  %d | %s", i+1, rows[i][1], rows[i][2], c.Code, c.Long)
		}
		topic := strings.Join(strings.Fields(exitCodesHelp()), " ")
		if !strings.Contains(topic, strconv.Itoa(c.Code)+" "+c.Long) {
			t.Errorf("fledge help exit-codes lacks %d: %s", c.Code, c.Long)
		}
	}
	var check func(c *cobra.Command)
	check = func(c *cobra.Command) {
		if c.Runnable() && !strings.HasSuffix(c.Long, exitCodesFooter()) {
			t.Errorf("%s: help does not end with the exit codes", c.CommandPath())
		}
		for _, sub := range c.Commands() {
			check(sub)
		}
	}
	check(testRoot())
}

// `fledge help environment` (and so the man page's ENVIRONMENT) names
// every FLEDGE_* variable the code reads.
func TestEnvironmentHelpListsEveryVariable(t *testing.T) {
	name := regexp.MustCompile(`"(FLEDGE_[A-Z0-9_]+)"`)
	found := map[string]string{}
	err := filepath.WalkDir(repoRoot(t), func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == "testdata" || strings.HasPrefix(d.Name(), ".")) && path != repoRoot(t) {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		src, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		for _, m := range name.FindAllStringSubmatch(string(src), -1) {
			found[m[1]] = path
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(found) < 5 {
		t.Fatalf("found only %v: is the walk looking in the right place?", found)
	}
	for v, path := range found {
		if !regexp.MustCompile(`(?m)^  ` + v + `\b`).MatchString(environmentHelp) {
			t.Errorf("%s (read in %s) is not in 'fledge help environment'", v, path)
		}
	}
}

// The help lists commands in the order of a move, and lists man.
func TestHelpListsCommandsInJourneyOrder(t *testing.T) {
	root := testRoot()
	var out strings.Builder
	root.SetOut(&out)
	root.SetArgs([]string{"--help"})
	if err := root.Execute(); err != nil {
		t.Fatal(err)
	}
	help := out.String()
	last := -1
	for _, name := range []string{"login", "archive", "match", "follow", "profile", "import", "migrate", "run", "status", "undo", "man"} {
		i := strings.Index(help, "\n  "+name+" ")
		if i < 0 {
			t.Fatalf("%s is not listed:\n%s", name, help)
		}
		if i < last {
			t.Errorf("%s is listed out of a move's order:\n%s", name, help)
		}
		last = i
	}
}
