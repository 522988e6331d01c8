package archive

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf16"

	"github.com/go-json-experiment/json/jsontext"
)

// TestOpenSaysWhatToDo: a cut download, or a piece of an archive given
// instead of the archive, gets advice rather than a library's complaint.
func TestOpenSaysWhatToDo(t *testing.T) {
	dir := t.TempDir()
	write := func(name string, b []byte) string {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, b, 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	good, err := os.ReadFile(writeZip(t, eraD))
	if err != nil {
		t.Fatal(err)
	}
	const redo = "is not a complete zip archive: the download may have stopped; download it again from Settings › Your account"
	const pass = "pass the zip, or the folder that holds data/"
	tweetsJS := write("unzipped/data/tweets.js", []byte(eraD["data/tweets.js"]))
	media := write("unzipped/data/tweets_media/1-a.jpg", []byte("jpg"))

	tests := []struct {
		name, path, want string
	}{
		{"not a zip", write("notes.zip", []byte("hello")), redo},
		{"empty file", write("empty.zip", nil), redo},
		{"cut download", write("cut.zip", good[:len(good)/2]), redo},
		{"a .js file that is no data file", write("script.js", []byte("alert(1)")), redo},
		{"the archive's web page", write("Your archive.html", []byte("<!DOCTYPE html><html></html>")), pass},
		{"a data file", tweetsJS, pass},
		{"a data file with a BOM", write("like.js", append([]byte{0xEF, 0xBB, 0xBF}, eraD["data/like.js"]...)), pass},
		{"a folder inside data/", filepath.Dir(media), pass},
		{"data/ without data files", write("bare/data/README.txt", []byte("x")), pass},
	}
	tests[len(tests)-1].path = filepath.Dir(tests[len(tests)-1].path)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, err := Open(tt.path)
			if err == nil {
				a.Close()
				t.Fatal("no error")
			}
			msg := err.Error()
			// One instruction, last, and the path once: a piece of an
			// archive is not also told to download the archive again.
			if !strings.HasSuffix(msg, tt.want) || strings.Count(msg, tt.path) != 1 {
				t.Fatalf("error %q should name %s once and end with %q", msg, tt.path, tt.want)
			}
			if tt.want == pass && strings.Contains(msg, "download") {
				t.Fatalf("error %q gives two instructions", msg)
			}
			if strings.Contains(msg, "zip: not a valid zip file") {
				t.Fatalf("error %q speaks the library's words", msg)
			}
		})
	}
}

// TestDataFolderStillOpens: the contents of data/ on their own remain an
// archive; the advice above is only for what fails to open.
func TestDataFolderStillOpens(t *testing.T) {
	root := writeDir(t, eraD)
	a := openT(t, filepath.Join(root, "data"))
	if a.Format() != FormatGDPR {
		t.Fatalf("format %v", a.Format())
	}
}

// TestBrokenJSONInPlainWords: the error names the zip, the member and the
// record, says what is wrong without the decoder's wording, and still
// wraps the decoder's error.
func TestBrokenJSONInPlainWords(t *testing.T) {
	const head = `window.YTD.tweets.part0 = [ { "tweet" : { "id_str" : "1", "created_at" : "Mon Mar 20 23:59:59 +0000 2023", "full_text" : "hi" } }, `
	tests := []struct {
		name, content, want string
	}{
		{"cut mid-record", head + `{ "tweet" : { "id_str" : "2", "full_te`, "record 2 (byte 131): file ends in the middle of the record (is it truncated?) in field tweet"},
		{"stray character", head + `{ "tweet" : { "id_str" : "2" x } } ]`, "record 2 (byte 131): invalid character 'x' at byte 160 in field tweet"},
		{"missing comma", head + `{ "tweet" : { "id_str" : "2" "full_text" : "a" } } ]`, "record 2 (byte 131): invalid character '\"' at byte 160 in field tweet"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := writeZip(t, withFiles(map[string]string{"data/tweets.js": tt.content}))
			a := openT(t, p)
			var err error
			for _, e := range a.Tweets(TweetOptions{}) {
				if e != nil {
					err = e
				}
			}
			if err == nil {
				t.Fatal("no error")
			}
			msg := err.Error()
			if !strings.HasPrefix(msg, p+": data/tweets.js: ") || !strings.Contains(msg, tt.want) {
				t.Fatalf("error %q, want %q after the zip and member", msg, tt.want)
			}
			for _, lib := range []string{"jsontext", "json:", "within", "offset", "Go "} {
				if strings.Contains(msg, lib) {
					t.Fatalf("error %q has the library's wording %q", msg, lib)
				}
			}
			var syn *jsontext.SyntacticError
			if !errors.As(err, &syn) {
				t.Fatalf("error %q no longer wraps the decoder's error", msg)
			}
		})
	}
}

