package matcher

import (
	"bytes"
	"io"
	"testing"

	"github.com/fledge-cli/fledge/internal/golden"
)

// bridgeSample is a bridged Bluesky account, a Bluesky account that is not
// bridged and a community mention, as a run writes them.
func bridgeSample() []Match {
	return []Match{
		{TwitterID: "21", ScreenName: "erin", Handles: []string{"@erin.bsky.social@bsky.brid.gy"}, Candidates: []Candidate{
			{Handle: "@erin.bsky.social@bsky.brid.gy", Field: FieldBio, Evidence: "🦋 @erin.bsky.social", Form: FormBluesky, Confidence: 0.45,
				Status: StatusBridged, ProfileURL: "https://bsky.app/profile/erin.bsky.social"},
		}},
		{TwitterID: "22", ScreenName: "frank", Handles: []string{}, Communities: []string{"!rust@lemmy.world"}, Candidates: []Candidate{
			{Handle: "@frank.example.org@bsky.brid.gy", Field: FieldURL, Evidence: "https://bsky.app/profile/frank.example.org", Form: FormBluesky,
				Confidence: 0.45, Status: StatusNotBridged, ProfileURL: "https://bsky.app/profile/frank.example.org"},
			{Handle: "@chan@tube.example.org", Field: FieldBio, Evidence: "https://tube.example.org/c/chan", Form: FormChannel, Confidence: 0.45, Status: StatusGroup},
		}},
	}
}

// TestWritersBridgesGolden: bridged accounts are rows, handles and CSV
// lines like any other; not-bridged ones and communities appear only in
// JSON (and in internal/ui's match table, with the link).
func TestWritersBridgesGolden(t *testing.T) {
	tests := []struct {
		name  string
		write func(io.Writer, []Match) error
	}{
		{"bridges.jsonl", WriteJSONL},
		{"bridges.csv", WriteMastodonCSV},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var buf bytes.Buffer
			if err := tt.write(&buf, bridgeSample()); err != nil {
				t.Fatal(err)
			}
			golden.Check(t, tt.name, buf.Bytes())
		})
	}
}
