package matcher

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"net/http"
	"strings"
	"sync"
)

const (
	acceptJRD      = "application/jrd+json, application/json;q=0.9"
	acceptXRD      = "application/xrd+xml, application/xml;q=0.9"
	acceptActivity = `application/activity+json, application/ld+json; profile="https://www.w3.org/ns/activitystreams"`
)

var (
	errInvalidHandle  = errors.New("not a valid handle")
	errNoSelfLink     = errors.New("WebFinger answer has no ActivityPub self link")
	errSubjectMatch   = errors.New("WebFinger answer is about another account")
	errActorGone      = errors.New("actor is gone")
	errSignedFetch    = errors.New("server refuses unsigned fetches and no logged-in server to ask")
	errMoveLoop       = errors.New("movedTo chain loops or is too long")
	errMoveUnreadable = errors.New("account moved, but its target could not be read")
	errNoSuchAccount  = errors.New("no such account")
)

// acctKey is the cache and memo key of a handle.
func acctKey(user, domain string) string {
	return "acct:" + strings.ToLower(user+"@"+domain)
}

// resolve verifies handle, following a movedTo chain. seen holds the keys
// already on the chain (the loop guard); depth counts moves followed.
func (v *Verifier) resolve(ctx context.Context, handle string, depth int, seen map[string]bool) cacheRecord {
	user, domain, ok := SplitHandle(handle)
	if !ok {
		return cacheRecord{Handle: handle, Status: StatusNotFound, Err: fmt.Sprintf("%q: %v", handle, errInvalidHandle)}
	}
	key := acctKey(user, domain)
	if !v.refresh {
		if rec, ok := v.cache.get(key, v.now()); ok && !v.outdatedRefusal(rec) {
			v.stats.cacheHits.Add(1)
			if depth == 0 {
				v.reportRefusal(handle, rec, true)
			}
			return rec
		}
	}
	if seen == nil {
		seen = map[string]bool{}
	}
	seen[key] = true
	work := func() cacheRecord {
		rec := v.resolveUncached(ctx, user, domain, depth, seen)
		if ctx.Err() == nil {
			// A failed cache write only costs a request next time.
			_ = v.cache.put(key, rec, v.now())
		}
		if depth == 0 {
			// Once per handle: a move target's refusal is in its
			// source's record too.
			v.reportRefusal(handle, rec, false)
		}
		return rec
	}
	// Only top-level calls share work: a nested call waiting on another
	// goroutine's chain could deadlock when two moves point at each other.
	return v.flight.do(key, depth == 0, work)
}

// outdatedRefusal reports a cached refusal the guard, as set now, would
// not make.
func (v *Verifier) outdatedRefusal(rec cacheRecord) bool {
	switch rec.Refused {
	case RefusedAddress:
		return v.allowPrivate
	case RefusedProxyName:
		return v.trustProxy
	}
	return false
}

func (v *Verifier) reportRefusal(handle string, rec cacheRecord, cached bool) {
	if rec.Refused != "" && v.onRefusal != nil {
		v.onRefusal(Refusal{Handle: handle, Kind: rec.Refused, Reason: rec.Reason, Cached: cached})
	}
}

// failed records err on rec: the full text, the short reason (prefixed
// with what was being read, if given) and whether the guard refused.
func (r *cacheRecord) failed(what string, err error) {
	r.Err = err.Error()
	r.Reason = what + reasonFor(err)
	if k := refusalKind(err); k != "" {
		r.Refused = k
	}
}

