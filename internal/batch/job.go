package batch

import (
	"fmt"
	"slices"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/fledge-cli/fledge/internal/steps"
)

// Job is one account's migration, with defaults merged in and paths
// resolved.
type Job struct {
	Name     string // label in output; unique in the file
	Pos      Pos    // where the account's entry starts
	Archive  string // "" when no step needs one
	Server   string // with TokenEnv
	TokenEnv string // the environment variable holding the token, or
	Account  string // user@domain of an account stored by fledge login
	Steps    []Step // in running order
	// Matches is the file the match step writes and follow and import
	// read (default: <name>.matches.jsonl beside the migration file).
	Matches string
	// CredentialPos is where token_env or account is written, for errors
	// found at run time (an unset variable, an account not logged in).
	CredentialPos Pos

	opts        map[Step]map[string]value
	nameNode    *yaml.Node
	accountNode *yaml.Node
}

// Has reports whether the job runs step s.
func (j *Job) Has(s Step) bool { return slices.Contains(j.Steps, s) }

// NeedsServer reports whether any of the job's steps talks to its server.
func (j *Job) NeedsServer() bool {
	for _, s := range j.Steps {
		if NeedsServer(s) {
			return true
		}
	}
	return false
}

// Option returns the text of a step's scalar option and whether it is set.
func (j *Job) Option(s Step, key string) (string, bool) {
	v, ok := j.opts[s][key]
	return v.text, ok
}

// OptionPos is where a step's option is written, for run-time errors
// about it; the account's position when it is not set.
func (j *Job) OptionPos(s Step, key string) Pos {
	v, ok := j.opts[s][key]
	if !ok || v.node == nil {
		return j.Pos
	}
	return Pos{File: j.Pos.File, Line: v.node.Line, Column: v.node.Column}
}

// Input is what the step reads: the archive, or for follow the matches
// file (follow.from, else the match step's output when match runs, else
// the archive, which fledge follow then matches itself).
func (j *Job) Input(s Step) string {
	if s != StepFollow {
		return j.Archive
	}
	if from, ok := j.Option(StepFollow, "from"); ok {
		return from
	}
	if j.Has(StepMatch) {
		return j.Matches
	}
	return j.Archive
}

// FileRef is a file the job reads and where the file names it.
type FileRef struct {
	Path string
	Pos  Pos
}

// Inputs are the files that must exist before the job runs: the archive
// and every file an option names, except what an earlier step writes.
func (j *Job) Inputs() []FileRef {
	var out []FileRef
	if j.Archive != "" && (j.Has(StepProfile) || j.Has(StepMatch) || j.Has(StepImport) || j.Input(StepFollow) == j.Archive) {
		out = append(out, FileRef{j.Archive, j.Pos})
	}
	for _, s := range j.Steps {
		for _, o := range steps.Keys[s] {
			v, ok := j.opts[s][o.Key]
			if !ok || (s == StepMatch && o.Key == steps.MatchOutput.Key) {
				continue
			}
			pos := Pos{File: j.Pos.File, Line: v.node.Line, Column: v.node.Column}
			switch {
			case o.Kind == steps.KindPath && v.text == j.Matches && j.Has(StepMatch):
				// written by the match step
			case o.Kind == steps.KindPath:
				out = append(out, FileRef{v.text, pos})
			case o.Kind == steps.KindPaths:
				for _, p := range v.list {
					out = append(out, FileRef{p, pos})
				}
			}
		}
	}
	if j.Has(StepFollow) && !j.Has(StepMatch) && j.Input(StepFollow) == j.Archive {
		for _, p := range j.opts[StepMatch]["profiles"].list {
			out = append(out, FileRef{p, j.OptionPos(StepMatch, "profiles")})
		}
	}
	return out
}

