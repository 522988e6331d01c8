// Package archtest holds tests that keep the project's layers apart: what
// each package may import. It has no code of its own.
package archtest
