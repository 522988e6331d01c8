package archive

import (
	"archive/zip"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"sort"
	"strings"
)

// maxMemberSize caps how much we are willing to read from any single file
// of an archive, whatever its header claims. The largest real tweet files
// reported are about 100 MiB per part; 8 GiB leaves plenty of room while
// still stopping a decompression bomb.
const maxMemberSize = 8 << 30

// sizeSlack is how many bytes beyond a zip member's declared uncompressed
// size we tolerate before calling the member corrupt.
const sizeSlack = 1 << 20

// storage is the small file-system view the package needs over a zip file
// or a folder. Names are slash-separated and relative to the archive's top.
type storage interface {
	// open opens a regular file and reports its size. Its errors name
	// the file, so callers need not name it again.
	open(name string) (io.ReadCloser, int64, error)
	// exists reports whether name is a regular file.
	exists(name string) bool
	// list returns the names of the regular files and folders directly in
	// dir ("" is the top), sorted.
	list(dir string) (files, dirs []string)
	// irregular names the entries directly in dir that are neither (a
	// named pipe, a device, a symbolic link leading out of the folder or
	// nowhere), with what each is; list leaves them out.
	irregular(dir string) map[string]string
	close() error
}

// zipStorage serves files straight out of a zip without extracting them.
type zipStorage struct {
	zc      *zip.ReadCloser
	files   map[string]*zip.File
	entries map[string]*dirEntries
	skipped []string       // unsafe member names we refused to look at
	dups    map[string]int // member names stored more than once: copies
}

type dirEntries struct {
	files, dirs map[string]bool
}

func openZip(p string) (*zipStorage, error) {
	zc, err := zip.OpenReader(p)
	if err != nil && !errors.Is(err, zip.ErrInsecurePath) {
		// Not a zip, an empty file and a cut download all look alike
		// to archive/zip; the advice is the same for the three.
		return nil, &notZipError{path: p, err: err}
	}
	z := &zipStorage{zc: zc, files: map[string]*zip.File{}, entries: map[string]*dirEntries{}}
	z.dir("")
	for _, f := range zc.File {
		name := f.Name
		if !safeMemberName(name) {
			z.skipped = append(z.skipped, name)
			continue
		}
		isDir := strings.HasSuffix(name, "/")
		name = strings.TrimSuffix(name, "/")
		if name == "" {
			continue
		}
		// Register every parent folder, since zips need not list them.
		parent := path.Dir(name)
		child := name
		for {
			if parent == "." {
				parent = ""
			}
			d := z.dir(parent)
			if child == name && !isDir {
				d.files[path.Base(child)] = true
			} else {
				d.dirs[path.Base(child)] = true
			}
			if parent == "" {
				break
			}
			child = parent
			parent = path.Dir(parent)
		}
		if !isDir && !f.Mode().IsDir() {
			if _, dup := z.files[name]; dup {
				// A zip may store one name twice; readers disagree on
				// which copy is real, so the caller must not pick one.
				if z.dups == nil {
					z.dups = map[string]int{}
				}
				z.dups[name] = max(z.dups[name], 1) + 1
			}
			z.files[name] = f
		}
	}
	return z, nil
}

// notZipError is a file that archive/zip cannot read: not a zip at all,
// empty, or cut short.
type notZipError struct {
	path string
	err  error
}

func (e *notZipError) Error() string {
	return e.path + " is not a complete zip archive: " + redownload
}

func (e *notZipError) Unwrap() error { return e.err }

