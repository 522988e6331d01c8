package main

import (
	"context"
	"fmt"
	"strings"
	"sync"

	"github.com/fledge-cli/fledge/importer/follow"
	"github.com/fledge-cli/fledge/internal/mastodon"
	"github.com/fledge-cli/fledge/internal/steps"
)

// stepUse is work a command or a migration's step does through the API.
// step names the step in migrate and run, so the message says which one
// needs what; "" for a command run on its own.
type stepUse struct {
	step string
	use  mastodon.Use
}

// alone is the work of a command run on its own.
func alone(uses ...mastodon.Use) []stepUse {
	out := make([]stepUse, len(uses))
	for i, u := range uses {
		out[i] = stepUse{use: u}
	}
	return out
}

// stepUses is the work a migration step does through the API, named
// with the step.
func stepUses(s steps.Name, list bool) []stepUse {
	out := alone(stepWork(s, list)...)
	for i := range out {
		out[i].step = string(s)
	}
	return out
}

// stepWork is the work a step does through the API; inspect and match
// write nothing and need no check. list: the follow step adds the
// accounts to a list.
func stepWork(s steps.Name, list bool) []mastodon.Use {
	var uses []mastodon.Use
	switch s {
	case steps.Follow:
		uses = append(uses, mastodon.UseFollow)
		if list {
			uses = append(uses, mastodon.UseLists)
		}
	case steps.Profile:
		uses = append(uses, mastodon.UseProfile)
	case steps.Import:
		uses = append(uses, mastodon.UsePost)
	}
	return uses
}

// needScopes names, before the work starts (before the plan, the
// question and the first write), what the token cannot do, so the person
// learns it at once rather than from a 403 halfway. The scopes are the
// ones stored at login or, for a token without them (FLEDGE_TOKEN,
// accounts stored before scopes were kept), its app's scopes as the
// server reports them (Mastodon ≥ 4.3), asked once; when the server does
// not say (older Mastodon, GoToSocial) the server is left to refuse. A
// dry run changes nothing, so there it is a warning. c may be nil when
// there is no client (a dry run without login).
func (f *factory) needScopes(ctx context.Context, c *mastodon.Client, ref accountRef, dryRun bool, uses ...stepUse) error {
	granted, err := f.tokenScopes(ctx, c, ref)
	if err != nil {
		return explainAuth(err, ref)
	}
	problem := scopeProblem(granted, uses)
	if problem == "" {
		return nil
	}
	err = &authError{fmt.Errorf("this token cannot %s: %s", problem, scopeFix(ref))}
	if dryRun {
		f.printer().Warn("%v", err)
		return nil
	}
	return err
}

// scopeProblem says what the token cannot do and which scopes it lacks,
// "" when granted is unknown (nil) or covers every use.
func scopeProblem(granted []string, uses []stepUse) string {
	if granted == nil {
		return ""
	}
	var parts []string
	for _, u := range uses {
		missing := u.use.Missing(granted)
		if len(missing) == 0 {
			continue
		}
		perm := "the " + strings.Join(missing, ", ") + " permission"
		if len(missing) > 1 {
			perm += "s"
		}
		who := "it lacks " + perm
		if u.step != "" {
			who = "the " + u.step + " step needs " + perm
		}
		parts = append(parts, fmt.Sprintf("%s (%s)", u.use.What, who))
	}
	return strings.Join(parts, ", nor ")
}

// scopeFix is what to do about missing scopes: fledge login asks for
// every scope the steps use.
func scopeFix(ref accountRef) string {
	if !ref.Stored {
		return fmt.Sprintf("give FLEDGE_TOKEN a token made with them (Settings › Development), or log in with `fledge login --server %s`", ref.Server)
	}
	return fmt.Sprintf("log in again with `fledge login --server %s`", ref.Server)
}

// appScopeCache remembers what servers said about tokens' apps, so a
// migration asks once, not once per step.
type appScopeCache struct {
	mu     sync.Mutex
	scopes map[string][]string // server + token → app scopes; nil: the server does not say
}

// tokenScopes are the scopes the token may use: stored at login, else
// its app's as the server reports them; nil when unknown.
func (f *factory) tokenScopes(ctx context.Context, c *mastodon.Client, ref accountRef) ([]string, error) {
	if len(ref.Scopes) > 0 {
		return ref.Scopes, nil
	}
	if c == nil {
		return nil, nil
	}
	if f.appScopes == nil {
		f.appScopes = &appScopeCache{scopes: map[string][]string{}}
	}
	cache := f.appScopes
	cache.mu.Lock()
	defer cache.mu.Unlock()
	key := ref.Server + "\x00" + ref.Token.Reveal()
	if s, ok := cache.scopes[key]; ok {
		return s, nil
	}
	s, known, err := c.AppScopes(ctx)
	if err != nil {
		return nil, err
	}
	if !known {
		s = nil
	}
	cache.scopes[key] = s
	return s, nil
}

// The work of the commands that write, run on their own.
var (
	importUses  = alone(mastodon.UsePost)
	undoUses    = alone(mastodon.UseDelete)
	profileUses = alone(mastodon.UseProfile)
)

// graphUses is the work of fledge block or fledge mute.
func graphUses(a follow.GraphAction) []stepUse {
	if a == follow.ActionMute {
		return alone(mastodon.UseMute)
	}
	return alone(mastodon.UseBlock)
}

// directoryListScopes checks, before the matching, that the token can
// build the list fledge directory --create-list asks for. Not being
// logged in, or a refused token, is left to the list step after the
// directory is written, as before.
func (f *factory) directoryListScopes(ctx context.Context, opts *directoryOptions) error {
	if opts.CreateList == "" {
		return nil
	}
	c, ref, err := f.followClient(ctx, opts.Account, opts.Wait)
	if err != nil {
		return nil
	}
	return f.needScopes(ctx, c, ref, opts.DryRun, alone(stepWork(steps.Follow, true)...)...)
}

// pastedTokenScopes are the scopes to store for a token given with
// fledge login --token-stdin: its app's, when the server says (Mastodon
// ≥ 4.3), so later commands can name a missing one before they start;
// none when it does not. The token's own scopes may be fewer; the server
// still refuses those.
func pastedTokenScopes(ctx context.Context, f *factory, c *mastodon.Client) []string {
	scopes, known, err := c.AppScopes(ctx)
	if err != nil || !known {
		if err != nil {
			f.logger().Info("cannot learn the token's scopes", "error", err)
		}
		return nil
	}
	return scopes
}
