//go:build !unix

package journal

// syncDir does nothing: Windows cannot open a directory for flushing, and
// NTFS journals its metadata itself.
func syncDir(string) error { return nil }
