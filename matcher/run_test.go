package matcher

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/fledge-cli/fledge/matcher/profiles"
)

// fakeVerifier answers from a table keyed by lower-cased handle and
// records what it was asked.
type fakeVerifier struct {
	mu       sync.Mutex
	verdicts map[string]Candidate // Status, MovedTo and optionally a rewritten Handle
	reverse  map[string][]Candidate
	verified []string
	reversed []string
}

func (f *fakeVerifier) VerifyAll(_ context.Context, cands []Candidate, _ string) []Candidate {
	f.mu.Lock()
	defer f.mu.Unlock()
	out := make([]Candidate, 0, len(cands))
	for _, c := range cands {
		f.verified = append(f.verified, c.Handle)
		v, ok := f.verdicts[strings.ToLower(c.Handle)]
		if !ok {
			c.Status = StatusNotFound
		} else {
			if v.Handle != "" {
				c.Handle = v.Handle
			}
			c.Status, c.MovedTo = v.Status, v.MovedTo
		}
		out = append(out, c)
	}
	return out
}

func (f *fakeVerifier) ReverseLookup(_ context.Context, p *profiles.Profile, _ []string) []Candidate {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.reversed = append(f.reversed, p.ScreenName)
	return f.reverse[p.ScreenName]
}

// recordingSource wraps a source and records what it was asked.
type recordingSource struct {
	ProfileSource
	mu    sync.Mutex
	asked [][]string
	err   error
}

func (r *recordingSource) Lookup(ctx context.Context, ids, names []string) ([]profiles.Profile, error) {
	r.mu.Lock()
	r.asked = append(r.asked, append(append([]string{}, ids...), names...))
	r.mu.Unlock()
	if r.err != nil {
		return nil, r.err
	}
	return r.ProfileSource.Lookup(ctx, ids, names)
}

func (r *recordingSource) String() string { return "recording" }

func collect(t *testing.T, p *Pipeline) []Match {
	t.Helper()
	var out []Match
	for m, err := range p.Run(context.Background()) {
		if err != nil {
			t.Fatalf("run: %v", err)
		}
		out = append(out, m)
	}
	return out
}

func handlesOf(ms []Match) map[string][]string {
	out := map[string][]string{}
	for _, m := range ms {
		out[m.TwitterID+"/"+m.ScreenName] = m.Handles
	}
	return out
}

func TestRunOffline(t *testing.T) {
	first := &recordingSource{ProfileSource: profiles.NewStaticSource([]profiles.Profile{
		{ID: "1", ScreenName: "alice", Name: "Alice", Description: "toots at @alice@mastodon.social"},
		{ID: "3", ScreenName: "dora", Description: "just a bio"},
	})}
	second := &recordingSource{ProfileSource: profiles.NewStaticSource([]profiles.Profile{
		{ID: "1", ScreenName: "alice", Description: "@wrong@hachyderm.io"},
		{ID: "9", ScreenName: "carol", Description: "me: https://fosstodon.org/@carol"},
	})}
	p := NewPipeline(RunConfig{
		Accounts:    []profiles.AccountRef{{ID: "1"}, {ID: "2"}, {ScreenName: "Carol"}, {ID: "3"}, {ID: "1"}},
		Sources:     []ProfileSource{first, second},
		ScreenNames: map[string]string{"2": "bob"},
	})
	ms := collect(t, p)
	want := map[string][]string{
		"1/alice": {"@alice@mastodon.social"},
		"2/bob":   nil,
		"9/carol": {"@carol@fosstodon.org"},
		"3/dora":  nil,
	}
	if got := handlesOf(ms); !reflect.DeepEqual(got, want) {
		t.Errorf("handles %v, want %v", got, want)
	}
	if len(ms) != 4 || ms[0].TwitterID != "1" || ms[1].TwitterID != "2" || ms[2].TwitterID != "9" || ms[3].TwitterID != "3" {
		t.Errorf("order or duplicates wrong: %+v", ms)
	}
	// The second source is only asked for what the first lacked.
	if fmt.Sprint(second.asked) != "[[2 Carol]]" {
		t.Errorf("second source asked %v", second.asked)
	}
	if ms[0].Name != "Alice" || ms[0].Candidates[0].Status != StatusUnverified {
		t.Errorf("offline match: %+v", ms[0])
	}
	got := p.Summary()
	if want := (Summary{Scanned: 4, Matched: 2, NoProfile: 1}); got != want {
		t.Errorf("summary %+v, want %+v", got, want)
	}
}

