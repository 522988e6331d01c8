package config

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/fledge-cli/fledge/internal/atomicfile"
)

// WriteFileAtomic replaces path with data through atomicfile (temporary
// file, fsync, rename, fsync of the directory), first creating the
// directory with mode 0700 if it is missing, as fledge's config and state
// directories are private.
func WriteFileAtomic(path string, data []byte, perm fs.FileMode) error {
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fmt.Errorf("create %s: %w", dir, err)
	}
	return atomicfile.WriteFile(path, data, perm)
}
