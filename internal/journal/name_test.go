package journal

import (
	"path/filepath"
	"strings"
	"testing"
)

func TestValidJobName(t *testing.T) {
	tests := []struct {
		name string
		want string // "" if valid, else part of the error
	}{
		{"follow-2026-11-21", ""},
		{"import_tweets.v2", ""},
		{"undo-import-2026-11-21T09.00", ""},
		{"émigré", ""},
		{strings.Repeat("a", maxJobName), ""},
		{"console", ""},
		{"", "empty"},
		{strings.Repeat("a", maxJobName+1), "longer than"},
		{"a/b", `'/'`},
		{`a\b`, `'\\'`},
		{"..", `".."`},
		{"a..b", `".."`},
		{".hidden", "starts with a dot"},
		{"trailing.", "ends with a dot"},
		{"trailing ", "ends with a dot or space"},
		{"tab\there", `'\t'`},
		{"nul\x00", `'\x00'`},
		{"del\x7f", `'\x7f'`},
		{"c1\u0085", `'\u0085'`},
		{"a:b", `':'`},
		{"what?", `'?'`},
		{"bad\xffutf8", "not valid UTF-8"},
		{"NUL", "reserved device name"},
		{"com1.backup", "reserved device name"},
		{"Lpt9", "reserved device name"},
		{"aux ", "ends with a dot or space"},
	}
	for _, tt := range tests {
		err := ValidJobName(tt.name)
		switch {
		case tt.want == "" && err != nil:
			t.Errorf("ValidJobName(%q) = %v, want nil", tt.name, err)
		case tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)):
			t.Errorf("ValidJobName(%q) = %v, want an error saying %s", tt.name, err, tt.want)
		}
	}
}

// FuzzJobName checks that a name ValidJobName accepts stays a plain file
// name inside the state directory on every platform.
func FuzzJobName(f *testing.F) {
	for _, s := range []string{"follow-1", "../x", "a/b", "nul", ".", "a\x00", "x..", "c:", "é"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, name string) {
		if ValidJobName(name) != nil {
			return
		}
		file := name + ".jsonl"
		if !filepath.IsLocal(file) || filepath.Base(file) != file || strings.ContainsAny(name, `/\`) || strings.Contains(name, "..") {
			t.Errorf("accepted %q, which is not a plain local file name", name)
		}
		for _, r := range name {
			if r < 0x20 || r == 0x7f {
				t.Errorf("accepted %q with control character %q", name, r)
			}
		}
	})
}
