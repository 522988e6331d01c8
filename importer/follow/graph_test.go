package follow

import (
	"context"
	"fmt"
	"testing"

	"github.com/fledge-cli/fledge/importer/job"
	"github.com/fledge-cli/fledge/importer/job/jobtest"
)

func TestGraphBlockAndMute(t *testing.T) {
	for _, action := range []GraphAction{ActionBlock, ActionMute} {
		t.Run(string(action), func(t *testing.T) {
			f := newFake()
			a := f.add("a@x.example", true)
			b := f.add("b@x.example", false)
			c := f.add("c@x.example", true)
			f.blocked[c.ID], f.muted[c.ID] = true, true
			d := f.add("d@x.example", true)
			f.failOn[d.ID] = fmt.Errorf("%w: 500", job.ErrRefused)
			me := f.add("me@x.example", true)
			f.self.ID = me.ID
			j := jobtest.NewMemJournal()
			var got []Result
			cfg := GraphConfig{Action: action, Journal: j, HideNotifications: true,
				Targets:  targets("a@x.example", "b@x.example", "c@x.example", "d@x.example", "me@x.example", "zz@x.example"),
				OnResult: func(r Result) { got = append(got, r) }}
			sum, err := Graph(context.Background(), f, cfg)
			if err != nil {
				t.Fatal(err)
			}
			done := StatusBlocked
			set := f.blocked
			if action == ActionMute {
				done, set = StatusMuted, f.muted
			}
			want := map[string]Status{"a@x.example": done, "b@x.example": done, "c@x.example": StatusAlready,
				"d@x.example": StatusFailed, "me@x.example": StatusSkipped, "zz@x.example": StatusNotFound}
			for h, s := range statuses(got) {
				if want[h] != s {
					t.Errorf("%s: %q, want %q", h, s, want[h])
				}
			}
			if !set[a.ID] || !set[b.ID] || set[me.ID] || sum.Failed() != 1 {
				t.Errorf("server state %v, summary %+v", set, sum)
			}
			// The re-run retries only d.
			delete(f.failOn, d.ID)
			calls := f.calls[string(action)]
			got = nil
			if _, err := Graph(context.Background(), f, cfg); err != nil {
				t.Fatal(err)
			}
			if f.calls[string(action)] != calls+1 || !set[d.ID] {
				t.Errorf("re-run made %d calls, want 1 (only the failed one)", f.calls[string(action)]-calls)
			}
		})
	}
}

func TestGraphDryRunAndErrors(t *testing.T) {
	f := newFake()
	a := f.add("a@x.example", true)
	sum, err := Graph(context.Background(), f, GraphConfig{Action: ActionBlock, DryRun: true, Targets: targets("a@x.example")})
	if err != nil || f.blocked[a.ID] || sum.Counts[StatusPlanned] != 1 {
		t.Errorf("dry run: err %v, blocked %v, summary %+v", err, f.blocked, sum)
	}
	if _, err := Graph(context.Background(), f, GraphConfig{Action: "unfollow", DryRun: true}); err == nil {
		t.Error("unknown action accepted")
	}
	f.failOn[a.ID] = fmt.Errorf("%w: 401", job.ErrAuth)
	if _, err := Graph(context.Background(), f, GraphConfig{Action: ActionMute, Journal: jobtest.NewMemJournal(), Targets: targets("a@x.example")}); err == nil {
		t.Error("refused token did not stop the run")
	}
}
