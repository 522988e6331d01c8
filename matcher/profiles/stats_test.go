package profiles

import (
	"os"
	"testing"
)

func TestProfilesWithStatsJSONLAndCSV(t *testing.T) {
	for _, tc := range []struct {
		path, format string
		profiles     int
	}{
		{"testdata/profiles/mixed.jsonl", FormatJSONL, 6},
		{"testdata/profiles/profiles.csv", FormatCSV, 2},
	} {
		f, err := os.Open(tc.path)
		if err != nil {
			t.Fatal(err)
		}
		var st ReadStats
		n := 0
		for _, err := range StreamWithStats(f, tc.path, &st) {
			if err != nil {
				t.Fatal(err)
			}
			n++
		}
		f.Close()
		if st.Format != tc.format || st.Profiles != tc.profiles || n != tc.profiles || st.Entries == 0 || st.File != tc.path {
			t.Errorf("%s: %+v (yielded %d)", tc.path, st, n)
		}
	}
}

func TestReadStatsSummary(t *testing.T) {
	st := ReadStats{File: "following.har", Format: FormatHAR, Entries: 412, BodiesRead: 38,
		Profiles: 431, Authors: 12, Duplicates: 40,
		Skipped: map[string]int{SkipNoBody: 3, "HTTP 429": 1, SkipNotJSON: 1}}
	want := "following.har (HAR): 431 profiles (12 only as tweet authors, 40 duplicates) from 38 bodies in 412 entries; skipped 3 no body (evicted by the browser), 1 HTTP 429, 1 not JSON"
	if got := st.Summary(); got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
	st = ReadStats{File: "p.csv", Format: FormatCSV, Entries: 1, Profiles: 1}
	if got, want := st.Summary(), "p.csv (CSV): 1 profile from 1 record"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	if st.SkippedTotal() != 0 {
		t.Error("no skips expected")
	}
}
