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
	// open opens a regular file and reports its size.
	open(name string) (io.ReadCloser, int64, error)
	// exists reports whether name is a regular file.
	exists(name string) bool
	// list returns the names of the regular files and folders directly in
	// dir ("" is the top), sorted.
	list(dir string) (files, dirs []string)
	close() error
}

// zipStorage serves files straight out of a zip without extracting them.
type zipStorage struct {
	zc      *zip.ReadCloser
	files   map[string]*zip.File
	entries map[string]*dirEntries
	skipped []string // unsafe member names we refused to look at
}

type dirEntries struct {
	files, dirs map[string]bool
}

func openZip(p string) (*zipStorage, error) {
	zc, err := zip.OpenReader(p)
	if err != nil && !errors.Is(err, zip.ErrInsecurePath) {
		return nil, fmt.Errorf("%s: not a readable zip file: %w", p, err)
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
			z.files[name] = f
		}
	}
	return z, nil
}

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
		return 0, fmt.Errorf("%s: decompresses to more than its declared size", c.name)
	}
	if int64(len(p)) > c.left {
		p = p[:c.left]
	}
	n, err := c.rc.Read(p)
	c.left -= int64(n)
	return n, err
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
	f, err := d.root.Open(name)
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
		}
	}
	return files, dirs
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