// TestUTF16DataFile: a data file saved as UTF-16 is named as such.
func TestUTF16DataFile(t *testing.T) {
	text := eraD["data/tweets.js"]
	le := func(bom bool) string {
		var b []byte
		if bom {
			b = append(b, 0xFF, 0xFE)
		}
		for _, u := range utf16.Encode([]rune(text)) {
			b = append(b, byte(u), byte(u>>8))
		}
		return string(b)
	}
	be := func(bom bool) string {
		var b []byte
		if bom {
			b = append(b, 0xFE, 0xFF)
		}
		for _, u := range utf16.Encode([]rune(text)) {
			b = append(b, byte(u>>8), byte(u))
		}
		return string(b)
	}
	for name, content := range map[string]string{"LE with BOM": le(true), "BE with BOM": be(true), "LE without BOM": le(false), "BE without BOM": be(false)} {
		t.Run(name, func(t *testing.T) {
			iterErr, inspErr := tweetsErr(t, withFiles(map[string]string{"data/tweets.js": content}))
			for _, err := range []error{iterErr, inspErr} {
				if err == nil || !strings.Contains(err.Error(), "data/tweets.js is UTF-16; archives are UTF-8") {
					t.Errorf("error %v, want it to say the file is UTF-16", err)
				}
			}
		})
	}
}

// TestMemberSizeNamedOnce: oversized members are named once, not once by
// the zip reader and again by its caller.
func TestMemberSizeNamedOnce(t *testing.T) {
	var zeros bytes.Buffer
	fw, _ := flate.NewWriter(&zeros, flate.BestCompression)
	fw.Write(make([]byte, 2<<20)) // past the 1 MiB slack
	fw.Close()
	tests := []struct {
		name     string
		declared uint64
		want     string
	}{
		{"declared too large", maxMemberSize + 1, "declared size"},
		{"inflates past its size", 10, "the zip is damaged here"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := filepath.Join(t.TempDir(), "big.zip")
			var buf bytes.Buffer
			zw := zip.NewWriter(&buf)
			for name, body := range eraD {
				if name == "data/tweets.js" {
					continue
				}
				w, _ := zw.Create(name)
				w.Write([]byte(body))
			}
			w, err := zw.CreateRaw(&zip.FileHeader{Name: "data/tweets.js", Method: zip.Deflate,
				CompressedSize64: uint64(zeros.Len()), UncompressedSize64: tt.declared})
			if err != nil {
				t.Fatal(err)
			}
			w.Write(zeros.Bytes())
			zw.Close()
			os.WriteFile(p, buf.Bytes(), 0o644)
			iterErr, inspErr := tweetsErrAt(t, p)
			for _, err := range []error{iterErr, inspErr} {
				if err == nil || !strings.Contains(err.Error(), tt.want) {
					t.Fatalf("error %v, want %q", err, tt.want)
				}
				if n := strings.Count(err.Error(), "data/tweets.js"); n != 1 {
					t.Fatalf("error %q names the file %d times", err, n)
				}
			}
		})
	}
}

// TestReadObjectPlainWords: a value of the wrong kind in manifest.js is
// said without Go type names.
func TestReadObjectPlainWords(t *testing.T) {
	tests := []struct{ name, src, want string }{
		{"list for an object", `window.__THAR_CONFIG = { "userInfo" : [ ] }`, "data/manifest.js: byte 39: unexpected list in field userInfo"},
		{"cut", `window.__THAR_CONFIG = { "userInfo" : {`, "data/manifest.js: byte 39: unexpected end of file (is it truncated?) in field userInfo"},
		{"bad character", `window.__THAR_CONFIG = { "userInfo" ; 1 }`, "data/manifest.js: byte 35: invalid character ';' in field userInfo"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var m manifest
			err := readObject("data/manifest.js", strings.NewReader(tt.src), &m)
			if err == nil || err.Error() != tt.want {
				t.Fatalf("error %v, want %q", err, tt.want)
			}
		})
	}
}
