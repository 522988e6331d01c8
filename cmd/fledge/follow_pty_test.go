//go:build unix

package main

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/creack/pty"

	"github.com/fledge-cli/fledge/internal/iostreams"
	"github.com/fledge-cli/fledge/internal/mastodon/mastotest"
)

// TestFollowInAPseudoTerminal runs fledge follow in a real (pseudo-)
// terminal, as a person would, and reads the screen: each result is a
// line of its own, never glued to the progress bar (issue 13 §4: not
// "following 33% |███ |…followed @carol@…"), and the bar is gone at the
// end.
func TestFollowInAPseudoTerminal(t *testing.T) {
	ptmx, tty, err := pty.Open()
	if err != nil {
		t.Skipf("no pseudo-terminal here: %v", err)
	}
	defer ptmx.Close()
	_ = pty.Setsize(ptmx, &pty.Winsize{Rows: 24, Cols: 100})
	var screen bytes.Buffer
	read := make(chan struct{})
	go func() {
		_, _ = io.Copy(&screen, ptmx)
		close(read)
	}()

	srv := mastotest.New(mastotest.Options{Domain: "masto.test", Seed: 1})
	defer srv.Close()
	alice := srv.AddAccount("alice", mastotest.AccountOptions{})
	for _, name := range []string{"bob", "carol", "dave"} {
		srv.AddAccount(name, mastotest.AccountOptions{})
	}
	home := t.TempDir()
	t.Setenv("HOME", home)
	t.Setenv("XDG_CONFIG_HOME", filepath.Join(home, ".config"))
	t.Setenv("XDG_STATE_HOME", filepath.Join(home, ".state"))
	t.Setenv("XDG_CACHE_HOME", filepath.Join(home, ".cache"))
	t.Setenv("FLEDGE_SERVER", srv.URL())
	t.Setenv("FLEDGE_TOKEN", alice.Token)
	matches := filepath.Join(home, "matches.csv")
	if err := os.WriteFile(matches, []byte("Account address,Show boosts,Notify on new posts,Languages\nbob@masto.test,true,false,\ncarol@masto.test,true,false,\ndave@masto.test,true,false,\n"), 0o600); err != nil {
		t.Fatal(err)
	}

	code := mainRun([]string{"follow", "--no-wait", matches}, iostreams.New(nil, tty, tty))
	tty.Close()
	select {
	case <-read:
	case <-time.After(10 * time.Second):
		t.Fatal("the pseudo-terminal's output never ended")
	}
	lines := screenLines(screen.Bytes())
	if !strings.Contains(screen.String(), " follows") {
		t.Errorf("no bar was drawn: %q", screen.String())
	}
	if code != 0 {
		t.Fatalf("exit %d; screen:\n%s", code, strings.Join(lines, "\n"))
	}
	followed := 0
	for _, l := range lines {
		if strings.Contains(l, "%") || strings.Contains(l, "█") {
			t.Errorf("the bar is still on the screen or shares a line: %q", l)
		}
		if strings.HasPrefix(l, "followed") {
			followed++
		}
	}
	if followed != 3 || !strings.HasPrefix(lines[len(lines)-1], "follow: 3 followed of 3") {
		t.Errorf("screen:\n%s", strings.Join(lines, "\n"))
	}
}

// screenLines is what a terminal shows for b: text, "\r" and "\n"
// (column 0 after each, as a tty's output translation gives), and "erase
// to end of line", the controls fledge's bars use.
func screenLines(b []byte) []string {
	var lines [][]rune
	row, col := 0, 0
	s := string(b)
	for i := 0; i < len(s); {
		for len(lines) <= row {
			lines = append(lines, nil)
		}
		if strings.HasPrefix(s[i:], "\x1b[K") {
			lines[row] = lines[row][:min(col, len(lines[row]))]
			i += 3
			continue
		}
		r := []rune(s[i:])[0]
		i += len(string(r))
		switch r {
		case '\r':
			col = 0
		case '\n':
			row, col = row+1, 0
		default:
			for len(lines[row]) < col {
				lines[row] = append(lines[row], ' ')
			}
			if col < len(lines[row]) {
				lines[row][col] = r
			} else {
				lines[row] = append(lines[row], r)
			}
			col++
		}
	}
	var out []string
	for _, l := range lines {
		out = append(out, strings.TrimRight(string(l), " "))
	}
	for len(out) > 0 && out[len(out)-1] == "" {
		out = out[:len(out)-1]
	}
	return out
}
