package archivetest

import (
	"bufio"
	"bytes"
	"encoding/json"
	"testing"
)

func TestEncodeString(t *testing.T) {
	tests := []struct {
		in   string
		st   style
		want string
	}{
		{`plain`, style{}, `"plain"`},
		{"quote \" back \\ nl \n tab \t ctl \x01", style{}, `"quote \" back \\ nl \n tab \t ctl \u0001"`},
		{"a/b", style{}, `"a/b"`},
		{"a/b", style{slash: true}, `"a\/b"`},
		{"x😀y", style{}, `"x😀y"`},
		{"x😀y", style{astral: true}, `"x\uD83D\uDE00y"`},
		{"é ✨ 🐘", style{astral: true}, `"é ✨ \uD83D\uDC18"`},
	}
	for _, tc := range tests {
		var buf bytes.Buffer
		w := bufio.NewWriter(&buf)
		(&enc{w: w, st: tc.st}).str(tc.in)
		w.Flush()
		if buf.String() != tc.want {
			t.Errorf("str(%q, %+v) = %s, want %s", tc.in, tc.st, buf.String(), tc.want)
		}
		var back string
		if err := json.Unmarshal(buf.Bytes(), &back); err != nil || back != tc.in {
			t.Errorf("str(%q) does not round-trip: %q, %v", tc.in, back, err)
		}
	}
}

func TestPrettyStyles(t *testing.T) {
	v := obj{{"a", arr{"0", "1"}}, {"b", arr{}}, {"c", obj{}}, {"d", arr{obj{{"x", num("1")}}}}}
	tests := []struct {
		braces bool
		want   string
	}{
		{false, "[ {\n  \"a\" : [ \"0\", \"1\" ],\n  \"b\" : [ ],\n  \"c\" : { },\n  \"d\" : [ {\n    \"x\" : 1\n  } ]\n}, {\n  \"a\" : [ \"0\", \"1\" ],\n  \"b\" : [ ],\n  \"c\" : { },\n  \"d\" : [ {\n    \"x\" : 1\n  } ]\n} ]"},
		{true, "[\n  {\n    \"a\" : [\n      \"0\",\n      \"1\"\n    ],\n    \"b\" : [ ],\n    \"c\" : { },\n    \"d\" : [\n      {\n        \"x\" : 1\n      }\n    ]\n  },\n  {\n    \"a\" : [\n      \"0\",\n      \"1\"\n    ],\n    \"b\" : [ ],\n    \"c\" : { },\n    \"d\" : [\n      {\n        \"x\" : 1\n      }\n    ]\n  }\n]"},
	}
	for _, tc := range tests {
		var buf bytes.Buffer
		w := bufio.NewWriter(&buf)
		a := &arrayStream{e: &enc{w: w, st: style{braces: tc.braces}}}
		a.add(v)
		a.add(v)
		a.end()
		w.Flush()
		if buf.String() != tc.want {
			t.Errorf("braces=%v:\n%s\nwant:\n%s", tc.braces, buf.String(), tc.want)
		}
	}
}

func TestTypeKey(t *testing.T) {
	for in, want := range map[string]string{
		"tweets": "tweets", "note-tweet": "noteTweet", "lists-created": "listsCreated",
		"direct-messages-group": "directMessagesGroup", "tweet-headers": "tweetHeaders",
	} {
		if got := typeKey(in); got != want {
			t.Errorf("typeKey(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestIsMissingSpreadsExactly(t *testing.T) {
	for _, tc := range []struct{ items, missing, want int }{
		{10, 0, 0}, {10, 3, 3}, {10, 10, 10}, {10, 25, 10}, {7, 1, 1}, {1000, 17, 17}, {0, 4, 0},
	} {
		g := &gen{c: config{Options: Options{MissingMedia: tc.missing}}, p: &plan{media: tc.items}}
		n := 0
		for i := range tc.items {
			if g.isMissing(i) {
				n++
			}
		}
		if n != tc.want {
			t.Errorf("items %d missing %d: %d left out, want %d", tc.items, tc.missing, n, tc.want)
		}
	}
}

func TestIDsFollowTime(t *testing.T) {
	times := []int64{
		1_236_000_000_000, 1_236_000_001_000, 1_288_834_970_000, // pre-snowflake, short ids
		1_288_834_980_000, 1_400_000_000_123, 1_700_000_000_999, 1_772_000_000_000,
	}
	var prev uint64
	for _, ms := range times {
		id := idFor(ms, 1<<20-1)
		if id <= prev {
			t.Errorf("idFor(%d) = %d, not above %d", ms, id, prev)
		}
		prev = id
	}
	if got := snowflake(1_700_000_000_999, 5) >> 22; int64(got)+twitterEpochMs != 1_700_000_000_999 {
		t.Errorf("snowflake timestamp round trip: %d", got)
	}
}
