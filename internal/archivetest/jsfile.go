package archivetest

import (
	"bufio"
	"strings"
)

// dataFile is one JS data file, remembered for manifest.js.
type dataFile struct {
	typ    string // manifest dataTypes key, e.g. "noteTweet"
	name   string // path from the archive root, e.g. "data/note-tweet.js"
	global string // e.g. "YTD.note_tweet.part0"
	count  int
}

// typeKey turns a file name into its manifest key: "note-tweet" → "noteTweet".
func typeKey(base string) string {
	parts := strings.Split(base, "-")
	for i := 1; i < len(parts); i++ {
		parts[i] = capitalize(parts[i])
	}
	return strings.Join(parts, "")
}

// js writes one `window.YTD.<name>.partN = [ … ]` file. base is the file
// name without ".js" and part suffix; fill adds the records.
func (g *gen) js(o *out, dir, base string, part int, fill func(a *arrayStream)) (int64, error) {
	name := base
	if part > 0 {
		name += "-part" + itoa(part)
	}
	global := "YTD." + strings.ReplaceAll(base, "-", "_") + ".part" + itoa(part)
	n := 0
	size, err := o.file(dir+name+".js", false, func(w *bufio.Writer) {
		if g.c.BOM {
			w.WriteString("\uFEFF")
		}
		w.WriteString("window." + global + " = ")
		a := &arrayStream{e: &enc{w: w, st: style{braces: g.c.braces, astral: g.c.astral}}}
		fill(a)
		a.end()
		n = a.n
		g.trailer(w)
	})
	if err != nil {
		return 0, err
	}
	g.files = append(g.files, dataFile{typ: typeKey(base), name: dir + name + ".js", global: global, count: n})
	return size, nil
}

func (g *gen) trailer(w *bufio.Writer) {
	if g.c.TrailingSemicolon {
		w.WriteByte(';')
	}
	if g.c.TrailingNewline {
		w.WriteByte('\n')
	}
}

// one writes a data file holding a single record wrapped under key.
func (g *gen) one(o *out, dir, base, key string, rec obj) error {
	_, err := g.js(o, dir, base, 0, func(a *arrayStream) { a.add(obj{{key, rec}}) })
	return err
}

// list writes a data file with n records made by rec.
func (g *gen) list(o *out, dir, base string, n int, rec func(i int) any) error {
	_, err := g.js(o, dir, base, 0, func(a *arrayStream) {
		for i := range n {
			a.add(rec(i))
		}
	})
	return err
}
