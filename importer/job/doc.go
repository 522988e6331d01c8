// Package job holds what every job that changes the server shares (the
// posts import, follow, block and mute, and the profile copy): the
// journal contract they write through and the errors the adapters wrap
// the Mastodon client's errors in, so a job can decide what to do next
// without knowing the client.
package job
