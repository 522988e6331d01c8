package archive

import (
	"archive/zip"
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"
)

// redownload is what to do about a zip that stops short: the browser or
// the network cut the download, and only a fresh copy helps.
const redownload = "the download may have stopped; download it again from Settings › Your account"

// passZip is what to do when fledge was given a piece of an archive.
const passZip = "pass the zip, or the folder that holds data/"

// misdirected says, when p is a file or folder from inside an archive
// rather than the archive itself, what it is; else "". It is only asked
// after p failed to open as an archive, so valid archives never reach it.
func misdirected(p string, isDir bool) string {
	clean := filepath.Clean(p)
	if isDir {
		abs, err := filepath.Abs(clean)
		if err != nil {
			abs = clean
		}
		base := filepath.Base(abs)
		parent := filepath.Base(filepath.Dir(abs))
		switch {
		case base == "data":
			return "the data/ folder of an archive"
		case parent == "data":
			return "a folder inside an archive's data/ folder"
		}
		return ""
	}
	switch strings.ToLower(filepath.Ext(clean)) {
	case ".html", ".htm":
		return "the archive's web page"
	case ".js":
		if startsWithYTD(clean) {
			return "a data file from inside an archive"
		}
	}
	return ""
}

// misdirectedError is Open's error for a piece of an archive (what, from
// misdirected) given instead of it: what it is and what to pass, once. The
// reason it did not open is left out: "not a complete zip archive:
// download it again" would send the person to download an archive they
// have.
func misdirectedError(path, what string) error {
	return fmt.Errorf("open archive: %s is %s, not the archive: %s", path, what, passZip)
}

// startsWithYTD reports whether the file begins like an archive data file
// ("window.YTD.tweets.part0 = [").
func startsWithYTD(p string) bool {
	f, err := os.Open(p)
	if err != nil {
		return false
	}
	defer f.Close()
	b := make([]byte, 64)
	n, _ := io.ReadFull(f, b)
	b = bytes.TrimPrefix(b[:n], []byte{0xEF, 0xBB, 0xBF})
	return bytes.HasPrefix(bytes.TrimLeft(b, " \t\r\n"), []byte("window.YTD."))
}

// errUTF16 is returned for a data file saved as UTF-16 (an editor "fixing"
// the file does this); decoding it as UTF-8 would only give mojibake.
var errUTF16 = errors.New("is UTF-16; archives are UTF-8: use the file from the downloaded zip, or save it again as UTF-8")

// checkUTF16 peeks at the start of a data file for a UTF-16 byte order
// mark, or for ASCII text with a NUL before or after every character.
func checkUTF16(br *bufio.Reader) error {
	b, _ := br.Peek(16)
	if len(b) >= 2 && (b[0] == 0xFF && b[1] == 0xFE || b[0] == 0xFE && b[1] == 0xFF) {
		return errUTF16
	}
	if len(b) < 4 {
		return nil
	}
	n := len(b) &^ 1
	for _, first := range []int{0, 1} { // big- or little-endian
		ok := true
		for i := 0; i < n; i += 2 {
			if b[i+first] != 0 || b[i+1-first] == 0 {
				ok = false
				break
			}
		}
		if ok {
			return errUTF16
		}
	}
	return nil
}

// plainError says what is wrong with a data file's JSON or CSV in plain
// words, without the decoder's wording, and keeps the decoder's error for
// errors.Is and errors.As.
type plainError struct {
	msg string
	err error
}

func (e *plainError) Error() string { return e.msg }
func (e *plainError) Unwrap() error { return e.err }

// plainJSON rewords the decoder's syntactic and semantic errors and the
// read errors of a damaged zip member; others (the guard's, I/O errors,
// our own) pass through unchanged. off maps the decoder's offsets to
// offsets in the file; nil when the caller already gives the offset.
func plainJSON(err error, off func(int64) int64) error {
	var je *plainError
	if err == nil || errors.As(err, &je) {
		return err
	}
	var syn *jsontext.SyntacticError
	var sem *json.SemanticError
	switch {
	case errors.As(err, &syn):
		return &plainError{msg: syntaxPhrase(syn, off) + where(syn.JSONPointer), err: err}
	case errors.As(err, &sem):
		var inner *jsontext.SyntacticError
		if errors.As(sem.Err, &inner) {
			return &plainError{msg: syntaxPhrase(inner, off) + where(inner.JSONPointer), err: err}
		}
		msg := "a value of the wrong kind"
		if k := kindName(sem.JSONKind); k != "" {
			msg = "unexpected " + k
		}
		if sem.ByteOffset > 0 && off != nil {
			msg += fmt.Sprintf(" at byte %d", off(sem.ByteOffset))
		}
		return &plainError{msg: msg + where(sem.JSONPointer), err: err}
	case errors.Is(err, zip.ErrFormat), errors.Is(err, zip.ErrChecksum):
		// Read errors of a member whose data does not match its header.
		return &plainError{msg: "the zip is damaged here: download it again from Settings › Your account", err: err}
	case errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, io.EOF):
		if strings.HasPrefix(err.Error(), "jsontext:") || strings.HasPrefix(err.Error(), "json:") {
			return &plainError{msg: "unexpected end of file (is it truncated?)", err: err}
		}
	}
	return err
}

// cutRecord words a record the file ends inside of.
func cutRecord(err error) error {
	const msg = "file ends in the middle of the record (is it truncated?)"
	var syn *jsontext.SyntacticError
	if errors.As(err, &syn) {
		return &plainError{msg: msg + where(syn.JSONPointer), err: err}
	}
	return fmt.Errorf(msg+": %w", err)
}

func syntaxPhrase(e *jsontext.SyntacticError, off func(int64) int64) string {
	at := ""
	if e.ByteOffset > 0 && off != nil {
		at = fmt.Sprintf(" at byte %d", off(e.ByteOffset))
	}
	switch {
	case errors.Is(e.Err, io.ErrUnexpectedEOF), errors.Is(e.Err, io.EOF):
		return "unexpected end of file (is it truncated?)"
	case errors.Is(e.Err, jsontext.ErrDuplicateName):
		return "a name appears twice in one object" + at
	case e.Err == nil:
		return "invalid JSON" + at
	}
	msg := strings.TrimPrefix(e.Err.Error(), "jsontext: ")
	if strings.HasPrefix(msg, "invalid character") {
		// "invalid character 'x' at start of value": keep the character.
		if i := strings.Index(msg, "' "); i > 0 {
			msg = msg[:i+1]
		}
		return msg + at
	}
	return "invalid JSON (" + msg + ")" + at
}

// where names the field a JSON pointer leads to, in words.
func where(p jsontext.Pointer) string {
	s := string(p)
	if s == "" {
		return ""
	}
	s = strings.TrimPrefix(s, "/")
	// Drop the record index: the caller already names the record.
	if i := strings.IndexByte(s, '/'); i >= 0 && isDigits(s[:i]) {
		s = s[i+1:]
	} else if isDigits(s) {
		return ""
	}
	if s == "" {
		return ""
	}
	if len(s) > 80 {
		s = s[:80] + "…"
	}
	return " in field " + strings.ReplaceAll(s, "/", ".")
}

func kindName(k jsontext.Kind) string {
	switch k {
	case 'n':
		return "null"
	case 'f', 't':
		return "true/false"
	case '"':
		return "text"
	case '0':
		return "number"
	case '{', '}':
		return "object"
	case '[', ']':
		return "list"
	}
	return ""
}
