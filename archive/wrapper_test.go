package archive

import (
	"errors"
	"io"
	"strings"
	"testing"

	"github.com/go-json-experiment/json/jsontext"
)

func TestValidPrefix(t *testing.T) {
	tests := []struct {
		in   string
		want bool
	}{
		{"window.YTD.tweets.part0 ", true},
		{"  window.YTD.note_tweet.part0", true},
		{"window.__THAR_CONFIG ", true},
		{"Grailbird.data.tweets_2013_04 ", true},
		{"var tweet_index ", true},
		{"var  user_details  ", true},
		{"$x.y", true},
		{"", false},
		{"   ", false},
		{"window.", false},
		{"1abc", false},
		{"alert(1); x", false},
		{"var", false},
		{"varx y", false},
		{"a-b", false},
		{"a b", false},
		{"window.YTD[0]", false},
	}
	for _, tt := range tests {
		if got := validPrefix([]byte(tt.in)); got != tt.want {
			t.Errorf("validPrefix(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
}

// readAll decodes every element of a data file as a raw JSON value.
func readAll(name, src string) ([]string, error) {
	ar, err := newArrayReader(name, strings.NewReader(src))
	if err != nil {
		return nil, err
	}
	var out []string
	for ar.next() {
		var v jsontext.Value
		if err := ar.decode(&v); err != nil {
			return out, err
		}
		out = append(out, string(v))
	}
	return out, ar.err
}

func TestArrayReader(t *testing.T) {
	tests := []struct {
		name, src string
		want      int    // records, when no error
		err       string // substring of the error, "" for none
	}{
		{"empty one-line", "window.YTD.note_tweet.part0 = [ ]", 0, ""},
		{"compact", `window.YTD.tweets.part0 = [ {"a":1}, {"a":2} ]`, 2, ""},
		{"braces", "window.YTD.tweets.part0 = [\n  {\n    \"a\" : 1\n  },\n  {\n    \"a\" : 2\n  }\n]", 2, ""},
		{"bom semicolon newline", "\ufeffwindow.YTD.x.part0 = [ {} ];\n", 1, ""},
		{"grailbird", "Grailbird.data.tweets_2013_04 = \n[ {\"id\" : 1} ]", 1, ""},
		{"var", "var tweet_index =  [ ]", 0, ""},
		{"empty file", "", 0, "empty file"},
		{"no assignment", `[ {"a":1} ]`, 0, "not a JavaScript data file"},
		{"bad prefix", `alert(1) = [ ]`, 0, "not a JavaScript data file"},
		{"object", `window.x = { }`, 0, "expected a JSON array"},
		{"cut mid array", `window.x = [ {"a":1}, {"a":`, 0, "record 2 (byte 22): file ends in the middle of the record"},
		{"cut after record", `window.x = [ {"a":1}, `, 0, "ends in the middle of the array"},
		{"cut before first", `window.x = [`, 0, "record 0"},
		{"trailing garbage", `window.x = [ ] alert(1)`, 0, "unexpected data after the JSON value"},
		{"invalid utf8", "window.x = [ \"\xff\" ]", 0, "invalid UTF-8"},
		{"nothing after =", "window.x =", 0, "reading the start of the array"},
		{"long prefix", strings.Repeat("a", 2000) + " = [ ]", 0, "not a JavaScript data file"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := readAll("data/x.js", tt.src)
			if tt.err == "" {
				if err != nil {
					t.Fatalf("unexpected error: %v", err)
				}
				if len(got) != tt.want {
					t.Fatalf("got %d records, want %d", len(got), tt.want)
				}
				return
			}
			if err == nil {
				t.Fatalf("no error, want %q", tt.err)
			}
			if !strings.Contains(err.Error(), tt.err) || !strings.HasPrefix(err.Error(), "data/x.js: ") {
				t.Fatalf("error %q, want it to name the file and contain %q", err, tt.err)
			}
		})
	}
}

func TestArrayReaderCutIsUnexpectedEOF(t *testing.T) {
	_, err := readAll("f.js", `w = [ {"a":1}, {"a":[1,2`)
	if !errors.Is(err, io.ErrUnexpectedEOF) {
		t.Fatalf("error %v does not wrap io.ErrUnexpectedEOF", err)
	}
}

func TestReadObject(t *testing.T) {
	var m manifest
	err := readObject("data/manifest.js", strings.NewReader(`window.__THAR_CONFIG = { "userInfo" : { "accountId" : "1", "userName" : "u" } };`), &m)
	if err != nil || m.UserInfo.AccountID != "1" || m.UserInfo.UserName != "u" {
		t.Fatalf("got %+v, %v", m.UserInfo, err)
	}
	err = readObject("data/manifest.js", strings.NewReader(`window.__THAR_CONFIG = { "userInfo" : `), &m)
	if err == nil || !strings.Contains(err.Error(), "data/manifest.js: byte") {
		t.Fatalf("truncated manifest: %v", err)
	}
	err = readObject("data/manifest.js", strings.NewReader(`window.__THAR_CONFIG = { } { }`), &m)
	if err == nil {
		t.Fatal("two values accepted")
	}
}

func FuzzWrapper(f *testing.F) {
	for _, s := range []string{
		"window.YTD.tweets.part0 = [ ]",
		"window.YTD.tweets.part0 = [ {\"tweet\" : {\"id_str\" : \"1\"}} ]",
		"\ufeffvar x = [ 1, \"a\", null ];\n",
		"Grailbird.data.tweets_2013_04 = \n[ {\"id\" : 12345678901234567890} ]",
		"window.__THAR_CONFIG = { }",
		"x = [ {",
		"= [ ]",
		"",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		got, err := readAll("f.js", src)
		if err != nil {
			// "f.js: …", or "f.js is UTF-16; …".
			if !strings.HasPrefix(err.Error(), "f.js: ") && !strings.HasPrefix(err.Error(), "f.js is ") {
				t.Fatalf("error does not name the file: %v", err)
			}
			return
		}
		for _, v := range got {
			if !jsontext.Value(v).IsValid() {
				t.Fatalf("accepted invalid JSON value %q", v)
			}
		}
		var obj jsontext.Value
		if err := readObject("f.js", strings.NewReader(src), &obj); err != nil && !strings.HasPrefix(err.Error(), "f.js: ") {
			t.Fatalf("readObject error does not name the file: %v", err)
		}
	})
}