func TestRunVerifiesRanksAndExcludes(t *testing.T) {
	src := profiles.NewStaticSource([]profiles.Profile{
		{ID: "1", ScreenName: "alice", Description: "old @alice@oldhost.social new @alice@newhost.social"},
		{ID: "2", ScreenName: "bob", Description: "@bob@moved.social"},
		{ID: "3", ScreenName: "carol", Description: "@carol@down.social"},
		{ID: "4", ScreenName: "dave"}, // no bio: reverse lookup
		{ID: "5", ScreenName: "erin", Description: "@erin@gone.social"},
		{ID: "6", ScreenName: "frank", Description: "@frank@followed.social"},
	})
	fv := &fakeVerifier{
		verdicts: map[string]Candidate{
			"@alice@oldhost.social":  {Status: StatusVerified},
			"@alice@newhost.social":  {Status: StatusConfirmed, Handle: "@alice@social.newhost.social"},
			"@bob@moved.social":      {Status: StatusMoved, MovedTo: "@bob@target.social"},
			"@carol@down.social":     {Status: StatusUnreachable},
			"@frank@followed.social": {Status: StatusConfirmed},
		},
		reverse: map[string][]Candidate{
			"dave": {{Handle: "@dave@found.social", Field: FieldReverse, Form: FormReverse, Confidence: 0.9, Status: StatusConfirmed}},
		},
	}
	exclude := HandleSet{}
	exclude.Add("frank@FOLLOWED.social")
	var progress []Progress
	p := NewPipeline(RunConfig{
		Accounts: []profiles.AccountRef{{ID: "1"}, {ID: "2"}, {ID: "3"}, {ID: "4"}, {ID: "5"}, {ID: "6"}, {ID: "7"}},
		Sources:  []ProfileSource{src},
		Verifier: fv,
		Exclude:  exclude,
		Progress: func(pr Progress) { progress = append(progress, pr) },
	})
	ms := collect(t, p)
	want := map[string][]string{
		"1/alice": {"@alice@social.newhost.social", "@alice@oldhost.social"}, // confirmed ranks first
		"2/bob":   {"@bob@moved.social"},
		"3/carol": {"@carol@down.social"},
		"4/dave":  {"@dave@found.social"},
		"5/erin":  nil, // not found
		"6/frank": nil, // already followed
		"7/":      nil, // nobody knows it
	}
	if got := handlesOf(ms); !reflect.DeepEqual(got, want) {
		t.Errorf("handles\n got %v\nwant %v", got, want)
	}
	if c := candidateFor(ms[1], "@bob@moved.social"); c == nil || c.MovedTo != "@bob@target.social" {
		t.Errorf("moved candidate %+v", c)
	}
	if fmt.Sprint(fv.reversed) != "[dave]" {
		t.Errorf("reverse lookup ran for %v, want only dave (no bio)", fv.reversed)
	}
	gotSum := p.Summary()
	wantSum := Summary{Scanned: 7, Matched: 4, Confirmed: 2, Moved: 1, Unreachable: 1, NoProfile: 1, Excluded: 1}
	if gotSum != wantSum {
		t.Errorf("summary %+v, want %+v", gotSum, wantSum)
	}
	last := progress[len(progress)-1]
	if last.Stage != "matching" || last.Done != 7 || last.Total != 7 {
		t.Errorf("last progress %+v", last)
	}
	// The CSV export follows the moved account's target.
	c := NewMastodonCSV()
	for _, m := range ms {
		if _, err := c.Add(m); err != nil {
			t.Fatal(err)
		}
	}
	if c.Len() != 5 || !c.seen["bob@target.social"] || c.seen["bob@moved.social"] {
		t.Errorf("csv rows %v", c.rows)
	}
}

func TestRunSourceErrorContinues(t *testing.T) {
	broken := &recordingSource{ProfileSource: profiles.NewStaticSource(nil), err: errors.New("error 453")}
	good := profiles.NewStaticSource([]profiles.Profile{{ID: "1", ScreenName: "a", Description: "@a@mastodon.social"}, {ID: "2", ScreenName: "b"}})
	p := NewPipeline(RunConfig{
		Accounts:  []profiles.AccountRef{{ID: "1"}, {ID: "2"}},
		Sources:   []ProfileSource{broken, good},
		BatchSize: 1,
	})
	var errs []error
	var ms []Match
	for m, err := range p.Run(context.Background()) {
		if err != nil {
			errs = append(errs, err)
			continue
		}
		ms = append(ms, m)
	}
	var se *SourceError
	if len(errs) != 1 || !errors.As(errs[0], &se) || se.Source != "recording" || !strings.Contains(se.Error(), "453") {
		t.Fatalf("errors %v", errs)
	}
	if len(broken.asked) != 1 {
		t.Errorf("broken source asked %d times, want once", len(broken.asked))
	}
	if len(ms) != 2 || len(ms[0].Handles) != 1 {
		t.Errorf("matches %+v", ms)
	}
}

