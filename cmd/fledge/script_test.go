package main

import (
	"archive/zip"
	"errors"
	"flag"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"testing"

	"github.com/fledge-cli/fledge/internal/mastodon"
	"github.com/fledge-cli/fledge/internal/mastodon/mastotest"
	"github.com/rogpeppe/go-internal/testscript"
)

var updateScripts = flag.Bool("update", false, "rewrite cmp golden sections in testdata/script")

// TestMain lets testscript run this test binary as the `fledge` command, so
// `exec fledge …` in a script exercises the real entry point in-process
// (and counts towards coverage) without a separate build. Once the tests
// pass, the run fails if they drove fledge to an endpoint with a token
// that mastodon.Endpoints does not list (mastotest.CheckRoutes).
func TestMain(m *testing.M) {
	testscript.Main(mastotest.CheckRoutes(m, mastodon.Listed), map[string]func(){
		"fledge": func() { os.Exit(mainRun(os.Args[1:], systemStreams())) },
	})
}

func TestScripts(t *testing.T) {
	_, file, _, _ := runtime.Caller(0)
	repo := filepath.Join(filepath.Dir(file), "..", "..")
	testscript.Run(t, testscript.Params{
		Dir:                 "testdata/script",
		RequireExplicitExec: true,
		RequireUniqueNames:  true,
		UpdateScripts:       *updateScripts,
		Cmds: map[string]func(ts *testscript.TestScript, neg bool, args []string){
			"exits":     cmdExits,
			"interrupt": cmdInterrupt,
			"unzip":     cmdUnzip,
		},
		Setup: func(env *testscript.Env) error {
			// Scripts reach shipped fixtures through $REPO, and keep every
			// fledge directory inside the script's sandbox.
			env.Setenv("REPO", repo)
			home := env.WorkDir + "/home"
			env.Setenv("HOME", home)
			env.Setenv("XDG_CONFIG_HOME", home+"/.config")
			env.Setenv("XDG_STATE_HOME", home+"/.local/state")
			env.Setenv("XDG_CACHE_HOME", home+"/.cache")
			env.Setenv("NO_COLOR", "1")
			return setupServers(env)
		},
	})
}

// cmdExits runs a command and checks its exact exit code:
//
//	exits 2 fledge version extra
//
// Output is kept for stdout/stderr assertions, as with exec.
func cmdExits(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) < 2 {
		ts.Fatalf("usage: exits CODE command [args...]")
	}
	want, err := strconv.Atoi(args[0])
	if err != nil {
		ts.Fatalf("exits: bad code %q", args[0])
	}
	err = ts.Exec(args[1], args[2:]...)
	got := 0
	var ee *exec.ExitError
	switch {
	case errors.As(err, &ee):
		got = ee.ExitCode()
	case err != nil:
		ts.Fatalf("exits: %v", err)
	}
	if got != want {
		ts.Logf("stdout: %s", ts.ReadFile("stdout"))
		ts.Logf("stderr: %s", ts.ReadFile("stderr"))
		ts.Fatalf("%s exited with %d, want %d", args[1], got, want)
	}
}

// cmdUnzip extracts a zip file into a directory of the script's sandbox:
//
//	unzip archive.zip dir
func cmdUnzip(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 2 {
		ts.Fatalf("usage: unzip file.zip dir")
	}
	r, err := zip.OpenReader(ts.MkAbs(args[0]))
	ts.Check(err)
	defer r.Close()
	dest := ts.MkAbs(args[1])
	for _, f := range r.File {
		path := filepath.Join(dest, filepath.FromSlash(f.Name))
		if f.FileInfo().IsDir() {
			ts.Check(os.MkdirAll(path, 0o755))
			continue
		}
		ts.Check(os.MkdirAll(filepath.Dir(path), 0o755))
		in, err := f.Open()
		ts.Check(err)
		out, err := os.Create(path)
		ts.Check(err)
		_, err = io.Copy(out, in)
		ts.Check(err)
		ts.Check(out.Close())
		ts.Check(in.Close())
	}
}
