package main

import (
	"errors"
	"strings"
	"testing"

	"github.com/fledge-cli/fledge/archive"
	"github.com/fledge-cli/fledge/importer/export"
)

// wantUsage fails unless err is a usage error (exit 2) saying want, or,
// with want "", unless err is nil.
func wantUsage(t *testing.T, err error, want string) {
	t.Helper()
	var ue *usageError
	switch {
	case want == "" && err != nil:
		t.Errorf("error %v, want none", err)
	case want != "" && (!errors.As(err, &ue) || !strings.Contains(err.Error(), want)):
		t.Errorf("error %v, want a usage error saying %q", err, want)
	}
}

func TestMatchKind(t *testing.T) {
	for _, tt := range []struct {
		name string
		opts matchOptions
		want archive.AccountKind
		err  string
	}{
		{"default", matchOptions{}, archive.KindFollowing, ""},
		{"flag default", matchOptions{Kind: "following"}, archive.KindFollowing, ""},
		{"kind", matchOptions{Kind: "mutes", kindSet: true}, archive.KindMutes, ""},
		{"old flag", matchOptions{Kind: "following", Blocks: true}, archive.KindBlocks, ""},
		{"old flag agrees", matchOptions{Kind: "followers", kindSet: true, Followers: true}, archive.KindFollowers, ""},
		{"old flag disagrees", matchOptions{Kind: "blocks", kindSet: true, Followers: true}, 0, "--followers and --kind blocks pick different lists"},
		{"--kind following with an old flag", matchOptions{Kind: "following", kindSet: true, Mutes: true}, 0, "--mutes and --kind following"},
		{"two old flags", matchOptions{Kind: "following", Blocks: true, Mutes: true}, 0, "--blocks and --mutes pick different lists"},
		{"unknown", matchOptions{Kind: "block", kindSet: true}, 0, `--kind "block": want one of following, followers, blocks, mutes`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			got, err := tt.opts.kind()
			wantUsage(t, err, tt.err)
			if tt.err == "" && got != tt.want {
				t.Errorf("kind = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestExportFileKind(t *testing.T) {
	listed := func(lists ...string) []string {
		var out []string
		for _, l := range lists {
			if l != "" {
				out = append(out, l)
			}
		}
		return out
	}
	for _, tt := range []struct {
		name  string
		opts  exportOptions
		lists []string
		want  export.Kind
		err   string
	}{
		{"nothing said", exportOptions{}, listed(""), export.Following, ""},
		{"from the file", exportOptions{}, listed("mutes", ""), export.Mutes, ""},
		{"followers", exportOptions{}, listed("followers"), export.Following, ""},
		{"--kind", exportOptions{Kind: "blocks", kindSet: true}, listed(""), export.Blocks, ""},
		{"--kind agrees", exportOptions{Kind: "blocks", kindSet: true}, listed("blocks"), export.Blocks, ""},
		{"--kind followers, following file", exportOptions{Kind: "followers", kindSet: true}, listed("following"), export.Following, ""},
		{"--kind disagrees", exportOptions{Kind: "blocks", kindSet: true, Matches: "m.jsonl"}, listed("following"), "", "m.jsonl holds your following list, which does not go in a blocks file"},
		{"old word", exportOptions{oldKind: "mutes"}, listed(""), export.Mutes, ""},
		{"old word and --kind", exportOptions{oldKind: "mutes", Kind: "blocks", kindSet: true}, nil, "", `"mutes" and --kind blocks ask for different files`},
		{"--list", exportOptions{List: "Friends"}, listed("following"), export.Lists, ""},
		{"--list, followers", exportOptions{List: "Friends", Kind: "followers", kindSet: true}, nil, export.Lists, ""},
		{"--list with --kind mutes", exportOptions{List: "Friends", Kind: "mutes", kindSet: true}, nil, "", "--list writes a list of accounts to follow"},
		{"--list, blocks file", exportOptions{List: "Friends"}, listed("blocks"), "", "a Mastodon list holds accounts you follow"},
		{"old lists word", exportOptions{oldKind: "lists"}, nil, export.Lists, ""},
		{"mixed file", exportOptions{Matches: "m.jsonl"}, listed("blocks", "mutes"), "", "m.jsonl holds accounts of several lists (blocks, mutes)"},
		{"a list no export carries", exportOptions{Matches: "m.jsonl"}, listed("likes"), "", `m.jsonl records the list "likes"`},
		{"unknown --kind", exportOptions{Kind: "lists", kindSet: true}, nil, "", `--kind "lists"`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			got, err := tt.opts.fileKind(tt.lists)
			wantUsage(t, err, tt.err)
			if tt.err == "" && got != tt.want {
				t.Errorf("fileKind = %q, want %q", got, tt.want)
			}
		})
	}
}
