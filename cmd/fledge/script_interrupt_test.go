package main

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"sync"
	"time"

	"github.com/rogpeppe/go-internal/testscript"
)

// cmdInterrupt runs a command with a terminal-like stdin that stays open,
// waits until its stderr matches a pattern (the command is then waiting,
// e.g. at a prompt), presses Ctrl-C (SIGINT) and checks the exit code:
//
//	interrupt 130 'Open this address' fledge login --server $LOGIN_URL
//
// Output is kept for stdout/stderr assertions, as with exec. testscript's
// own background commands cannot do this: their stdin is at its end at
// once, so a prompt never waits.
func cmdInterrupt(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) < 3 {
		ts.Fatalf("usage: interrupt CODE PATTERN command [args...]")
	}
	want, err := strconv.Atoi(args[0])
	if err != nil {
		ts.Fatalf("interrupt: bad code %q", args[0])
	}
	ready, err := regexp.Compile(args[1])
	ts.Check(err)
	prog := lookPathIn(ts.Getenv("PATH"), args[2])
	if prog == "" {
		ts.Fatalf("interrupt: %s not found in $PATH", args[2])
	}
	cmd := exec.Command(prog, args[3:]...)
	cmd.Dir = ts.MkAbs(".")
	for _, k := range scriptEnvKeys {
		if v := ts.Getenv(k); v != "" {
			cmd.Env = append(cmd.Env, k+"="+v)
		}
	}
	stdin, keepOpen, err := os.Pipe()
	ts.Check(err)
	defer keepOpen.Close()
	defer stdin.Close()
	cmd.Stdin = stdin
	var stdout bytes.Buffer
	stderr := &syncBuffer{}
	cmd.Stdout, cmd.Stderr = &stdout, stderr
	ts.Check(cmd.Start())
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()

	// Not a timing assertion: a guard so a command that never gets there
	// fails the script instead of hanging it.
	deadline := time.After(30 * time.Second)
	tick := time.NewTicker(5 * time.Millisecond)
	defer tick.Stop()
	interrupted := false
	for !interrupted {
		select {
		case <-done:
			ts.Logf("stderr: %s", stderr.String())
			ts.Fatalf("%s ended before its stderr matched %q", args[2], args[1])
		case <-deadline:
			_ = cmd.Process.Kill()
			ts.Logf("stderr: %s", stderr.String())
			ts.Fatalf("%s: stderr never matched %q", args[2], args[1])
		case <-tick.C:
			if ready.MatchString(stderr.String()) {
				ts.Check(cmd.Process.Signal(os.Interrupt))
				interrupted = true
			}
		}
	}
	waitErr := <-done
	_, _ = ts.Stdout().Write(stdout.Bytes())
	_, _ = ts.Stderr().Write([]byte(stderr.String()))
	got := 0
	var ee *exec.ExitError
	switch {
	case errors.As(waitErr, &ee):
		got = ee.ExitCode()
	case waitErr != nil:
		ts.Fatalf("interrupt: %v", waitErr)
	}
	if got != want {
		ts.Logf("stderr: %s", stderr.String())
		ts.Fatalf("%s exited with %d after Ctrl-C, want %d", args[2], got, want)
	}
}

// scriptEnvKeys are the variables a script's command may need; the
// interrupted command gets these from the script and nothing else.
var scriptEnvKeys = []string{
	"PATH", "HOME", "WORK", "TMPDIR", "NO_COLOR", "GOCOVERDIR",
	"XDG_CONFIG_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME",
	"FLEDGE_CONFIG_DIR", "FLEDGE_STATE_DIR", "FLEDGE_CACHE_DIR", "FLEDGE_ACCOUNT",
	"FLEDGE_SERVER", "FLEDGE_TOKEN", "FLEDGE_RETRIES", "FLEDGE_OPEN_BROWSER",
}

func lookPathIn(path, name string) string {
	for _, dir := range filepath.SplitList(path) {
		p := filepath.Join(dir, name)
		if fi, err := os.Stat(p); err == nil && !fi.IsDir() {
			return p
		}
	}
	return ""
}

// syncBuffer is a bytes.Buffer the command writes while the script reads.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}
