package main

import (
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/fledge-cli/fledge/internal/iostreams"
	"github.com/fledge-cli/fledge/internal/journal"
	"github.com/fledge-cli/fledge/internal/mastodon"
	"github.com/fledge-cli/fledge/internal/mastodon/mastotest"
	"github.com/fledge-cli/fledge/internal/ui"
	"github.com/fledge-cli/fledge/matcher"
)

// TestReadmeTroubleshootingQuotesTheCode: every message README's
// Troubleshooting section quotes (the **"…"** at the head of an entry) is
// one fledge really prints, made here by the code that prints it, with
// README's examples (N, X, 14:05) standing for any number, name or time.
// A message reworded in the code, or a quote reworded in README, fails.
func TestReadmeTroubleshootingQuotesTheCode(t *testing.T) {
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	_, section, ok := strings.Cut(string(readme), "\n## Troubleshooting\n")
	if !ok {
		t.Fatal("README has no Troubleshooting section")
	}
	section, _, _ = strings.Cut(section, "\n## ")
	quotes := regexp.MustCompile(`(?m)^- \*\*"([^"]+)"\*\*`).FindAllStringSubmatch(section, -1)
	if len(quotes) < 5 {
		t.Fatalf("found only %d quoted messages in Troubleshooting", len(quotes))
	}
	messages := troubleshootingMessages(t)
	for _, q := range quotes {
		quote := strings.Join(strings.Fields(q[1]), " ")
		rx := quotePattern(quote)
		found := false
		for _, m := range messages {
			if rx.MatchString(strings.Join(strings.Fields(m), " ")) {
				found = true
				break
			}
		}
		if !found {
			t.Errorf("README quotes %q, which no message of fledge's matches; the messages:\n%s", quote, strings.Join(messages, "\n"))
		}
	}
}

// quotePattern matches quote in a message, its examples standing for any
// value: a time (14:05), a number, or a capital letter alone (N, X).
func quotePattern(quote string) *regexp.Regexp {
	words := regexp.MustCompile(`\b(?:\d\d:\d\d|\d+|[A-Z])\b`)
	var b strings.Builder
	last := 0
	for _, loc := range words.FindAllStringIndex(quote, -1) {
		b.WriteString(regexp.QuoteMeta(quote[last:loc[0]]))
		if strings.Contains(quote[loc[0]:loc[1]], ":") {
			b.WriteString(`(?:\w{3} )?\d\d:\d\d`)
		} else {
			b.WriteString(`\S+`)
		}
		last = loc[1]
	}
	b.WriteString(regexp.QuoteMeta(quote[last:]))
	return regexp.MustCompile(b.String())
}

// troubleshootingMessages are the messages Troubleshooting explains, as
// the code makes them.
func troubleshootingMessages(t *testing.T) []string {
	var msgs []string

	// A wait shown without a bar (with one, the bar says the same).
	ios, _, _, errOut := iostreams.Test()
	now := time.Now()
	until := time.Date(now.Year(), now.Month(), now.Day(), 14, 5, 0, 0, time.Local)
	ui.New(ios, ui.Options{}).Waiting(waitReason(mastodon.WaitEvent{Bucket: mastodon.BucketStatuses}), until)
	msgs = append(msgs, errOut.String())

	// The day's follow budget spent: a follow run's final error.
	msgs = append(msgs, followBudgetError(t))

	msgs = append(msgs,
		"this token cannot "+scopeProblem([]string{"read", "write:statuses"}, []stepUse{{use: mastodon.UseProfile}}),
		(&journal.LockedError{Job: "import-x", PID: 42}).Error(),
		(&matchCoverage{list: "following", failsOnNone: true}).noData(matcher.Summary{Scanned: 3, NoProfile: 3}).Error(),
	)

	// Messages made deep inside a flow (a login prompt, a full disk): the
	// source's own words.
	for _, src := range []struct{ file, literal string }{
		{"cmd_login_prompt.go", `"That code did not work: %v\nPaste the code again (try %d of %d)."`},
		{"../../internal/journal/journal.go", `"the disk is full: free some space and run the same command again"`},
	} {
		data, err := os.ReadFile(src.file)
		if err != nil {
			t.Fatal(err)
		}
		if strings.Contains(string(data), src.literal) {
			msgs = append(msgs, strings.Trim(src.literal, `"`))
		}
	}
	return msgs
}

// followBudgetError runs fledge follow where the server allows one follow
// a day, for two accounts, and returns its error.
func followBudgetError(t *testing.T) string {
	srv := mastotest.New(mastotest.Options{Domain: "budget.test", Seed: 4,
		Limits: mastotest.Limits{Follows: mastotest.Limit{N: 1, Per: 24 * time.Hour}}})
	defer srv.Close()
	erin := srv.AddAccount("erin", mastotest.AccountOptions{})
	srv.AddAccount("frank", mastotest.AccountOptions{})
	srv.AddAccount("gina", mastotest.AccountOptions{})
	dir := t.TempDir()
	csv := filepath.Join(dir, "budget.csv")
	if err := os.WriteFile(csv, []byte("Account address,Show boosts,Notify on new posts,Languages\nfrank@budget.test,true,false,\ngina@budget.test,true,false,\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	_, errOut, err := runFledgeOn(ctx, srv, erin.Token, dir, nil, "follow", "--no-wait", csv)
	if err == nil {
		t.Fatalf("follow with the budget spent succeeded:\n%s", tail(errOut))
	}
	return err.Error()
}
