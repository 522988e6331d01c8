package main

import (
	"errors"
	"fmt"
	"os"
	"sort"

	"github.com/fledge-cli/fledge/internal/batch"
	"github.com/fledge-cli/fledge/internal/config"
)

// loadMigration reads and parses the file; its mistakes are usage errors
// (exit 2) that name line and column.
func loadMigration(path string) (*batch.File, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, usageErrorf("%v", err)
	}
	file, err := batch.Parse(path, data)
	if err != nil {
		return nil, &usageError{err}
	}
	return file, nil
}

// checkMigration checks what the file refers to, before anything runs:
// token variables set, stored accounts logged in, input files present.
// (The steps' options were checked by the parser against their one
// declaration, which the commands' flags come from too.) A dry run
// (lookOnly) needs no login: an account not logged in is a warning, and
// its steps plan as their commands do without one.
func checkMigration(f *factory, file *batch.File, lookOnly bool) error {
	var errs batch.Errors
	loggedOut := 0 // of errs, accounts not logged in
	add := func(pos batch.Pos, format string, a ...any) {
		errs = append(errs, &batch.Error{Pos: pos, Msg: fmt.Sprintf(format, a...)})
	}
	var creds *config.Credentials
	for _, j := range file.Jobs {
		switch {
		case j.TokenEnv != "":
			if f.Getenv(j.TokenEnv) == "" {
				add(j.CredentialPos, "account %q: environment variable %s is not set (it must hold the account's access token)", j.Name, j.TokenEnv)
			}
		case j.Account != "":
			if creds == nil {
				c, err := f.credentials()
				if err != nil {
					return err
				}
				creds = c
			}
			if _, ok := creds.Account(j.Account); !ok && lookOnly {
				f.printer().Warn("account %q: %s is not logged in; its dry run plans without it", j.Name, j.Account)
			} else if !ok {
				loggedOut++
				add(j.CredentialPos, "account %q: %s is not logged in; run `fledge login --server https://…` first (see fledge accounts)", j.Name, j.Account)
			}
		}
		for _, in := range j.Inputs() {
			if _, err := os.Stat(in.Path); err != nil {
				add(in.Pos, "account %q: %s", j.Name, plainPathError(err))
			}
		}
	}
	if len(errs) > 0 {
		sort.SliceStable(errs, func(a, b int) bool { return errs[a].Pos.Line < errs[b].Pos.Line })
		if loggedOut == len(errs) { // only logins missing: the file itself is fine
			return notLoggedIn(errs)
		}
		return &usageError{errs}
	}
	return nil
}

func plainPathError(err error) string {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Path + ": " + pe.Err.Error()
	}
	return err.Error()
}
