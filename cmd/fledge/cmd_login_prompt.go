package main

// Reading what a person types at `fledge login`: the authorization code,
// with three tries, and the token of --token-stdin.

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/fledge-cli/fledge/internal/mastodon"
)

// codeTries is how often login asks for the authorization code: a typo or
// a half-copied code gets another chance without a new authorization.
const codeTries = 3

// exchangeTyped reads the authorization code from the person and trades it
// for a token, asking again (up to codeTries times in all) when the input
// is not a code or the server does not accept it.
func exchangeTyped(ctx context.Context, f *factory, c *mastodon.Client, app mastodon.OAuthApp, scopes []string,
	pkce *mastodon.PKCE) (mastodon.Token, error) {
	var last error
	in := lineReader(f.IO.In, codeTries)
	for try := 1; try <= codeTries; try++ {
		if f.IO.IsStdinTTY() {
			fmt.Fprint(f.IO.ErrOut, "Authorization code: ")
		}
		line, err := readLine(ctx, in)
		if err != nil {
			if last != nil && !errors.Is(err, errInterrupted) {
				return mastodon.Token{}, fmt.Errorf("%w; no other code was entered", last)
			}
			return mastodon.Token{}, err
		}
		code, err := mastodon.ParseAuthorizationCode(line)
		if err == nil {
			var tok mastodon.Token
			if tok, err = c.ExchangeCode(ctx, app, code, scopes, pkce); err == nil {
				return tok, nil
			}
			if !isStatusErr(err, 400) {
				return mastodon.Token{}, err // not about the code: trying again would not help
			}
		} else {
			err = fmt.Errorf("%w (paste the code the server showed after you approved fledge)", err)
		}
		last = err
		if try < codeTries {
			f.printer().Status("code_refused", struct {
				Error string `json:"error"`
				Try   int    `json:"try"`
				Of    int    `json:"of"`
			}{err.Error(), try + 1, codeTries}, fmt.Sprintf("That code did not work: %v\nPaste the code again (try %d of %d).", err, try+1, codeTries))
		}
	}
	return mastodon.Token{}, fmt.Errorf("%w; the code did not work %d times: run `fledge login` again, approve fledge in the browser and paste the code it shows", last, codeTries)
}

// maxInputLine bounds what is read as a code or token: both are short,
// and a runaway pipe must not fill memory.
const maxInputLine = 8 << 10

// lineReader reads up to lines lines of input from r: one buffer for all
// of them, so that lines read ahead are not lost between prompts.
func lineReader(r io.Reader, lines int) *bufio.Reader {
	return bufio.NewReaderSize(io.LimitReader(r, int64(lines)*maxInputLine), 512)
}

// readLine reads one line from br. The read runs aside so that Ctrl-C at
// the prompt ends the command even though the read itself cannot be
// interrupted.
func readLine(ctx context.Context, br *bufio.Reader) (string, error) {
	type result struct {
		line string
		err  error
	}
	ch := make(chan result, 1)
	go func() {
		line, err := br.ReadString('\n')
		if errors.Is(err, io.EOF) && strings.TrimSpace(line) != "" {
			err = nil
		}
		ch <- result{line, err}
	}()
	select {
	case <-ctx.Done():
		return "", errInterrupted
	case res := <-ch:
		if errors.Is(res.err, io.EOF) {
			return "", errors.New("no authorization code was entered (stdin ended)")
		}
		if res.err != nil {
			return "", fmt.Errorf("read the authorization code: %w", res.err)
		}
		return strings.TrimSpace(res.line), nil
	}
}

// readTokenStdin reads a pasted access token: one line, no spaces.
func readTokenStdin(ctx context.Context, r io.Reader) (string, error) {
	line, err := readLine(ctx, lineReader(r, 1))
	if err != nil {
		if errors.Is(err, errInterrupted) {
			return "", err
		}
		return "", usageErrorf("--token-stdin: no token on stdin")
	}
	if line == "" || strings.ContainsAny(line, " \t") || len(line) > 1024 {
		return "", usageErrorf("--token-stdin: stdin does not hold one access token (expected a single word)")
	}
	return line, nil
}
