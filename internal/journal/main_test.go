package journal

import (
	"bufio"
	"fmt"
	"os"
	"testing"
)

// The test binary doubles as the child process of the lock and crash tests:
// with JOURNAL_TEST_CHILD set it runs that role instead of the tests.
func TestMain(m *testing.M) {
	switch os.Getenv("JOURNAL_TEST_CHILD") {
	case "":
		os.Exit(m.Run())
	case "hold":
		os.Exit(holdChild(os.Getenv("JOURNAL_TEST_DIR")))
	case "crash":
		os.Exit(crashChild(os.Getenv("JOURNAL_TEST_DIR"), os.Getenv("JOURNAL_TEST_SEED")))
	default:
		fmt.Fprintln(os.Stderr, "unknown JOURNAL_TEST_CHILD")
		os.Exit(2)
	}
}

// holdChild opens job "j", says "ready" and keeps it until stdin closes.
func holdChild(dir string) int {
	j, err := Open(dir, "j", Options{Kind: "test"})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	fmt.Println("ready")
	bufio.NewReader(os.Stdin).ReadString('\n')
	if err := j.Close(); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	return 0
}
