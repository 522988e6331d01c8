package steps

import (
	"context"
	"errors"
	"slices"
	"testing"
	"time"
)

func TestOrder(t *testing.T) {
	tests := []struct {
		in   []string
		want []Name
		err  bool
	}{
		{[]string{"import", "match", "login"}, []Name{Login, Match, Import}, false},
		{[]string{"profile", "follow"}, []Name{Follow, Profile}, false},
		{[]string{" Import ", "import"}, []Name{Import}, false},
		{[]string{"folow"}, nil, true},
		{nil, nil, false},
	}
	for _, tt := range tests {
		got, err := Parse(tt.in)
		if (err != nil) != tt.err || !slices.Equal(got, tt.want) {
			t.Errorf("Parse(%q) = %v, %v; want %v (error: %v)", tt.in, got, err, tt.want, tt.err)
		}
	}
	if !slices.Equal(Sort(slices.Clone(Order)), Order) || len(Order) != 6 {
		t.Errorf("Order %v is not sorted by itself", Order)
	}
}

func TestRunner(t *testing.T) {
	boom := errors.New("boom")
	tests := []struct {
		name     string
		steps    []Name
		outcome  map[Name]Result // default: done
		cancelAt Name            // cancel the context while this step runs
		before   map[Name]Decision
		want     []Status // one per reported step, in order
		ran      []Name
		err      error
	}{
		{name: "all done, in order", steps: []Name{Import, Match, Follow},
			want: []Status{Done, Done, Done}, ran: []Name{Match, Follow, Import}},
		{name: "left goes on", steps: []Name{Follow, Import}, outcome: map[Name]Result{Follow: {Status: Left, Left: 3}},
			want: []Status{Left, Done}, ran: []Name{Follow, Import}},
		{name: "failed stops, later skipped", steps: []Name{Match, Follow, Import}, outcome: map[Name]Result{Follow: {Status: Failed, Err: boom}},
			want: []Status{Done, Failed, Skipped}, ran: []Name{Match, Follow}},
		{name: "interrupted", steps: []Name{Match, Follow, Import}, cancelAt: Follow,
			want: []Status{Done, Interrupted, Interrupted}, ran: []Name{Match, Follow}, err: ErrInterrupted},
		{name: "before passes and stops", steps: []Name{Inspect, Match, Follow, Import}, before: map[Name]Decision{Match: Pass, Follow: Stop},
			want: []Status{Done}, ran: []Name{Inspect}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			var ran []Name
			var reported []Status
			clock := time.Unix(0, 0)
			r := &Runner{
				Steps: tt.steps,
				Run: func(ctx context.Context, s Name) Result {
					ran = append(ran, s)
					clock = clock.Add(2 * time.Second)
					if s == tt.cancelAt {
						cancel()
						return Result{Status: Failed, Err: ctx.Err()}
					}
					if res, ok := tt.outcome[s]; ok {
						return res
					}
					return Result{Status: Done}
				},
				Before: func(_ context.Context, s Name) (Decision, error) { return tt.before[s], nil },
				After:  func(res Result) error { reported = append(reported, res.Status); return nil },
				Now:    func() time.Time { return clock },
			}
			results, err := r.RunAll(ctx)
			if !errors.Is(err, tt.err) || (tt.err == nil && err != nil) {
				t.Errorf("error %v, want %v", err, tt.err)
			}
			if !slices.Equal(ran, tt.ran) {
				t.Errorf("ran %v, want %v", ran, tt.ran)
			}
			if !slices.Equal(reported, tt.want) {
				t.Errorf("reported %v, want %v", reported, tt.want)
			}
			if len(results) != len(reported) {
				t.Fatalf("%d results, %d reported", len(results), len(reported))
			}
			if len(results) > 0 && results[0].Status == Done && results[0].Seconds != 2 {
				t.Errorf("seconds %v, want 2 from the clock", results[0].Seconds)
			}
		})
	}
}

func TestRunnerHookError(t *testing.T) {
	stop := errors.New("cannot record")
	r := &Runner{Steps: []Name{Match, Import},
		Run:   func(context.Context, Name) Result { return Result{Status: Done} },
		After: func(Result) error { return stop }}
	res, err := r.RunAll(context.Background())
	if !errors.Is(err, stop) || len(res) != 1 {
		t.Errorf("got %v after %d results; want the hook's error after the first", err, len(res))
	}
}

func TestOptionValidate(t *testing.T) {
	tests := []struct {
		o    Option
		v    string
		want bool
	}{
		{Visibility, "unlisted", true},
		{Visibility, "direct", false},
		{Languages, "en", true},
		{Languages, "EN", false},
		{Instances, "mastodon.social:443", true},
		{Instances, "a/b", false},
		{List, "anything at all", true},
	}
	for _, tt := range tests {
		if got := tt.o.Validate(tt.v) == ""; got != tt.want {
			t.Errorf("%s: Validate(%q) fine=%v, want %v", tt.o.Flag, tt.v, got, tt.want)
		}
	}
	for s, keys := range Keys {
		seen := map[string]bool{}
		for _, o := range keys {
			if o.Key == "" || seen[o.Key] {
				t.Errorf("step %s: key %q empty or twice", s, o.Key)
			}
			seen[o.Key] = true
		}
	}
	if d := NewImportOptions(); d.Visibility != "unlisted" || d.Backdate != "auto" || d.Mentions != "plain" {
		t.Errorf("import defaults %+v", d)
	}
}
