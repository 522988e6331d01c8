package matcher

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/fledge-cli/fledge/matcher/profiles"
)

// evalCase is one line of testdata/eval/profiles.jsonl: a synthetic
// profile, the handles a careful human would accept from it, and the kind
// of input it exercises. Probe lists the candidates only a network check
// can decide (Bluesky handles via Bridgy Fed, Threads URLs, channels):
// they must be offered for that check, never accepted offline.
// Communities lists the groups the profile mentions.
type evalCase struct {
	Category    string           `json:"category"`
	Profile     profiles.Profile `json:"profile"`
	Want        []string         `json:"want"`
	Probe       []string         `json:"probe,omitempty"`
	Communities []string         `json:"communities,omitempty"`
	Note        string           `json:"note,omitempty"`
}

const evalFile = "testdata/eval/profiles.jsonl"

func loadEval(t testing.TB) []evalCase {
	t.Helper()
	f, err := os.Open(evalFile)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var cases []evalCase
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 0, 64*1024), 1<<20)
	for line := 1; sc.Scan(); line++ {
		var c evalCase
		if err := json.Unmarshal(sc.Bytes(), &c); err != nil {
			t.Fatalf("%s:%d: %v", evalFile, line, err)
		}
		if c.Category == "" {
			t.Fatalf("%s:%d: no category", evalFile, line)
		}
		for _, h := range append(slices.Clone(c.Want), c.Probe...) {
			if _, _, ok := SplitHandle(h); !ok {
				t.Fatalf("%s:%d: expected handle %q is not valid", evalFile, line, h)
			}
		}
		cases = append(cases, c)
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return cases
}

type prCount struct{ tp, fp, fn, profiles int }

func (c prCount) precision() float64 {
	if c.tp+c.fp == 0 {
		return 1
	}
	return float64(c.tp) / float64(c.tp+c.fp)
}

func (c prCount) recall() float64 {
	if c.tp+c.fn == 0 {
		return 1
	}
	return float64(c.tp) / float64(c.tp+c.fn)
}

// TestEvalPrecisionRecall runs extraction offline over the labelled set,
// prints precision and recall per category and fails below 0.98 / 0.95
// overall. Handles are compared exactly (the user part keeps its case).
func TestEvalPrecisionRecall(t *testing.T) {
	cases := loadEval(t)
	if len(cases) < 150 {
		t.Fatalf("evaluation set has %d profiles, want at least 150", len(cases))
	}
	per := map[string]*prCount{}
	var all, probe, groups prCount
	for i, c := range cases {
		cands, comms := ExtractAll(&c.Profile)
		score(t, &probe, i, c.Category, "probe", probedHandles(cands), c.Probe)
		score(t, &groups, i, c.Category, "community", comms, c.Communities)
		got := acceptedHandles(&c.Profile)
		want := slices.Clone(c.Want)
		slices.Sort(want)
		pc := per[c.Category]
		if pc == nil {
			pc = &prCount{}
			per[c.Category] = pc
		}
		pc.profiles++
		all.profiles++
		for _, h := range got {
			if slices.Contains(want, h) {
				pc.tp++
				all.tp++
			} else {
				pc.fp++
				all.fp++
				t.Logf("line %d (%s): false positive %s", i+1, c.Category, h)
			}
		}
		for _, h := range want {
			if !slices.Contains(got, h) {
				pc.fn++
				all.fn++
				t.Logf("line %d (%s): missed %s; candidates %+v", i+1, c.Category, h, Extract(&c.Profile))
			}
		}
	}
	cats := make([]string, 0, len(per))
	for k := range per {
		cats = append(cats, k)
	}
	sort.Strings(cats)
	var b strings.Builder
	fmt.Fprintf(&b, "%-20s %8s %4s %4s %4s %9s %6s\n", "category", "profiles", "tp", "fp", "fn", "precision", "recall")
	for _, k := range cats {
		c := per[k]
		fmt.Fprintf(&b, "%-20s %8d %4d %4d %4d %9.3f %6.3f\n", k, c.profiles, c.tp, c.fp, c.fn, c.precision(), c.recall())
	}
	fmt.Fprintf(&b, "%-20s %8d %4d %4d %4d %9.3f %6.3f\n", "OVERALL", all.profiles, all.tp, all.fp, all.fn, all.precision(), all.recall())
	for _, x := range []struct {
		name string
		c    prCount
	}{{"online-decided", probe}, {"communities", groups}} {
		fmt.Fprintf(&b, "%-20s %8s %4d %4d %4d %9.3f %6.3f\n", x.name, "", x.c.tp, x.c.fp, x.c.fn, x.c.precision(), x.c.recall())
		if x.c.precision() < 0.98 || x.c.recall() < 0.95 {
			t.Errorf("%s: precision %.3f, recall %.3f; want at least 0.98 and 0.95", x.name, x.c.precision(), x.c.recall())
		}
	}
	fmt.Print(b.String())
	if all.precision() < 0.98 || all.recall() < 0.95 {
		t.Errorf("overall precision %.3f, recall %.3f; want at least 0.98 and 0.95", all.precision(), all.recall())
	}
}

// probedHandles are the candidates a run would ask about online because
// only the network can decide them (see splitProbe), sorted.
func probedHandles(cands []Candidate) []string {
	var hs []string
	for _, c := range cands {
		if isProbeForm(c.Form) && c.Field != FieldPinned && c.Confidence >= ProbeFloor && c.Confidence <= AcceptThreshold {
			hs = append(hs, c.Handle)
		}
	}
	slices.Sort(hs)
	return hs
}

// score adds one profile's comparison of got against want to pc, logging
// every difference.
func score(t *testing.T, pc *prCount, line int, category, what string, got, want []string) {
	t.Helper()
	pc.profiles++
	for _, h := range got {
		if slices.Contains(want, h) {
			pc.tp++
		} else {
			pc.fp++
			t.Logf("line %d (%s): %s false positive %s", line+1, category, what, h)
		}
	}
	for _, h := range want {
		if !slices.Contains(got, h) {
			pc.fn++
			t.Logf("line %d (%s): %s missed %s", line+1, category, what, h)
		}
	}
}
