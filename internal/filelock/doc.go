// Package filelock is fledge's one inter-process lock: a lock file beside
// what it guards ("<job>.lock" for a journal, "credentials.yaml.lock" for
// the credentials), holding the holder's pid so the next process can say
// who has it.
//
// On Linux, macOS and the BSDs the lock is an flock(2) on that file. The
// kernel drops it when the holder exits, however it exits, so it never goes
// stale, and the file itself is never deleted (deleting it on release would
// let a waiting process lock the unlinked inode while a third locks a new
// file of the same name). Elsewhere (Windows) the lock is the file itself,
// created exclusively and deleted on release; one left by a process that
// no longer runs is taken over.
//
// gofrs/flock was considered: it would give Windows a kernel lock
// (LockFileEx) but no pid for the message and no stale-file take-over,
// which the exclusive file already handles, so no dependency is added.
package filelock
