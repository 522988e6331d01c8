package config

import "path/filepath"

// The layout under the state and cache directories. Existing users' state
// is found by these names, so they never change; state_paths_test.go pins
// them byte for byte. `fledge help state` describes the same layout.
const (
	journalExt          = ".jsonl"
	migrateStatePrefix  = "migrate-"
	migrateDir          = "migrate"
	matchesPrefix       = "matches-"
	webFingerCacheDir   = "webfinger"
	twitterProfilesDir  = "twitter-profiles"
	migrateStateFileExt = ".json"
)

// AccountDir is the folder of one account's jobs: <state>/<user@domain>.
// key is the account's key (see AccountKey).
func (p Paths) AccountDir(key string) string { return filepath.Join(p.State, key) }

// Journal is the journal file of a job in the account's folder; it names
// the file internal/journal opens for that folder and job.
func (p Paths) Journal(key, job string) string {
	return filepath.Join(p.AccountDir(key), job+journalExt)
}

// MigrateState is where `fledge migrate` keeps its progress through the
// archive with this fingerprint into the account.
func (p Paths) MigrateState(key, fingerprint string) string {
	return filepath.Join(p.AccountDir(key), migrateStatePrefix+fingerprint+migrateStateFileExt)
}

// Matches is where `fledge migrate` keeps the matches it found in the
// archive with this fingerprint, so a re-run reuses them.
func (p Paths) Matches(key, fingerprint string) string {
	return filepath.Join(p.AccountDir(key), migrateDir, matchesPrefix+fingerprint+journalExt)
}

// WebFingerCache is the cache of what fediverse servers answered about
// handles.
func (p Paths) WebFingerCache() string { return filepath.Join(p.Cache, webFingerCacheDir) }

// TwitterProfilesCache is the cache of profiles fetched from the Twitter
// API.
func (p Paths) TwitterProfilesCache() string { return filepath.Join(p.Cache, twitterProfilesDir) }
