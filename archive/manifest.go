package archive

import (
	"errors"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strconv"
	"strings"
)

// manifest is data/manifest.js (window.__THAR_CONFIG = {...}), docs §4.
type manifest struct {
	UserInfo struct {
		AccountID   string `json:"accountId"`
		UserName    string `json:"userName"`
		DisplayName string `json:"displayName"`
	} `json:"userInfo"`
	DataTypes map[string]struct {
		Files []struct {
			FileName string `json:"fileName"`
		} `json:"files"`
	} `json:"dataTypes"`
}

func (a *Archive) loadManifest() error {
	name := join(a.root, "manifest.js")
	rc, err := a.openData(name)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	defer rc.Close()
	var m manifest
	if err := readObject(name, rc, &m); err != nil {
		return a.inArchive(name, err)
	}
	a.manifest = &m
	return nil
}

// dataFiles lists the files of a data type by their base names (such as
// "tweets" and "tweet"), as archive paths: `<name>.js` first, then
// `<name>-partN.js` in numeric order (part10 after part2). The manifest is
// the authority when it lists any of them; otherwise the data root is
// globbed. Manifest entries whose file is missing are reported as warnings.
func (a *Archive) dataFiles(names ...string) []string {
	type hit struct {
		path string
		part int
	}
	var hits []hit
	seen := map[string]bool{}
	add := func(base string) bool {
		part, ok := matchDataFile(base, names)
		if !ok || seen[base] {
			return false
		}
		seen[base] = true
		hits = append(hits, hit{join(a.root, base), part})
		return true
	}
	if a.manifest != nil {
		for _, dt := range a.manifest.DataTypes {
			for _, f := range dt.Files {
				add(path.Base(f.FileName))
			}
		}
	}
	if len(hits) == 0 {
		files, _ := a.store.list(a.root)
		for _, f := range files {
			add(f)
		}
	}
	for _, bad := range a.irregularData(names...) {
		a.warnf("%s", bad)
	}
	sort.Slice(hits, func(i, j int) bool {
		if hits[i].part != hits[j].part {
			return hits[i].part < hits[j].part
		}
		return hits[i].path < hits[j].path
	})
	out := make([]string, 0, len(hits))
	for _, h := range hits {
		if !a.store.exists(h.path) {
			if a.store.irregular(a.root)[path.Base(h.path)] == "" {
				a.warnf("%s: listed in manifest.js but missing from the archive", h.path)
			}
			continue
		}
		out = append(out, h.path)
	}
	return out
}

// irregularData describes the data files of the given types that are
// there but are not regular files (a named pipe, a symbolic link leading
// out of the folder): they cannot be read, and must not read as empty
// without a word.
func (a *Archive) irregularData(names ...string) []string {
	var out []string
	for name, what := range a.store.irregular(a.root) {
		if _, ok := matchDataFile(name, names); ok {
			out = append(out, fmt.Sprintf("%s is %s, not a regular file, so it was not read: %s", join(a.root, name), what, irregularAdvice))
		}
	}
	sort.Strings(out)
	return out
}

// matchDataFile reports whether base is `<name>.js` (part 0) or
// `<name>-partN.js` for one of names, and its part number.
func matchDataFile(base string, names []string) (int, bool) {
	stem, ok := strings.CutSuffix(base, ".js")
	if !ok {
		return 0, false
	}
	for _, n := range names {
		if stem == n {
			return 0, true
		}
		if rest, ok := strings.CutPrefix(stem, n+"-part"); ok && isDigits(rest) && len(rest) < 7 {
			p, _ := strconv.Atoi(rest)
			return p, true
		}
	}
	return 0, false
}