func TestRunStopsEarlyAndOnCancel(t *testing.T) {
	var accts []profiles.AccountRef
	var profs []profiles.Profile
	for i := range 200 {
		id := fmt.Sprint(i + 1)
		accts = append(accts, profiles.AccountRef{ID: id})
		profs = append(profs, profiles.Profile{ID: id, ScreenName: "u" + id, Description: fmt.Sprintf("@u%d@mastodon.social", i)})
	}
	cfg := RunConfig{Accounts: accts, Sources: []ProfileSource{profiles.NewStaticSource(profs)}, Verifier: &fakeVerifier{}, BatchSize: 50, Workers: 8}

	n := 0
	for _, err := range NewPipeline(cfg).Run(context.Background()) {
		if err != nil {
			t.Fatal(err)
		}
		n++
		if n == 3 {
			break
		}
	}
	if n != 3 {
		t.Fatalf("got %d", n)
	}

	ctx, cancel := context.WithCancel(context.Background())
	cfg.Progress = func(pr Progress) {
		if pr.Done == 60 {
			cancel()
		}
	}
	var gotErr error
	n = 0
	for _, err := range NewPipeline(cfg).Run(ctx) {
		if err != nil {
			gotErr = err
			continue
		}
		n++
	}
	if !errors.Is(gotErr, context.Canceled) || n >= 200 {
		t.Errorf("after cancel: %d matches, err %v", n, gotErr)
	}
}

func TestRunKeepsOrderUnderConcurrency(t *testing.T) {
	var accts []profiles.AccountRef
	for i := range 300 {
		accts = append(accts, profiles.AccountRef{ID: fmt.Sprint(1000 + i)})
	}
	p := NewPipeline(RunConfig{Accounts: accts, Verifier: &fakeVerifier{}, Workers: 16, BatchSize: 64})
	ms := collect(t, p)
	for i, m := range ms {
		if m.TwitterID != accts[i].ID {
			t.Fatalf("position %d: %s, want %s", i, m.TwitterID, accts[i].ID)
		}
	}
	if s := p.Summary(); s.Scanned != 300 || s.NoProfile != 300 {
		t.Errorf("summary %+v", s)
	}
}

func TestChooseHandles(t *testing.T) {
	tests := []struct {
		name    string
		in      []Candidate
		exclude []string
		want    []string
		out     outcome
	}{
		{"offline keeps order", []Candidate{{Handle: "@a@x.example"}, {Handle: "@b@y.example"}}, nil,
			[]string{"@a@x.example", "@b@y.example"}, outcome{matched: true}},
		{"dead handles dropped", []Candidate{{Handle: "@a@x.example", Status: StatusNotFound}, {Handle: "@b@y.example", Status: StatusNotFediverse}}, nil,
			nil, outcome{}},
		{"unreachable last but kept", []Candidate{{Handle: "@a@x.example", Status: StatusUnreachable}, {Handle: "@b@y.example", Status: StatusVerified}}, nil,
			[]string{"@b@y.example", "@a@x.example"}, outcome{matched: true, unreachable: true}},
		{"duplicates after canonicalisation", []Candidate{{Handle: "@A@x.example", Status: StatusConfirmed}, {Handle: "@a@x.example", Status: StatusVerified}}, nil,
			[]string{"@A@x.example"}, outcome{matched: true, confirmed: true}},
		{"excluded by move target", []Candidate{{Handle: "@a@x.example", Status: StatusMoved, MovedTo: "@a@new.example"}}, []string{"a@new.example"},
			nil, outcome{excluded: true}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ex := HandleSet{}
			for _, h := range tt.exclude {
				ex.Add(h)
			}
			got, o := chooseHandles(tt.in, ex)
			if !reflect.DeepEqual(got, tt.want) || o != tt.out {
				t.Errorf("got %v %+v, want %v %+v", got, o, tt.want, tt.out)
			}
		})
	}
}

