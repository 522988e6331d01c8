package export

import (
	"bytes"
	"fmt"
	"io"
	"strings"
	"testing"

	"github.com/fledge-cli/fledge/importer/follow"
)

func targets(hs ...string) []follow.Target {
	var ts []follow.Target
	for _, h := range hs {
		ts = append(ts, follow.Target{Handle: h})
	}
	return ts
}

type memFiles map[string]*bytes.Buffer

type nopCloser struct{ *bytes.Buffer }

func (nopCloser) Close() error { return nil }

func (m memFiles) create(name string) (io.WriteCloser, error) {
	b := &bytes.Buffer{}
	m[name] = b
	return nopCloser{b}, nil
}

func TestExportFormats(t *testing.T) {
	ts := targets("ann@social.example", "@cy@A.example", "ann@SOCIAL.example")
	tests := []struct {
		kind Kind
		opts func(*Options)
		want string
	}{
		{Following, nil, "Account address,Show boosts,Notify on new posts,Languages\nann@social.example,true,false,\ncy@a.example,true,false,\n"},
		{Following, func(o *Options) { o.Reblogs, o.Notify, o.Languages = false, true, []string{"en", "fr"} },
			"Account address,Show boosts,Notify on new posts,Languages\nann@social.example,false,true,\"en, fr\"\ncy@a.example,false,true,\"en, fr\"\n"},
		{Blocks, nil, "ann@social.example\ncy@a.example\n"},
		{Mutes, nil, "Account address,Hide notifications\nann@social.example,true\ncy@a.example,true\n"},
		{Mutes, func(o *Options) { o.HideNotifications = false }, "Account address,Hide notifications\nann@social.example,false\ncy@a.example,false\n"},
		{Lists, func(o *Options) { o.ListName = "Tech, mostly" }, "\"Tech, mostly\",ann@social.example\n\"Tech, mostly\",cy@a.example\n"},
	}
	for _, tt := range tests {
		t.Run(string(tt.kind), func(t *testing.T) {
			o := DefaultOptions()
			if tt.opts != nil {
				tt.opts(&o)
			}
			files := memFiles{}
			names, err := Write(tt.kind, ts, o, "out.csv", files.create)
			if err != nil {
				t.Fatal(err)
			}
			if len(names) != 1 || files["out.csv"].String() != tt.want {
				t.Errorf("got %v:\n%s\nwant:\n%s", names, files["out.csv"], tt.want)
			}
		})
	}
}

func TestExportSplitsAt20000(t *testing.T) {
	var hs []string
	for i := range MaxImportRows*2 + 1 {
		hs = append(hs, fmt.Sprintf("u%d@x.example", i))
	}
	files := memFiles{}
	names, err := Write(Mutes, targets(hs...), DefaultOptions(), "dir/mutes.csv", files.create)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"dir/mutes.csv", "dir/mutes-2.csv", "dir/mutes-3.csv"}
	if fmt.Sprint(names) != fmt.Sprint(want) {
		t.Fatalf("names %v, want %v", names, want)
	}
	for i, n := range want {
		lines := strings.Split(strings.TrimSuffix(files[n].String(), "\n"), "\n")
		rows := []int{MaxImportRows, MaxImportRows, 1}[i]
		if lines[0] != "Account address,Hide notifications" || len(lines) != rows+1 {
			t.Errorf("%s: header %q and %d rows, want %d", n, lines[0], len(lines)-1, rows)
		}
	}
}

func TestExportErrors(t *testing.T) {
	files := memFiles{}
	if _, err := Write(Lists, targets("a@x.example"), DefaultOptions(), "l.csv", files.create); err == nil {
		t.Error("lists export without a name accepted")
	}
	if _, err := Write(Blocks, targets("not-an-address"), DefaultOptions(), "b.csv", files.create); err == nil {
		t.Error("bad address accepted")
	}
	if _, err := ParseKind("followers"); err == nil {
		t.Error("unknown kind accepted")
	}
	names, err := Write(Following, nil, DefaultOptions(), "f.csv", files.create)
	if err != nil || len(names) != 1 || !strings.HasPrefix(files["f.csv"].String(), "Account address,") {
		t.Errorf("empty export: %v %v %q", names, err, files["f.csv"])
	}
}