// account reads one entry of accounts and merges defaults into it.
func (p *parser) account(n *yaml.Node, defaults settings) *Job {
	n = deref(n)
	j := &Job{Pos: p.pos(n), opts: map[Step]map[string]value{}}
	entries, ok := p.mapping(n, "account", accountKeys)
	if !ok {
		return nil
	}
	fields := map[string]*yaml.Node{}
	for _, e := range entries {
		fields[e.key] = e.value
	}
	own := p.shared(entries, "")

	what := "account"
	if v, ok := fields["name"]; ok {
		if s, ok := p.str(v, "name"); ok {
			if !nameRE.MatchString(s) {
				p.at(v, "name: %q must be letters, digits, '.', '_' or '-' (at most 64), as it labels output and files", s)
			} else {
				j.Name, j.nameNode = s, deref(v)
				what = fmt.Sprintf("account %q", s)
			}
		}
	} else {
		p.at(n, "account: name is required (a label for output and journals)")
	}
	j.Steps = own.steps
	if own.stepsNode == nil {
		j.Steps = defaults.steps
	}
	if own.stepsNode == nil && defaults.stepsNode == nil {
		p.at(n, "%s: no steps; set steps here or in defaults (%s)", what, joinSteps())
	}
	for _, st := range Steps {
		merged := map[string]value{}
		for k, v := range defaults.opts[st] {
			merged[k] = v
		}
		for k, v := range own.opts[st] {
			merged[k] = v
		}
		j.opts[st] = merged
	}
	sharedProfiles(j, own, defaults)
	if v, ok := fields["archive"]; ok {
		if s, ok := p.str(v, "archive"); ok {
			j.Archive = p.path(s)
		}
	}
	if j.Name != "" {
		j.Matches = p.path(j.Name + ".matches.jsonl")
	}
	if out, ok := j.opts[StepMatch]["output"]; ok {
		j.Matches = out.text
	}
	p.credentials(j, n, what, fields, own, defaults)
	p.requirements(j, n, what)
	return j
}

// sharedProfiles gives the steps that read profiles the account's (or
// the defaults') profiles key. The most specific setting wins: the
// account's step, the account, the defaults' step, the defaults.
func sharedProfiles(j *Job, own, defaults settings) {
	for _, st := range profilesSteps {
		if _, ok := own.opts[st]["profiles"]; ok {
			continue
		}
		shared := own.profiles
		if shared == nil {
			if _, ok := defaults.opts[st]["profiles"]; ok {
				continue
			}
			shared = defaults.profiles
		}
		if shared != nil {
			j.opts[st]["profiles"] = *shared
		}
	}
}

// credentials checks where the account's token comes from.
func (p *parser) credentials(j *Job, n *yaml.Node, what string, fields map[string]*yaml.Node, own, defaults settings) {
	envNode, hasEnv := fields["token_env"]
	accNode, hasAcc := fields["account"]
	if hasEnv && hasAcc {
		p.at(accNode, "%s: token_env and account exclude each other; use one", what)
		return
	}
	if hasEnv {
		j.CredentialPos = p.pos(envNode)
		if s, ok := p.str(envNode, "token_env"); ok {
			if !envNameRE.MatchString(s) {
				p.at(envNode, "token_env: %q is not an environment variable name (it names the variable, never the token itself)", s)
			} else {
				j.TokenEnv = s
			}
		}
		j.Server = own.server
		if own.serverPos == nil {
			j.Server = defaults.server
		}
		if own.serverPos == nil && defaults.serverPos == nil {
			p.at(envNode, "%s: token_env needs server (here or in defaults) to know where the token is valid", what)
		}
		return
	}
	if hasAcc {
		j.CredentialPos = p.pos(accNode)
		if own.serverPos != nil {
			p.at(own.serverPos, "%s: server: a stored account already knows its server; remove server, or use token_env", what)
		}
		if s, ok := p.str(accNode, "account"); ok {
			s = strings.ToLower(strings.TrimPrefix(s, "@"))
			if !accountRE.MatchString(s) {
				p.at(accNode, "account: %q is not user@domain (an account stored by fledge login)", s)
			} else {
				j.Account, j.accountNode = s, deref(accNode)
			}
		}
		return
	}
	if j.NeedsServer() {
		p.at(n, "%s: say where the token comes from: token_env (an environment variable) with server, or account (stored by fledge login)", what)
	}
}

// requirements checks that every listed step has its input.
func (p *parser) requirements(j *Job, n *yaml.Node, what string) {
	for _, s := range j.Steps {
		if s == StepFollow && (j.Input(s) != j.Archive || j.Archive != "") {
			continue
		}
		if j.Archive == "" {
			p.at(n, "%s: archive is required for the %s step", what, s)
			return
		}
	}
	if v, ok := j.opts[StepImport]["mentions"]; ok && v.text == "fediverse" && j.Has(StepImport) {
		if _, ok := j.opts[StepImport]["matches"]; !ok && !j.Has(StepMatch) {
			p.at(v.node, "%s: mentions: fediverse needs import.matches or the match step, to know the handles", what)
		}
	}
}