// resolveUncached asks the network. Verified means WebFinger answered and
// the actor was read, or could not be read for a reason that says nothing
// against the account (a server that wants signed fetches, a timeout).
// An actor the guard refused is another matter: WebFinger pointing into a
// private network is no evidence, so the handle is unreachable.
func (v *Verifier) resolveUncached(ctx context.Context, user, domain string, depth int, seen map[string]bool) cacheRecord {
	handle := "@" + user + "@" + domain
	canon, self, status, err := v.webfinger(ctx, user, domain)
	if err != nil {
		rec := cacheRecord{Handle: handle, Status: status}
		rec.failed("", err)
		return rec
	}
	rec := cacheRecord{Handle: canon, Status: StatusVerified}
	actor, err := v.fetchActor(ctx, self, canon)
	if err != nil {
		// WebFinger vouched for the account; only a gone actor or a
		// refused one undoes that.
		rec.failed("actor not read: ", err)
		switch {
		case errors.Is(err, errActorGone):
			rec.Status = StatusNotFound
		case rec.Refused != "":
			rec.Status = StatusUnreachable
		}
		return rec
	}
	rec.Actor = actor
	if actor.MovedTo != "" {
		v.followMove(ctx, &rec, depth, seen)
	}
	return rec
}

// webfinger looks user@domain up and returns the canonical handle and the
// actor URI, or the status that explains why not.
func (v *Verifier) webfinger(ctx context.Context, user, domain string) (canon, self string, _ Status, _ error) {
	resource := "acct:" + user + "@" + domain
	first := webfingerURL(domain, resource)
	res, err := v.fetch(ctx, first, acceptJRD)
	if err != nil {
		return "", "", StatusUnreachable, err
	}
	if (res.status == http.StatusOK || res.status == http.StatusNotFound) && isWebFingerMiss(res.body) {
		return "", "", StatusNotFound, fmt.Errorf("%s: no such account (the server says so in JSON)", res.url)
	}
	if res.status == http.StatusNotFound && answersOwnWebFinger(domain) {
		return "", "", StatusNotFound, fmt.Errorf("%s: no such account (HTTP 404)", res.url)
	}
	if res.status == http.StatusNotFound {
		// Only a 404 sends us to host-meta (Mastodon's rule): the handle
		// domain may delegate WebFinger elsewhere.
		res, err = v.viaHostMeta(ctx, domain, resource, first)
		if err != nil {
			return "", "", statusOf(err), err
		}
	}
	if st, err := httpStatus(res); err != nil {
		return "", "", st, err
	}
	doc, err := parseJRD(res.body)
	if err != nil {
		v.stats.badDocuments.Add(1)
		return "", "", StatusNotFediverse, fmt.Errorf("%s: %w", res.url, err)
	}
	self = doc.activityPubSelf()
	if self == "" {
		return "", "", StatusNotFediverse, fmt.Errorf("%s: %w", res.url, errNoSelfLink)
	}
	subject, isAcct := doc.subjectHandle()
	switch {
	case isAcct && strings.EqualFold(doc.Subject, resource):
		return subject, self, "", nil
	case isAcct:
		// Split domain (or a lie): the subject's own server must agree
		// that the subject is the same actor.
		ok, err := v.confirmSubject(ctx, doc.Subject, self)
		if ok {
			return subject, self, "", nil
		}
		if refusalKind(err) != "" {
			return "", "", StatusUnreachable, fmt.Errorf("confirming %s: %w", doc.Subject, err)
		}
	case doc.matches(resource):
		return "@" + user + "@" + domain, self, "", nil
	}
	return "", "", StatusNotFound, fmt.Errorf("%s answered with %q: %w", domain, doc.Subject, errSubjectMatch)
}

// viaHostMeta tries the host-meta LRDD template after a 404.
func (v *Verifier) viaHostMeta(ctx context.Context, domain, resource, tried string) (fetched, error) {
	hm, err := v.fetch(ctx, "https://"+domain+"/.well-known/host-meta", acceptXRD)
	if err != nil {
		return fetched{}, err
	}
	if hm.status != http.StatusOK {
		return fetched{}, fmt.Errorf("%s: no WebFinger and no host-meta (HTTP %d): %w", domain, hm.status, errNotFediverse)
	}
	u, err := lrddURL(hm.body, resource)
	if err != nil {
		v.stats.badDocuments.Add(1)
		return fetched{}, fmt.Errorf("%s: %w: %w", domain, errNotFediverse, err)
	}
	if u == tried {
		return fetched{status: http.StatusNotFound, url: u}, nil
	}
	return v.fetch(ctx, u, acceptJRD)
}