func TestRunWritesAndReportsSourceErrors(t *testing.T) {
	broken := &recordingSource{ProfileSource: profiles.NewStaticSource(nil), err: errors.New("401")}
	good := profiles.NewStaticSource([]profiles.Profile{
		{ID: "1", ScreenName: "a", Description: "@a@mastodon.social"},
		{ID: "2", ScreenName: "b", Description: "@a@mastodon.social too"},
	})
	cfg := RunConfig{Accounts: []profiles.AccountRef{{ID: "1"}, {ID: "2"}}, Sources: []ProfileSource{broken, good}}

	var warned []error
	var buf strings.Builder
	w := NewMastodonCSVStream(&buf)
	sum, err := Run(context.Background(), cfg, w, func(err error) { warned = append(warned, err) })
	if err != nil || len(warned) != 1 {
		t.Fatalf("err %v, warnings %v", err, warned)
	}
	if sum.Scanned != 2 || sum.Matched != 2 {
		t.Errorf("summary %+v", sum)
	}
	if want := MastodonCSVHeader + "\na@mastodon.social,true,false,\n"; buf.String() != want {
		t.Errorf("csv %q", buf.String())
	}

	// Without a handler a source error ends the run, and the writer is
	// still closed.
	var jl strings.Builder
	_, err = Run(context.Background(), cfg, NewJSONWriter(&jl), nil)
	var se *SourceError
	if !errors.As(err, &se) || jl.String() != "[]\n" {
		t.Errorf("err %v, output %q", err, jl.String())
	}
}

// Profile URLs on hosts that don't name their software (/a/ on a PeerTube
// server, /users/ anywhere) score under the threshold; online they are
// checked and accepted once WebFinger and the actor agree. Bare
// user@domain forms and pinned-tweet links are never probed.
func TestRunProbesUnderThresholdProfileURLs(t *testing.T) {
	src := profiles.NewStaticSource([]profiles.Profile{
		{ID: "1", ScreenName: "alice", Description: "videos at https://diode.zone/a/alice"},
		{ID: "2", ScreenName: "bob", Description: "https://example.com/users/bob"},
		{ID: "3", ScreenName: "carol", Description: "mail carol@example.org"},
		{ID: "4", ScreenName: "dave", Description: "https://xn--pypal-4ve.com/users/dave"},
		{ID: "5", ScreenName: "erin", PinnedText: "great talk https://diode.zone/a/frank"},
	})
	fv := &fakeVerifier{verdicts: map[string]Candidate{
		"@alice@diode.zone":       {Status: StatusVerified},
		"@dave@xn--pypal-4ve.com": {Status: StatusVerified},
		"@frank@diode.zone":       {Status: StatusVerified},
		"@carol@example.org":      {Status: StatusVerified},
	}}
	p := NewPipeline(RunConfig{
		Accounts: []profiles.AccountRef{{ID: "1"}, {ID: "2"}, {ID: "3"}, {ID: "4"}, {ID: "5"}},
		Sources:  []ProfileSource{src},
		Verifier: fv,
	})
	ms := collect(t, p)
	want := map[string][]string{
		"1/alice": {"@alice@diode.zone"},
		"2/bob":   nil, // not found: example.com is no fediverse server
		"3/carol": nil, // never asked
		"4/dave":  nil, // a punycode look-alike must link back
		"5/erin":  nil, // never asked
	}
	if got := handlesOf(ms); !reflect.DeepEqual(got, want) {
		t.Errorf("handles\n got %v\nwant %v", got, want)
	}
	asked := strings.Join(fv.verified, " ")
	for _, h := range []string{"@carol@example.org", "@frank@diode.zone"} {
		if strings.Contains(asked, h) {
			t.Errorf("%s was probed; asked %s", h, asked)
		}
	}
	if !strings.Contains(asked, "@bob@example.com") {
		t.Errorf("bob's /users/ URL was not probed; asked %s", asked)
	}
	if c := candidateFor(ms[1], "@bob@example.com"); c == nil || c.Status != StatusNotFound {
		t.Errorf("bob's candidate %+v, want kept with status not_found", c)
	}
}

func TestAccountBatches(t *testing.T) {
	in := []profiles.AccountRef{{ID: "1"}, {ScreenName: "Bob"}, {}, {ID: "1"}, {ID: "01"}, {ScreenName: "bob"}, {ID: "2", ScreenName: "carol"}, {ID: "3"}}
	total, batches := accountBatches(in, 2)
	var got [][]profiles.AccountRef
	for b := range batches {
		got = append(got, slices.Clone(b))
	}
	want := [][]profiles.AccountRef{{{ID: "1"}, {ScreenName: "Bob"}}, {{ID: "01"}, {ID: "2", ScreenName: "carol"}}, {{ID: "3"}}}
	if total != 5 || !reflect.DeepEqual(got, want) {
		t.Errorf("got %d %v, want 5 %v", total, got, want)
	}
	// Without repeats the batches are windows on the input, not copies.
	in = []profiles.AccountRef{{ID: "1"}, {ID: "2"}, {ID: "3"}}
	total, batches = accountBatches(in, 2)
	for b := range batches {
		if &b[0] != &in[0] && &b[0] != &in[2] {
			t.Error("batch copied although nothing was dropped")
		}
	}
	if total != 3 {
		t.Errorf("total %d, want 3", total)
	}
}
