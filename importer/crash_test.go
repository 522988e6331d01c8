package importer

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"maps"
	"math/rand/v2"
	"os"
	"os/exec"
	"strconv"
	"syscall"
	"testing"
	"time"

	"github.com/fledge-cli/fledge/internal/journal"
	"github.com/fledge-cli/fledge/internal/mastodon"
	"github.com/fledge-cli/fledge/internal/mastodon/mastotest"
)

var long = flag.Bool("long", false, "run the long reliability tests (at least 300 posts, 20 kills)")

// Environment of the helper process that TestImportSurvivesSIGKILL
// starts and kills.
const (
	envHelper  = "FLEDGE_IMPORT_HELPER"
	envURL     = "FLEDGE_IMPORT_URL"
	envToken   = "FLEDGE_IMPORT_TOKEN"
	envArchive = "FLEDGE_IMPORT_ARCHIVE"
	envState   = "FLEDGE_IMPORT_STATE"
	envAccount = "FLEDGE_IMPORT_ACCOUNT"
	// envMediaPlan, when set, runs mediaPlan of that many posts instead
	// of planning the archive, with posting slower than uploading so
	// media wait ahead of their posts.
	envMediaPlan = "FLEDGE_IMPORT_MEDIA_PLAN"
)

// TestImportHelperProcess is not a test: it is the import process the
// crash test runs and kills (the helper-process pattern).
func TestImportHelperProcess(t *testing.T) {
	if os.Getenv(envHelper) != "1" {
		t.Skip("helper process for TestImportSurvivesSIGKILL")
	}
	limits := roomyClient
	var p *Plan
	var cfg ExecConfig
	if n, _ := strconv.Atoi(os.Getenv(envMediaPlan)); n > 0 {
		limits = maps.Clone(roomyClient)
		limits[mastodon.BucketStatuses] = mastodon.Limit{Count: 100, Period: time.Second}
		p, cfg = mediaPlan(n), ExecConfig{Account: os.Getenv(envAccount), Open: photo, Limits: testLimits()}
	}
	c, err := mastodon.New(os.Getenv(envURL), os.Getenv(envToken), mastodon.Options{Limits: limits, MaxBackoff: 20 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	if p == nil {
		_, p, cfg = planArchive(t, os.Getenv(envArchive), c, os.Getenv(envAccount), nil)
	}
	j, err := journal.Open(os.Getenv(envState), "import-test", journal.Options{Kind: "import", Plan: p.Fingerprint, Planned: len(p.Posts)})
	if err != nil {
		t.Fatal(err)
	}
	defer j.Close()
	// The Profile call tells the client whether the server ignores
	// Idempotency-Key (GoToSocial); it then sends none, and the executor
	// reconciles instead.
	if _, err := c.Profile(context.Background()); err != nil {
		t.Fatal(err)
	}
	if _, err := Execute(context.Background(), p, newPoster(c), j, cfg); err != nil {
		t.Fatal(err)
	}
}

// TestImportSurvivesSIGKILL kills an import with media at random points,
// resumes it each time, and checks that every planned post exists
// exactly once, threads intact and in order, on Mastodon (idempotency
// keys) and GoToSocial (reconciliation only). -long runs the full 300
// posts and 20 kills; the default is a shorter version for CI.
func TestImportSurvivesSIGKILL(t *testing.T) {
	if testing.Short() {
		t.Skip("re-executes the test binary")
	}
	tweets, kills := 90, 5
	if *long {
		tweets, kills = 440, 20
	}
	for _, sw := range []string{mastotest.Mastodon, mastotest.GoToSocial} {
		t.Run(sw, func(t *testing.T) {
			f := newFixture(t, tweets, mastotest.Options{Software: sw, Seed: 11}, mastodon.Options{}, nil)
			if *long && len(f.plan.Posts) < 300 {
				t.Fatalf("plan has %d posts, want at least 300", len(f.plan.Posts))
			}
			// A few milliseconds per request keep the import running long
			// enough to be killed many times over.
			f.srv.InjectFaults(mastotest.Faults{SlowRate: 1, Slow: 4 * time.Millisecond})
			rng := rand.New(rand.NewPCG(uint64(len(sw)), 42))
			killed, midway := 0, 0
			var progress []int
			for run := 0; killed < kills; run++ {
				if run > kills*4 {
					t.Fatalf("the import kept finishing before it could be killed (%d of %d kills)", killed, kills)
				}
				cmd := f.helper()
				if err := cmd.Start(); err != nil {
					t.Fatal(err)
				}
				exited := make(chan error, 1)
				go func() { exited <- cmd.Wait() }()
				// Aim each kill at a random point of the posting still to
				// do, so the kills spread over the whole import however fast
				// the machine is: wait for a random number of new statuses,
				// then a few random milliseconds (often between a POST and
				// its journal record).
				now := len(f.srv.Statuses("me"))
				step := max(1, (len(f.plan.Posts)-now)/(kills-killed+1))
				target := now + 1 + rng.IntN(step)
				var err error
				for done := false; !done; {
					select {
					case err = <-exited:
						done = true
					case <-time.After(time.Millisecond):
						if len(f.srv.Statuses("me")) >= target {
							time.Sleep(time.Duration(rng.IntN(3000)) * time.Microsecond)
							_ = cmd.Process.Signal(syscall.SIGKILL)
							err = <-exited
							done = true
						}
					}
				}
				var ee *exec.ExitError
				if errors.As(err, &ee) && ee.Sys().(syscall.WaitStatus).Signaled() {
					killed++
					n := len(f.srv.Statuses("me"))
					progress = append(progress, n)
					if n > 0 && n < len(f.plan.Posts) {
						midway++
					}
				} else if err != nil {
					t.Fatalf("helper failed: %v", err)
				}
			}
			// Resume to the end, as the user's next run would.
			if out, err := f.helper().CombinedOutput(); err != nil {
				t.Fatalf("final run: %v\n%s", err, out)
			}
			f.check(t)
			t.Logf("%d posts, %d kills; statuses on the server after each kill: %v", len(f.plan.Posts), killed, progress)
			// Some kills land during start-up on a loaded machine; most
			// must still hit the posting itself.
			if midway < max(1, kills/4) {
				t.Errorf("only %d of %d kills landed while posting", midway, killed)
			}
		})
	}
}

func (f *fixture) helper() *exec.Cmd {
	cmd := exec.Command(os.Args[0], "-test.run=^TestImportHelperProcess$", "-test.count=1")
	cmd.Env = append(os.Environ(),
		envHelper+"=1",
		envURL+"="+f.srv.URL(),
		envToken+"="+f.srv.Token("me"),
		envArchive+"="+f.path,
		envState+"="+f.dir,
		envAccount+"="+fmt.Sprintf("me@%s", f.srv.Domain()),
	)
	return cmd
}

// TestLookAheadSurvivesSIGKILL kills an import while media uploaded ahead
// wait for their posts, resumes it each time, and checks that every post
// exists exactly once, in order, and that each kill cost at most the one
// upload in flight: the uploads made ahead were journalled and reused.
// -long runs 300 posts and 20 kills.
func TestLookAheadSurvivesSIGKILL(t *testing.T) {
	if testing.Short() {
		t.Skip("re-executes the test binary")
	}
	posts, kills := 45, 3
	if *long {
		posts, kills = 300, 20
	}
	for _, sw := range []string{mastotest.Mastodon, mastotest.GoToSocial} {
		t.Run(sw, func(t *testing.T) {
			f := newMediaFixture(t, posts, mastotest.Options{Software: sw})
			f.plan.Server.Software = sw // the poster sends no Idempotency-Key to GoToSocial
			rng := rand.New(rand.NewPCG(uint64(len(sw)), 7))
			killed := 0
			for run := 0; killed < kills; run++ {
				if run > kills*4 {
					t.Fatalf("the import kept finishing before it could be killed (%d of %d kills)", killed, kills)
				}
				cmd := f.helper()
				cmd.Env = append(cmd.Env, envMediaPlan+"="+strconv.Itoa(posts))
				if err := cmd.Start(); err != nil {
					t.Fatal(err)
				}
				exited := make(chan error, 1)
				go func() { exited <- cmd.Wait() }()
				// Kill once the run has posted a little further and some
				// uploads wait for their posts.
				target := len(f.srv.Statuses("me")) + 1 + rng.IntN(posts/(kills+1))
				var err error
				for done := false; !done; {
					select {
					case err = <-exited:
						done = true
					case <-time.After(time.Millisecond):
						if len(f.srv.Statuses("me")) >= target && unattached(f.srv) > 0 {
							time.Sleep(time.Duration(rng.IntN(2000)) * time.Microsecond)
							_ = cmd.Process.Signal(syscall.SIGKILL)
							err = <-exited
							done = true
						}
					}
				}
				var ee *exec.ExitError
				if errors.As(err, &ee) && ee.Sys().(syscall.WaitStatus).Signaled() {
					killed++
				} else if err != nil {
					t.Fatalf("helper failed: %v", err)
				}
			}
			cmd := f.helper()
			cmd.Env = append(cmd.Env, envMediaPlan+"="+strconv.Itoa(posts))
			if out, err := cmd.CombinedOutput(); err != nil {
				t.Fatalf("final run: %v\n%s", err, out)
			}
			f.check(t)
			uploads := map[string]int{}
			for _, m := range f.srv.Media("me") {
				uploads[m.FileName]++
			}
			for file, n := range uploads {
				if n > 2 {
					t.Errorf("%s uploaded %d times", file, n)
				}
			}
			total, need := len(f.srv.Media("me")), mediaCount(f.plan)
			if total-need > killed {
				t.Errorf("%d uploads for %d files after %d kills: more than one upload lost per kill", total, need, killed)
			}
			if n := unattached(f.srv); n > killed {
				t.Errorf("%d uploads left unattached after %d kills", n, killed)
			}
			t.Logf("%d kills; %d uploads for %d files", killed, total, need)
		})
	}
}