// safeMemberName rejects absolute names, backslashes, drive letters and any
// ".." element: such members are never opened, so nothing can escape.
func safeMemberName(name string) bool {
	if name == "" || strings.HasPrefix(name, "/") || strings.Contains(name, `\`) || strings.Contains(name, ":") {
		return false
	}
	for _, elem := range strings.Split(strings.TrimSuffix(name, "/"), "/") {
		if elem == ".." || elem == "." || elem == "" {
			return false
		}
	}
	return true
}

func (z *zipStorage) dir(name string) *dirEntries {
	d := z.entries[name]
	if d == nil {
		d = &dirEntries{files: map[string]bool{}, dirs: map[string]bool{}}
		z.entries[name] = d
	}
	return d
}

func (z *zipStorage) open(name string) (io.ReadCloser, int64, error) {
	f, ok := z.files[name]
	if !ok {
		return nil, 0, &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
	}
	if f.UncompressedSize64 > maxMemberSize {
		return nil, 0, fmt.Errorf("%s: declared size %d bytes exceeds the %d byte limit", name, f.UncompressedSize64, int64(maxMemberSize))
	}
	rc, err := f.Open()
	if err != nil {
		return nil, 0, fmt.Errorf("%s: %w", name, err)
	}
	limit := int64(f.UncompressedSize64) + sizeSlack
	return &cappedReader{rc: rc, name: name, left: limit}, int64(f.UncompressedSize64), nil
}

func (z *zipStorage) exists(name string) bool {
	_, ok := z.files[name]
	return ok
}

func (z *zipStorage) list(dir string) (files, dirs []string) {
	d := z.entries[dir]
	if d == nil {
		return nil, nil
	}
	for n := range d.files {
		files = append(files, n)
	}
	for n := range d.dirs {
		dirs = append(dirs, n)
	}
	sort.Strings(files)
	sort.Strings(dirs)
	return files, dirs
}

func (z *zipStorage) irregular(string) map[string]string { return nil }

func (z *zipStorage) close() error { return z.zc.Close() }

// cappedReader fails, instead of silently truncating, when a member
// inflates to more than its header declared.
type cappedReader struct {
	rc   io.ReadCloser
	name string
	left int64
}

func (c *cappedReader) Read(p []byte) (int, error) {
	if c.left <= 0 {
		return 0, &oversizeError{name: c.name}
	}
	if int64(len(p)) > c.left {
		p = p[:c.left]
	}
	n, err := c.rc.Read(p)
	c.left -= int64(n)
	return n, err
}

// oversizeError is a member inflating past its declared size; it names
// the member, so readers hand it on as it is.
type oversizeError struct{ name string }

func (e *oversizeError) Error() string {
	return e.name + ": decompresses to more than its declared size: the zip is damaged; download it again from Settings › Your account"
}

func (c *cappedReader) Close() error { return c.rc.Close() }

// dirStorage serves an extracted archive folder. os.Root keeps every open
// inside the folder even if the archive contains symlinks pointing out.
type dirStorage struct {
	root *os.Root
}

func openDir(p string) (*dirStorage, error) {
	r, err := os.OpenRoot(p)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", p, err)
	}
	return &dirStorage{root: r}, nil
}

func (d *dirStorage) open(name string) (io.ReadCloser, int64, error) {
	if !fs.ValidPath(name) {
		return nil, 0, &fs.PathError{Op: "open", Path: name, Err: fs.ErrInvalid}
	}
	// Look before opening: opening a named pipe waits for a writer, so a
	// FIFO in place of a data file would hang the program.
	if what := d.describe(name); what != "" {
		return nil, 0, fmt.Errorf("%s is %s, not a regular file, so it cannot be read: %s", name, what, irregularAdvice)
	}
	// O_NONBLOCK (where there is one) keeps even a pipe swapped in after
	// the check from blocking the open; regular files ignore it.
	f, err := d.root.OpenFile(name, os.O_RDONLY|openNonBlock, 0)
	if err != nil {
		return nil, 0, err
	}
	st, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, 0, err
	}
	if !st.Mode().IsRegular() {
		f.Close()
		return nil, 0, fmt.Errorf("%s: not a regular file", name)
	}
	if st.Size() > maxMemberSize {
		f.Close()
		return nil, 0, fmt.Errorf("%s: size %d bytes exceeds the %d byte limit", name, st.Size(), int64(maxMemberSize))
	}
	return f, st.Size(), nil
}

func (d *dirStorage) exists(name string) bool {
	if !fs.ValidPath(name) {
		return false
	}
	st, err := d.root.Stat(name)
	return err == nil && st.Mode().IsRegular()
}

func (d *dirStorage) list(dir string) (files, dirs []string) {
	if dir == "" {
		dir = "."
	}
	if !fs.ValidPath(dir) {
		return nil, nil
	}
	entries, err := fs.ReadDir(d.root.FS(), dir)
	if err != nil {
		return nil, nil
	}
	for _, e := range entries {
		switch {
		case e.IsDir():
			dirs = append(dirs, e.Name())
		case e.Type().IsRegular():
			files = append(files, e.Name())
		case e.Type()&fs.ModeSymlink != 0:
			// A link to a file or folder inside the archive folder is
			// followed (os.Root allows no other).
			if st, err := d.root.Stat(path.Join(dir, e.Name())); err == nil {
				if st.IsDir() {
					dirs = append(dirs, e.Name())
				} else if st.Mode().IsRegular() {
					files = append(files, e.Name())
				}
			}
		}
	}
	return files, dirs
}

// irregularAdvice says what to do about a data file that is not a file.
const irregularAdvice = "replace it with the file itself (from the downloaded .zip), or give fledge the .zip"

func (d *dirStorage) irregular(dir string) map[string]string {
	if dir == "" {
		dir = "."
	}
	if !fs.ValidPath(dir) {
		return nil
	}
	entries, err := fs.ReadDir(d.root.FS(), dir)
	if err != nil {
		return nil
	}
	var out map[string]string
	for _, e := range entries {
		if e.IsDir() || e.Type().IsRegular() {
			continue
		}
		if what := d.describe(path.Join(dir, e.Name())); what != "" {
			if out == nil {
				out = map[string]string{}
			}
			out[e.Name()] = what
		}
	}
	return out
}

// describe says what name is when it is neither a regular file nor a
// folder (after following symbolic links inside the folder), else "".
func (d *dirStorage) describe(name string) string {
	lst, err := d.root.Lstat(name)
	if err != nil {
		return "" // missing: the caller reports fs.ErrNotExist
	}
	if lst.Mode()&fs.ModeSymlink != 0 {
		st, err := d.root.Stat(name)
		switch {
		case err != nil:
			return "a symbolic link to a file outside the archive folder or to nothing"
		case st.Mode().IsRegular(), st.IsDir():
			return ""
		}
		return "a symbolic link to " + modeName(st.Mode())
	}
	if lst.Mode().IsRegular() || lst.IsDir() {
		return ""
	}
	return modeName(lst.Mode())
}

func modeName(m fs.FileMode) string {
	switch {
	case m&fs.ModeNamedPipe != 0:
		return "a named pipe (FIFO)"
	case m&fs.ModeSocket != 0:
		return "a socket"
	case m&fs.ModeDevice != 0, m&fs.ModeCharDevice != 0:
		return "a device"
	}
	return "not a regular file (" + m.Type().String() + ")"
}

func (d *dirStorage) close() error { return d.root.Close() }

// join joins archive path elements, treating "" as the top.
func join(elem ...string) string {
	var parts []string
	for _, e := range elem {
		if e != "" {
			parts = append(parts, e)
		}
	}
	return path.Join(parts...)
}
