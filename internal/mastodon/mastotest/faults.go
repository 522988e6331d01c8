package mastotest

import (
	"math/rand/v2"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// Faults describes injected failures. Each request draws once from a
// seeded RNG, so a given sequence of requests always meets the same faults.
type Faults struct {
	Seed uint64
	// ErrorRate is the share of requests answered with a 5xx (503 when
	// RetryAfter503 is set, else 500) without being processed.
	ErrorRate float64
	// DropRate is the share of requests whose connection is closed without
	// an answer. With DropAfter the request is processed first, so its
	// effect (a created status, a follow) happens but the reply is lost.
	DropRate  float64
	DropAfter bool
	// SlowRate is the share of requests delayed by Slow before processing.
	SlowRate float64
	Slow     time.Duration
	// RetryAfter503 turns injected errors into 503 with this Retry-After,
	// as GoToSocial's throttler and start-up maintenance do.
	RetryAfter503 time.Duration
	// Storm429 is the share of requests refused with 429 and exhausted
	// rate-limit headers (reset one minute ahead).
	Storm429 float64
	// Paths limits faults to requests whose path starts with one of these
	// prefixes; empty means every request.
	Paths []string
	// Max stops injecting after this many faults (0: no limit), so a test
	// can fail exactly the first request without racing to turn faults off.
	Max int
}

const (
	faultDrop      = "drop"
	faultDropAfter = "drop-after"
	faultError     = "error"
	faultStorm     = "storm429"
	faultSlow      = "slow"
	faultFailNext  = "fail-next"
)

type faultState struct {
	f          Faults
	rng        *rand.Rand
	failNext   int
	failStatus int
	injected   int
}

type faultDecision struct {
	kind   string
	status int
}

// InjectFaults replaces the fault configuration; Faults{} turns it off.
func (s *Server) InjectFaults(f Faults) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults.f = f
	s.faults.rng = rand.New(rand.NewPCG(f.Seed, 0x66617531))
	s.faults.injected = 0
}

// FailNext answers the next n requests with status (and a JSON error body)
// without processing them.
func (s *Server) FailNext(n, status int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults.failNext, s.faults.failStatus = n, status
}

func (s *Server) decideFault(r *http.Request) faultDecision {
	s.mu.Lock()
	defer s.mu.Unlock()
	fs := &s.faults
	if fs.failNext > 0 {
		fs.failNext--
		return faultDecision{kind: faultFailNext, status: fs.failStatus}
	}
	if fs.rng == nil || !pathMatches(fs.f.Paths, r.URL.Path) || (fs.f.Max > 0 && fs.injected >= fs.f.Max) {
		return faultDecision{}
	}
	d := fs.draw()
	if d.kind != "" {
		fs.injected++
	}
	return d
}

func (fs *faultState) draw() faultDecision {
	u := fs.rng.Float64()
	slow := fs.rng.Float64() < fs.f.SlowRate
	switch {
	case u < fs.f.DropRate:
		if fs.f.DropAfter {
			return faultDecision{kind: faultDropAfter}
		}
		return faultDecision{kind: faultDrop}
	case u < fs.f.DropRate+fs.f.ErrorRate:
		if fs.f.RetryAfter503 > 0 {
			return faultDecision{kind: faultError, status: http.StatusServiceUnavailable}
		}
		return faultDecision{kind: faultError, status: http.StatusInternalServerError}
	case u < fs.f.DropRate+fs.f.ErrorRate+fs.f.Storm429:
		return faultDecision{kind: faultStorm}
	case slow:
		return faultDecision{kind: faultSlow}
	}
	return faultDecision{}
}

func pathMatches(prefixes []string, path string) bool {
	if len(prefixes) == 0 {
		return true
	}
	for _, p := range prefixes {
		if strings.HasPrefix(path, p) {
			return true
		}
	}
	return false
}

// applyFaultBefore acts on a fault that happens before processing. It
// reports whether the request should still be processed.
func (s *Server) applyFaultBefore(w http.ResponseWriter, r *http.Request, f faultDecision, e *RequestLog) bool {
	switch f.kind {
	case faultDrop:
		dropConn(w)
		return false
	case faultError, faultFailNext:
		s.mu.Lock()
		ra := s.faults.f.RetryAfter503
		s.mu.Unlock()
		if f.status == http.StatusServiceUnavailable {
			secs := max(1, int(ra.Round(time.Second)/time.Second))
			w.Header().Set("Retry-After", strconv.Itoa(secs))
		}
		if f.status == http.StatusTooManyRequests {
			s.setRateHeaders(w.Header(), rlState{limit: s.opts.Limits.API.N, reset: s.now().Add(time.Minute)})
		}
		e.Status = f.status
		writeJSON(w, f.status, errBody(s, f.status, injectedMessage(f.status)))
		return false
	case faultStorm:
		s.setRateHeaders(w.Header(), rlState{limit: s.opts.Limits.API.N, reset: s.now().Add(time.Minute)})
		e.Status = http.StatusTooManyRequests
		s.writeTooMany(w)
		return false
	case faultSlow:
		s.mu.Lock()
		d := s.faults.f.Slow
		s.mu.Unlock()
		t := time.NewTimer(d)
		defer t.Stop()
		select {
		case <-t.C:
		case <-r.Context().Done():
			return false
		}
	}
	return true
}

func injectedMessage(status int) string {
	switch status {
	case http.StatusTooManyRequests:
		return "Too many requests"
	case http.StatusServiceUnavailable:
		return "Service Unavailable"
	default:
		return "We're sorry, but something went wrong on our end."
	}
}

// dropConn closes the underlying connection without writing a response.
func dropConn(w http.ResponseWriter) {
	conn, _, err := http.NewResponseController(w).Hijack()
	if err != nil {
		// Not hijackable (HTTP/2): abort the handler, which resets the
		// stream instead of answering.
		panic(http.ErrAbortHandler)
	}
	_ = conn.Close()
}
