package main

import (
	"bytes"
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"

	"github.com/fledge-cli/fledge/internal/iostreams"
)

// harSecret is planted in every part of testdata/har/planted.har that is
// not a response body: the authorization, cookie, x-csrf-token and other
// request headers, request cookies, the URL's query and queryString, the
// request's postData, and the response's Set-Cookie header and cookies.
const harSecret = "PLANTED-7c1e9b"

// TestCaptureSecretsStayOut runs the commands that read a browser
// capture, as typed (--json and -vv included), and checks the session the
// capture holds appears in no output and no file fledge writes: state
// (journals, the migration state, the matches file), caches, config and
// temporary files. The capture's profiles must have been used, or the
// test proves nothing.
func TestCaptureSecretsStayOut(t *testing.T) {
	_, file, _, _ := runtime.Caller(0)
	planted := filepath.Join(filepath.Dir(file), "testdata", "har", "planted.har")
	data, err := os.ReadFile(planted)
	if err != nil {
		t.Fatal(err)
	}
	if n := bytes.Count(data, []byte(harSecret)); n < 10 {
		t.Fatalf("the capture holds the secret %d times; the test needs it in every request part", n)
	}
	_, env, _ := migrateTestEnv(t)
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	dir := t.TempDir() // outside every directory scanned below
	har := filepath.Join(dir, "following.har")
	writeTestFile(t, har, string(data))
	broken := filepath.Join(dir, "broken.har")
	// Cut inside a request header, right after a secret.
	cut := bytes.Index(data, []byte(harSecret)) + len(harSecret)
	writeTestFile(t, broken, string(data[:cut]))
	sample := sampleArchive(t)
	matches := filepath.Join(env["FLEDGE_STATE_DIR"], "matches.jsonl")
	if err := os.MkdirAll(env["FLEDGE_STATE_DIR"], 0o700); err != nil {
		t.Fatal(err)
	}

	runs := []struct {
		args []string
		want []string // one in stdout or stderr: the capture was read
	}{
		{[]string{"match", "--offline", "--profiles", har, "--format", "jsonl"}, []string{"@carl@example.social"}},
		{[]string{"match", "--offline", "--profiles", har, "--format", "table", sample}, []string{"bobby_bird"}},
		{[]string{"match", "--offline", "--profiles", har, "-o", matches, sample}, []string{"2 matched", `"matched":2`}},
		{[]string{"match", "--offline", "--profiles", broken, sample}, []string{"broken.har"}},
		{[]string{"directory", "--offline", "--profiles", har, "-o", filepath.Join(env["FLEDGE_STATE_DIR"], "dir")}, []string{"2 people", `"members":2`}},
		{[]string{"archive", "accounts", "--profiles", har, sample}, []string{"carl_bird"}},
		{[]string{"migrate", "--yes", "--offline", "--steps", "match", "--profiles", har, sample}, []string{"2 matched", `"matched":2`}},
		{[]string{"migrate", "--yes", "--offline", "--steps", "match", "--profiles", broken, sample}, []string{"broken.har"}},
	}
	for _, mode := range [][]string{{"-vv"}, {"--json", "-vv"}} {
		for _, r := range runs {
			full := append(slices.Clone(r.args), mode...)
			ios, _, out, errOut := iostreams.Test()
			ios.DisableProgress()
			f := migrateFactory(env, ios)
			_, err := execute(context.Background(), f, full...)
			if err != nil {
				printError(ios.ErrOut, err, exitCodeFor(err, false), f.Globals.JSON, "fledge")
			}
			both := out.String() + errOut.String()
			if strings.Contains(both, "PLANTED") {
				t.Errorf("fledge %s: the capture's session is in the output:\n%s", strings.Join(full, " "), both)
			}
			if !slices.ContainsFunc(r.want, func(w string) bool { return strings.Contains(both, w) }) {
				t.Errorf("fledge %s: output lacks %q; was the capture read?\n%s", strings.Join(full, " "), r.want, both)
			}
		}
	}

	files := 0
	for _, root := range []string{env["FLEDGE_STATE_DIR"], env["FLEDGE_CACHE_DIR"], env["FLEDGE_CONFIG_DIR"], tmp} {
		err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			files++
			b, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			if bytes.Contains(b, []byte("PLANTED")) {
				t.Errorf("%s holds the capture's session", p)
			}
			return nil
		})
		if err != nil && !os.IsNotExist(err) {
			t.Fatal(err)
		}
	}
	if b, err := os.ReadFile(matches); err != nil || !bytes.Contains(b, []byte("@bob@example.social")) {
		t.Errorf("the matches file lacks the capture's match: %v\n%s", err, b)
	}
	if files < 3 {
		t.Errorf("only %d files written; the test checks nothing", files)
	}
}
