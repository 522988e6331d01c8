package main

import (
	"fmt"
	"strings"
)

// record notes how a step ended in this run and, except in a dry run
// (which changes nothing), in the state file.
func (m *migration) record(step string, r stepRecord) error {
	m.thisRun[step] = r.Status
	if m.opts.DryRun {
		return nil
	}
	r.At = m.f.Now().UTC()
	m.state.set(step, r)
	return m.state.save(m.f.Now())
}

// say writes a line for people on stderr (nothing under --json, whose
// events say the same).
func (m *migration) say(format string, a ...any) { m.out.say(format, a...) }

// event writes a step event under --json.
func (m *migration) event(step, status string, left int, secs float64, detail string, earlier bool) {
	if !m.f.Globals.JSON {
		return
	}
	m.out.p.Data("step", struct {
		stepEvent
		Earlier bool `json:"earlier,omitempty"`
	}{stepEvent{Account: m.key, Step: step, Status: status, Left: left, Seconds: seconds(secs), Error: detail}, earlier}, "")
}

// reportEarlier says which chosen steps an earlier run finished.
func (m *migration) reportEarlier() {
	var done []string
	for _, s := range m.steps {
		if s == stepLogin || !m.state.finished(s) {
			continue
		}
		r := m.state.Steps[s]
		status := r.Status
		if status == stateSkipped {
			done = append(done, s+" (skipped)")
		} else {
			done = append(done, s)
		}
		m.event(s, status, 0, 0, "", true)
	}
	if len(done) > 0 {
		m.say("Already done in an earlier run: %s.", strings.Join(done, ", "))
	}
}

// summary reports the run and decides its exit status: 0 when every
// chosen step is finished, 3 otherwise.
func (m *migration) summary() error {
	if m.opts.DryRun {
		return m.dryRunSummary()
	}
	var done, skipped, open []string
	for _, s := range m.steps {
		switch {
		case m.state.finished(s) && m.state.Steps[s].Status == stateSkipped:
			skipped = append(skipped, s)
		case m.state.finished(s):
			done = append(done, s)
		default:
			what := s
			if r, ok := m.state.Steps[s]; ok && r.Left > 0 {
				what = fmt.Sprintf("%s (%d left)", s, r.Left)
			} else if st := m.thisRun[s]; st == "" {
				what = s + " (not run)"
			}
			open = append(open, what)
		}
	}
	if m.f.Globals.JSON {
		m.out.event(struct {
			Type     string   `json:"type"`
			Account  string   `json:"account"`
			Done     []string `json:"done"`
			Skipped  []string `json:"skipped"`
			WorkLeft []string `json:"work_left"`
			State    string   `json:"state"`
		}{"summary", m.key, nonNil(done), nonNil(skipped), nonNil(open), m.state.path})
	} else {
		msg := fmt.Sprintf("migrate @%s: %d of %d steps done", m.key, len(done), len(m.steps))
		if len(skipped) > 0 {
			msg += fmt.Sprintf(", %d skipped (%s)", len(skipped), strings.Join(skipped, ", "))
		}
		if len(open) > 0 {
			msg += "; not finished: " + strings.Join(open, ", ")
		}
		m.say("%s", msg)
		m.f.logger().Info("migration state", "file", m.state.path)
	}
	if len(open) == 0 {
		return nil
	}
	return &partialError{fmt.Sprintf("not finished: %s; run the same command again to continue", strings.Join(open, ", "))}
}

// dryRunSummary lists what the dry run looked at; it records nothing
// and always ends with exit status 0.
func (m *migration) dryRunSummary() error {
	var checked []string
	for _, s := range m.steps {
		if st := m.thisRun[s]; st != "" && st != stateSkipped {
			checked = append(checked, s)
		}
	}
	if m.f.Globals.JSON {
		m.out.event(struct {
			Type    string   `json:"type"`
			Account string   `json:"account"`
			DryRun  bool     `json:"dry_run"`
			Checked []string `json:"checked"`
		}{"summary", m.key, true, nonNil(checked)})
		return nil
	}
	who := "@" + m.key
	if m.key == "" {
		who = "no account (not logged in)"
	}
	m.say("dry run for %s: %d of %d steps shown (%s); nothing was changed", who, len(checked), len(m.steps), strings.Join(checked, ", "))
	m.say("next, to do it for real (asking before each step): %s", realRunCommand(m.opts, m.key != ""))
	return nil
}
