//go:build !unix

package atomicfile

// SyncDir does nothing: Windows cannot open a directory for flushing, and
// NTFS journals its metadata itself.
func SyncDir(string) error { return nil }
