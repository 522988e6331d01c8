package journal

import (
	"errors"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// maxJobName keeps "<job>.jsonl" and "<job>.lock" well inside the 255-byte
// file name limit of common file systems.
const maxJobName = 128

// maxKey bounds a key; keys are identifiers, not payloads.
const maxKey = 1024

// ValidJobName reports why name cannot be used as a job name, or nil. A job
// name becomes a file name in the account's state directory on every
// platform we release for, so it may not contain path separators, "..",
// control characters or characters Windows forbids in file names, may not
// start with a dot and may not end with a dot or space.
func ValidJobName(name string) error {
	switch {
	case name == "":
		return errors.New("job name is empty")
	case len(name) > maxJobName:
		return fmt.Errorf("job name is longer than %d bytes", maxJobName)
	case !utf8.ValidString(name):
		return fmt.Errorf("job name %q is not valid UTF-8", name)
	case strings.Contains(name, ".."):
		return fmt.Errorf("job name %q contains \"..\"", name)
	case name[0] == '.':
		return fmt.Errorf("job name %q starts with a dot", name)
	case strings.HasSuffix(name, ".") || strings.HasSuffix(name, " "):
		return fmt.Errorf("job name %q ends with a dot or space", name)
	}
	if reservedOnWindows(name) {
		return fmt.Errorf("job name %q is a reserved device name on Windows", name)
	}
	for _, r := range name {
		if unicode.IsControl(r) || strings.ContainsRune(`/\:*?"<>|`, r) {
			return fmt.Errorf("job name %q contains %q, which is not allowed in a job name", name, r)
		}
	}
	return nil
}

// validKey reports why k cannot be used as a key, or nil. Keys must survive a
// JSON round trip unchanged: encoding/json replaces invalid UTF-8, so such a
// key would come back as a different one.
func validKey(k Key) error {
	switch {
	case k == "":
		return errors.New("empty key")
	case len(k) > maxKey:
		return fmt.Errorf("key %.40q… is longer than %d bytes", k, maxKey)
	case !utf8.ValidString(string(k)):
		return fmt.Errorf("key %q is not valid UTF-8", k)
	}
	return nil
}

// reservedOnWindows reports whether name, with any extension added, names a
// DOS device on Windows ("nul.jsonl" opens the null device there).
func reservedOnWindows(name string) bool {
	base, _, _ := strings.Cut(strings.ToUpper(name), ".")
	base = strings.TrimRight(base, " ")
	switch base {
	case "CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$":
		return true
	}
	if len(base) == 4 && (strings.HasPrefix(base, "COM") || strings.HasPrefix(base, "LPT")) {
		return base[3] >= '0' && base[3] <= '9'
	}
	return false
}
