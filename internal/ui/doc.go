// Package ui is how fledge's commands talk to people and to programs: one
// Printer interface with a text implementation and a JSON-lines one, so a
// command says what happened once and --json decides the form.
//
// The rules every command follows through it:
//
//   - Data (the command's result: matches, skipped tweets, a job list)
//     goes to stdout; messages, warnings, progress and the text form of a
//     summary go to stderr, so stdout pipes cleanly.
//   - Under --json every line on stdout is one JSON object with a "type"
//     field, and durations are seconds (Seconds), never Go's nanoseconds.
//   - Verbosity is -v's count: V(1, …) lines show with -v, V(2, …) with -vv.
//   - Tables align on a terminal and are tab-separated when piped.
//   - Progress bars draw on stderr only when it is a terminal;
//     schollz/progressbar draws them, while Bar keeps the count, the rate
//     per hour and the caller's ETA. While a bar is drawn, every other
//     write to the terminal (through the streams Attach wraps) clears the
//     bar, writes, and redraws it below, so a message never shares the
//     bar's line.
//
// Package ui is presentation only: it knows the domain types it renders
// (matcher.Match for the match table) but no command, flag or cobra.
package ui
