// Package jobtest gives the jobs' tests an in-memory job.Journal that
// counts what was written and can fail on demand, so the follow, block,
// mute and profile tests need no journal on disk.
package jobtest
