package archivetest

import (
	"encoding/hex"
	"fmt"
)

// Write generates an archive at path (a .zip when opt.Zip, else a folder)
// and returns what a correct parser must report for it.
func Write(path string, opt Options) (Expected, error) {
	c, err := resolve(opt)
	if err != nil {
		return Expected{}, err
	}
	g := newGen(c)
	prefix := ""
	if c.ExtraTopFolder {
		r := newRand(c.Seed, streamExtra+99)
		b := make([]byte, 32)
		for i := range b {
			b[i] = byte(r.Uint32())
		}
		prefix = fmt.Sprintf("twitter-%s-%s/", g.sp.generated.Format("2006-01-02"), hex.EncodeToString(b))
	}
	o, err := openOut(path, c.Zip, prefix)
	if err != nil {
		return Expected{}, err
	}
	switch c.Era {
	case EraGrailbird:
		err = g.writeGrailbird(o)
	case EraGrailbirdCSV:
		err = g.writeGrailbirdCSV(o)
	default:
		err = g.writeGDPR(o)
	}
	if err != nil {
		o.abort()
		return Expected{}, err
	}
	if err := o.close(); err != nil {
		return Expected{}, err
	}
	return g.finish(), nil
}
