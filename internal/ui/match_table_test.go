package ui

import (
	"bufio"
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/fledge-cli/fledge/matcher"
)

var update = flag.Bool("update", false, "rewrite golden files")

func checkGolden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", "golden", name)
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the golden file (go test -update rewrites it)\n--- got\n%s\n--- want\n%s", name, got, want)
	}
}

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
			checkGolden(t, tt.golden, buf.Bytes())
		})
	}
}
