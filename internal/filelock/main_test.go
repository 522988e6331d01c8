package filelock

import (
	"bufio"
	"fmt"
	"os"
	"testing"
)

// The test binary doubles as the child process of the cross-process test:
// with FILELOCK_TEST_HOLD set it takes that lock, says "ready" and keeps
// the lock until stdin closes.
func TestMain(m *testing.M) {
	path := os.Getenv("FILELOCK_TEST_HOLD")
	if path == "" {
		os.Exit(m.Run())
	}
	l, err := TryLock(path)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	fmt.Println("ready")
	bufio.NewReader(os.Stdin).ReadString('\n')
	if err := l.Unlock(); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	os.Exit(0)
}
