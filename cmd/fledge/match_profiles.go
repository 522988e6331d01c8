package main

import (
	"bufio"
	"errors"
	"fmt"
	"os"

	"github.com/fledge-cli/fledge/matcher"
	"github.com/fledge-cli/fledge/matcher/profiles"
)

// profileFileCount is how many profiles one --profiles file gave, and
// what reading it found (a capture's unusable bodies, by reason).
type profileFileCount struct {
	File     string
	Profiles int
	Stats    profiles.ReadStats
}

// loadProfileFiles streams every --profiles file into one store, so a
// file of 100k profiles costs an index in memory, not the profiles
// themselves. It returns nil and no counts when names is empty. The
// caller closes the store (closeProfileStores).
func loadProfileFiles(names []string) (*profiles.Store, []profileFileCount, error) {
	if len(names) == 0 {
		return nil, nil, nil
	}
	store, err := profiles.NewStore("")
	if err != nil {
		return nil, nil, err
	}
	// A capture holds the authors of every tweet on the pages scrolled;
	// without an archive only the listed users are the ones to match.
	store.Secondary = func(src string) bool { return src == profiles.SourceHARAuthor }
	counts := make([]profileFileCount, 0, len(names))
	for _, name := range names {
		c := profileFileCount{File: name}
		c.Profiles, err = addProfileFile(store, name, &c.Stats)
		if err != nil {
			store.Close()
			return nil, nil, err
		}
		counts = append(counts, c)
	}
	return store, counts, nil
}

func addProfileFile(store *profiles.Store, name string, st *profiles.ReadStats) (int, error) {
	fh, err := os.Open(name)
	if err != nil {
		return 0, err
	}
	defer fh.Close()
	n, err := store.AddFrom(profiles.StreamWithStats(bufio.NewReader(fh), name, st))
	var ie *profiles.InputError
	if err != nil && !errors.As(err, &ie) {
		err = fmt.Errorf("reading %s: %w", name, err) // the store failed, not the file
	}
	return n, err
}

// closeProfileStores closes the profile stores among srcs, deleting their
// files; closing twice is harmless.
func closeProfileStores(srcs []matcher.ProfileSource) {
	for _, s := range srcs {
		if st, ok := s.(*profiles.Store); ok {
			_ = st.Close()
		}
	}
}

// logProfileCounts says at -v how many profiles each file gave, and
// what a capture held (see reportCapture).
func logProfileCounts(f *factory, counts []profileFileCount) {
	log := f.logger()
	for _, c := range counts {
		log.Info("profiles read", "file", c.File, "profiles", c.Profiles)
		reportCapture(f, c.Stats)
	}
}