var errNotFediverse = errors.New("not a fediverse server")

func statusOf(err error) Status {
	if errors.Is(err, errNotFediverse) {
		return StatusNotFediverse
	}
	return StatusUnreachable
}

// httpStatus maps a WebFinger answer's HTTP status to a verdict.
func httpStatus(res fetched) (Status, error) {
	switch {
	case res.status == http.StatusOK:
		return "", nil
	case res.status == http.StatusNotFound || res.status == http.StatusGone:
		return StatusNotFound, fmt.Errorf("%s: %w (HTTP %d)", res.url, errNoSuchAccount, res.status)
	default:
		return StatusNotFediverse, fmt.Errorf("%s: unexpected HTTP %d: %w", res.url, res.status, errNotFediverse)
	}
}

// confirmSubject asks the subject's own domain about it, as Mastodon does.
// The error, when there is one, says why the domain could not be asked.
func (v *Verifier) confirmSubject(ctx context.Context, subject, self string) (bool, error) {
	acct := strings.TrimPrefix(subject, "acct:")
	user, domain, ok := SplitHandle(acct)
	if !ok {
		return false, nil
	}
	res, err := v.fetch(ctx, webfingerURL(domain, "acct:"+user+"@"+domain), acceptJRD)
	if err != nil || res.status != http.StatusOK {
		return false, err
	}
	doc, err := parseJRD(res.body)
	if err != nil {
		v.stats.badDocuments.Add(1)
		return false, nil
	}
	return strings.EqualFold(doc.Subject, subject) && doc.activityPubSelf() == self, nil
}

// fetchActor reads an actor; when the server insists on signed requests
// it asks the user's own server instead (if there is one).
func (v *Verifier) fetchActor(ctx context.Context, uri, handle string) (*Actor, error) {
	res, err := v.fetch(ctx, uri, acceptActivity)
	if err != nil {
		return nil, err
	}
	switch res.status {
	case http.StatusOK:
	case http.StatusUnauthorized, http.StatusForbidden:
		if v.searcher == nil || handle == "" {
			return nil, fmt.Errorf("%s: %w", uri, errSignedFetch)
		}
		return v.actorViaSearch(ctx, handle)
	case http.StatusNotFound, http.StatusGone:
		return nil, fmt.Errorf("%s: %w (HTTP %d)", uri, errActorGone, res.status)
	default:
		return nil, fmt.Errorf("%s: unexpected HTTP %d", uri, res.status)
	}
	a, err := parseActor(res.body)
	if err != nil {
		v.stats.badDocuments.Add(1)
		return nil, fmt.Errorf("%s: %w", uri, err)
	}
	if a.ID != uri && a.ID != res.url {
		v.stats.badDocuments.Add(1)
		return nil, fmt.Errorf("%s: %w: its id is %q", uri, errNotActor, a.ID)
	}
	return a, nil
}

// actorViaSearch resolves handle on the user's server (search with
// resolve=true makes that server fetch the actor with its signature).
func (v *Verifier) actorViaSearch(ctx context.Context, handle string) (*Actor, error) {
	want := strings.TrimPrefix(handle, "@")
	accts, err := v.searcher.SearchAccounts(ctx, "@"+want, true)
	if err != nil {
		return nil, fmt.Errorf("searching %s on your server: %w", handle, err)
	}
	for i := range accts {
		if strings.EqualFold(accts[i].Acct, want) {
			return actorFromRemote(&accts[i]), nil
		}
	}
	return nil, fmt.Errorf("your server does not find %s: %w", handle, errSignedFetch)
}

