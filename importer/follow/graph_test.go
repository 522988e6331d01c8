package follow_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/fledge-cli/fledge/importer/follow"
	"github.com/fledge-cli/fledge/importer/job"
	"github.com/fledge-cli/fledge/internal/mock"
)

func graphTargets(hs ...string) []follow.Target {
	var ts []follow.Target
	for _, h := range hs {
		ts = append(ts, follow.Target{Handle: h})
	}
	return ts
}

func TestGraphBlockAndMute(t *testing.T) {
	for _, action := range []follow.GraphAction{follow.ActionBlock, follow.ActionMute} {
		t.Run(string(action), func(t *testing.T) {
			f := mock.NewFollower()
			a := f.Add("a@x.example", true)
			b := f.Add("b@x.example", false)
			c := f.Add("c@x.example", true)
			f.Blocked[c.ID], f.Muted[c.ID] = true, true
			d := f.Add("d@x.example", true)
			f.FailOn[d.ID] = fmt.Errorf("%w: 500", job.ErrRefused)
			me := f.Add("me@x.example", true)
			f.Me.ID = me.ID
			j := mock.NewJournal()
			got := map[string]follow.Status{}
			cfg := follow.GraphConfig{Action: action, Journal: j, HideNotifications: true,
				Targets:  graphTargets("a@x.example", "b@x.example", "c@x.example", "d@x.example", "me@x.example", "zz@x.example"),
				OnResult: func(r follow.Result) { got[r.Handle] = r.Status }}
			sum, err := follow.Graph(context.Background(), f, cfg)
			if err != nil {
				t.Fatal(err)
			}
			done := follow.StatusBlocked
			set := f.Blocked
			if action == follow.ActionMute {
				done, set = follow.StatusMuted, f.Muted
			}
			want := map[string]follow.Status{"a@x.example": done, "b@x.example": done, "c@x.example": follow.StatusAlready,
				"d@x.example": follow.StatusFailed, "me@x.example": follow.StatusSkipped, "zz@x.example": follow.StatusNotFound}
			for h, s := range got {
				if want[h] != s {
					t.Errorf("%s: %q, want %q", h, s, want[h])
				}
			}
			if !set[a.ID] || !set[b.ID] || set[me.ID] || sum.Failed() != 1 {
				t.Errorf("server state %v, summary %+v", set, sum)
			}
			// The re-run retries only d.
			delete(f.FailOn, d.ID)
			calls := f.Calls[string(action)]
			if _, err := follow.Graph(context.Background(), f, cfg); err != nil {
				t.Fatal(err)
			}
			if f.Calls[string(action)] != calls+1 || !set[d.ID] {
				t.Errorf("re-run made %d calls, want 1 (only the failed one)", f.Calls[string(action)]-calls)
			}
		})
	}
}

func TestGraphDryRunAndErrors(t *testing.T) {
	f := mock.NewFollower()
	a := f.Add("a@x.example", true)
	sum, err := follow.Graph(context.Background(), f, follow.GraphConfig{Action: follow.ActionBlock, DryRun: true, Targets: graphTargets("a@x.example")})
	if err != nil || f.Blocked[a.ID] || sum.Counts[follow.StatusPlanned] != 1 {
		t.Errorf("dry run: err %v, blocked %v, summary %+v", err, f.Blocked, sum)
	}
	if _, err := follow.Graph(context.Background(), f, follow.GraphConfig{Action: "unfollow", DryRun: true}); err == nil {
		t.Error("unknown action accepted")
	}
	f.FailOn[a.ID] = fmt.Errorf("%w: 401", job.ErrAuth)
	if _, err := follow.Graph(context.Background(), f, follow.GraphConfig{Action: follow.ActionMute, Journal: mock.NewJournal(), Targets: graphTargets("a@x.example")}); err == nil {
		t.Error("refused token did not stop the run")
	}
}
