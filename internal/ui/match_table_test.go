package ui

import (
	"bufio"
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/fledge-cli/fledge/internal/golden"

	"github.com/fledge-cli/fledge/matcher"
)

var _ = flag.Bool("update", false, "rewrite golden files") // read by golden.Check

// readMatches reads the matches a test renders: matcher's own golden
// jsonl of its sample matches, which cover every shape a table shows.
func readMatches(t *testing.T, name string) []matcher.Match {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var ms []matcher.Match
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		var m matcher.Match
		if err := json.Unmarshal(sc.Bytes(), &m); err != nil {
			t.Fatal(err)
		}
		ms = append(ms, m)
	}
	return ms
}

func TestMatchTableGolden(t *testing.T) {
	tests := []struct {
		in, golden string
		aligned    bool
	}{
		{"matches.jsonl", "matches.table", true},
		{"matches.jsonl", "matches.tsv", false},
		{"bridges.jsonl", "bridges.table", true},
	}
	for _, tt := range tests {
		t.Run(tt.golden, func(t *testing.T) {
			var buf bytes.Buffer
			if err := WriteMatchTable(&buf, readMatches(t, tt.in), tt.aligned); err != nil {
				t.Fatal(err)
			}
			golden.Check(t, tt.golden, buf.Bytes())
		})
	}
}
