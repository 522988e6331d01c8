// Package journal is the durable write-ahead journal of a fledge job: every
// command that writes to a server (follow, import, undo) records what it is
// about to do and what happened, so that a crash, a kill or a rate-limit
// pause of days loses nothing and repeats nothing.
//
// # Files
//
// Each account has a state directory, "$XDG_STATE_HOME/fledge/<user@domain>"
// (mode 0700). Each job in it has
//
//	<job>.jsonl   the journal (mode 0600), append-only, never rewritten
//	<job>.lock    held while a process runs the job; holds its pid
//
// The lock is internal/filelock: on Linux, macOS and the BSDs an flock(2),
// released by the kernel however the process ends. Elsewhere (Windows) it
// is a file created exclusively; one whose pid no longer runs is taken
// over.
//
// # Format
//
// JSON Lines: one record per line, UTF-8, each ending in "\n". Every record
// has "seq" (1, 2, 3, … with no gaps), "time" (RFC 3339, UTC) and "kind".
// The first record is the header:
//
//	{"seq":1,"time":"2026-11-21T09:00:00.123Z","kind":"header","format":1,"job":"follow-2026-11-21","job_kind":"follow","version":"0.4.0","plan":"sha256:9f2c…","planned":500,"pid":4242}
//
// Each later run of the same job appends a resume record, with the plan it
// runs (Open refuses a changed plan unless told to accept it):
//
//	{"seq":7,"time":"…","kind":"resume","version":"0.4.0","plan":"sha256:9f2c…","planned":500,"pid":5150}
//
// Items are named by stable keys. An intent comes before any action on a
// key and carries the caller's description of it; progress records parts
// done (media uploaded before the post); an outcome says how it ended:
//
//	{"seq":2,"time":"…","kind":"intent","key":"follow:@alice@example.social","data":{"acct":"alice@example.social"}}
//	{"seq":3,"time":"…","kind":"outcome","key":"follow:@alice@example.social","status":"done","data":{"account_id":"109876"}}
//	{"seq":4,"time":"…","kind":"intent","key":"post:1234567890:0","data":{"text_sha256":"5be1…"}}
//	{"seq":5,"time":"…","kind":"progress","key":"post:1234567890:0","data":{"media_ids":["110001","110002"]}}
//	{"seq":6,"time":"…","kind":"outcome","key":"post:1234567890:0","status":"retryable","reason":"HTTP 503 Service Unavailable"}
//
// An outcome's status is "done" (its data is the result, such as the new
// status id), "retryable" (a later run tries again with a new intent) or
// "permanent" (it will not). Other records:
//
//	{"seq":8,"time":"…","kind":"skip","key":"post:1234567891:0","reason":"retweet"}
//	{"seq":9,"time":"…","kind":"wait","reason":"statuses: 300 per 3 h","until":"2026-11-21T12:00:00Z"}
//	{"seq":10,"time":"…","kind":"summary","data":{"posted":120,"failed":2}}
//
// A summary ends one run; a later run may still resume the job. Readers
// ignore fields they do not know; a higher "format" is refused.
//
// # Durability
//
// A record is appended in a single write to a file opened with O_APPEND and
// fsynced before the write method returns; the directory is fsynced when
// the file is created. A caller acts only after Intent returns, and calls
// Succeed or Fail after acting. If the process dies in between, the key is
// left pending: its intent has no outcome, and before trying it again the
// caller must ask the server whether the action happened (see Pending).
//
// A crash during a write can leave the last line incomplete or garbled. The
// reader ignores such a last line (State.Torn) and Open cuts it off before
// appending. Anything wrong earlier in the file (a line that is not a
// record, a sequence gap, an outcome with no intent) is a *CorruptError
// naming the file and line: the file was damaged or edited, and guessing
// could post twice.
//
// When a write or fsync fails (a full disk, an I/O error) the record counts
// as not written, any part of it that reached the file is cut off, and the
// journal refuses further writes until it is opened again.
package journal
