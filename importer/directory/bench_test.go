package directory

import (
	"io"
	"strconv"
	"testing"

	"github.com/fledge-cli/fledge/matcher"
)

// benchMatches is a large group: n accounts on 50 servers, every tenth
// one unmatched.
func benchMatches(n int) []matcher.Match {
	ms := make([]matcher.Match, n)
	for i := range ms {
		id := strconv.Itoa(i)
		ms[i] = matcher.Match{TwitterID: id, ScreenName: "user_" + id, Name: "User <" + id + ">"}
		if i%10 != 0 {
			h := "@u" + id + "@s" + strconv.Itoa(i%50) + ".example"
			ms[i].Handles = []string{h}
			ms[i].Candidates = []matcher.Candidate{{Handle: h, Status: matcher.StatusConfirmed}}
		}
	}
	return ms
}

type discardFile struct{ io.Writer }

func (discardFile) Close() error { return nil }

// BenchmarkDirectory builds a 5,000-account directory and writes all its
// files (Markdown, HTML with the embedded CSV files, both CSV files).
func BenchmarkDirectory(b *testing.B) {
	ms := benchMatches(5000)
	create := func(string) (io.WriteCloser, error) { return discardFile{io.Discard}, nil }
	b.ReportAllocs()
	for b.Loop() {
		d, err := Build(ms, Options{Title: "Bench"})
		if err != nil {
			b.Fatal(err)
		}
		if _, err := d.WriteFiles("out", create); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkDirectoryHTML is the page alone, the costliest file.
func BenchmarkDirectoryHTML(b *testing.B) {
	d, err := Build(benchMatches(5000), Options{Title: "Bench"})
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if err := d.WriteHTML(io.Discard); err != nil {
			b.Fatal(err)
		}
	}
}
