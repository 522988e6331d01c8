// Package archtest holds tests that keep the project's layers apart: for
// every package of the module, which of our packages and which third-party
// ones its non-test code may import. A new package needs a rule before the
// tests pass. It has no code of its own.
package archtest