// followMove resolves rec.Actor.MovedTo to its final handle. Moved claims
// no more than was checked: MovedTo is always set, to the final handle
// when the chain could be read, else to the handle the actor's movedTo
// names (an acct, or the target actor that was read) with Reason saying
// what failed after it. When the target is an actor URI that could not be
// read, no handle is known: the account stays verified (its own actor was
// read and agrees), with Reason saying where it moved.
func (v *Verifier) followMove(ctx context.Context, rec *cacheRecord, depth int, seen map[string]bool) {
	target := rec.Actor.MovedTo
	unknown := func(err error) {
		rec.Status = StatusVerified
		rec.failed("moved to "+clip(target, 100)+", which could not be read: ", err)
	}
	if depth+1 > maxMoveDepth {
		v.stats.moveLoops.Add(1)
		unknown(errMoveLoop)
		return
	}
	var targetHandle string
	if strings.HasPrefix(target, "https://") {
		ta, err := v.fetchActor(ctx, target, "")
		if err != nil {
			unknown(fmt.Errorf("%w: %w", errMoveUnreadable, err))
			return
		}
		h, ok := actorHandle(ta)
		if !ok {
			unknown(errMoveUnreadable)
			return
		}
		targetHandle = h
	} else {
		targetHandle = "@" + strings.TrimPrefix(target, "@")
	}
	user, domain, ok := SplitHandle(targetHandle)
	if !ok {
		unknown(errMoveUnreadable)
		return
	}
	rec.Status = StatusMoved
	targetHandle = "@" + user + "@" + domain
	if seen[acctKey(user, domain)] {
		v.stats.moveLoops.Add(1)
		rec.MovedTo = targetHandle
		rec.Err = errMoveLoop.Error()
		rec.Reason = "the chain of moves loops"
		return
	}
	trec := v.resolve(ctx, targetHandle, depth+1, maps.Clone(seen))
	switch {
	case trec.Status == StatusMoved && trec.MovedTo != "":
		rec.MovedTo = trec.MovedTo
	case trec.Status == StatusVerified || trec.Status == StatusMoved:
		rec.MovedTo = trec.Handle
	default:
		rec.MovedTo = targetHandle
		rec.Err = fmt.Sprintf("move target %s: %s", targetHandle, trec.Status)
		rec.Reason = fmt.Sprintf("moved to %s, which %s", targetHandle, statusPhrase(trec.Status))
		if trec.Reason != "" {
			rec.Reason += ": " + trec.Reason
		}
	}
	if trec.Refused != "" {
		rec.Refused = trec.Refused
		if rec.Reason == "" {
			rec.Reason = trec.Reason
		}
	}
}

// statusPhrase words a failed status for a reason: "moved to @x@y, which
// could not be reached".
func statusPhrase(s Status) string {
	switch s {
	case StatusUnreachable:
		return "could not be reached"
	case StatusNotFound:
		return "does not exist"
	case StatusNotFediverse:
		return "is not on a fediverse server"
	}
	return "is " + string(s)
}

// singleFlight shares one resolution per handle among concurrent callers
// and remembers it for the Verifier's lifetime (so --refresh still asks
// each host only once per run).
type singleFlight struct {
	mu    sync.Mutex
	calls map[string]*flightCall
}

type flightCall struct {
	done chan struct{}
	rec  cacheRecord
}

func (f *singleFlight) do(key string, share bool, fn func() cacheRecord) cacheRecord {
	f.mu.Lock()
	if f.calls == nil {
		f.calls = make(map[string]*flightCall)
	}
	if c, ok := f.calls[key]; ok && share {
		f.mu.Unlock()
		<-c.done
		return c.rec
	}
	if c, ok := f.calls[key]; ok {
		select {
		case <-c.done:
			f.mu.Unlock()
			return c.rec
		default:
		}
		f.mu.Unlock()
		return fn()
	}
	c := &flightCall{done: make(chan struct{})}
	f.calls[key] = c
	f.mu.Unlock()
	c.rec = fn()
	close(c.done)
	return c.rec
}
