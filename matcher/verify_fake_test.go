package matcher

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/json"
	"fmt"
	"math/big"
	"net"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/fledge-cli/fledge/internal/safehttp"
)

// fakeFedi is a whole simulated fediverse behind one TLS listener: the
// handler routes on the Host header, and a fake resolver sends every name
// to the listener. It records the peak number of requests in flight per
// host, which is what the politeness rules are about.
type fakeFedi struct {
	srv   *httptest.Server
	addr  netip.AddrPort
	pool  *x509.CertPool
	delay time.Duration

	mu       sync.Mutex
	accounts map[string]*fakeAccount     // "user@host", lower case
	hosts    map[string]http.HandlerFunc // per-host overrides
	inflight map[string]int
	peak     map[string]int
	requests atomic.Int64
}

type fakeAccount struct {
	User, Host string
	Summary    string
	Fields     []ProfileField
	MovedTo    string // actor URI
}

func (a *fakeAccount) actorURI() string { return "https://" + a.Host + "/users/" + a.User }

func newFakeFedi(tb testing.TB) *fakeFedi {
	tb.Helper()
	f := &fakeFedi{
		accounts: map[string]*fakeAccount{},
		hosts:    map[string]http.HandlerFunc{},
		inflight: map[string]int{},
		peak:     map[string]int{},
	}
	cert, pool := fakeCert(tb)
	f.pool = pool
	f.srv = httptest.NewUnstartedServer(http.HandlerFunc(f.serve))
	f.srv.TLS = &tls.Config{Certificates: []tls.Certificate{cert}}
	f.srv.StartTLS()
	tb.Cleanup(f.srv.Close)
	f.addr = netip.MustParseAddrPort(f.srv.Listener.Addr().String())
	return f
}

// fakeCert makes a fast ECDSA certificate for *.example.com so a thousand
// simulated hosts cost little CPU in handshakes.
func fakeCert(tb testing.TB) (tls.Certificate, *x509.CertPool) {
	tb.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		tb.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber:          big.NewInt(1),
		Subject:               pkix.Name{CommonName: "fake fediverse"},
		NotBefore:             time.Now().Add(-time.Hour),
		NotAfter:              time.Now().Add(24 * time.Hour),
		DNSNames:              []string{"example.com", "*.example.com", "bsky.brid.gy", "threads.net", "www.threads.net"},
		IPAddresses:           []net.IP{net.IPv4(127, 0, 0, 1)},
		KeyUsage:              x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign,
		ExtKeyUsage:           []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		BasicConstraintsValid: true,
		IsCA:                  true,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		tb.Fatal(err)
	}
	c, err := x509.ParseCertificate(der)
	if err != nil {
		tb.Fatal(err)
	}
	pool := x509.NewCertPool()
	pool.AddCert(c)
	return tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key, Leaf: c}, pool
}

// Resolve sends every name to the fake server.
func (f *fakeFedi) Resolve(context.Context, string, string) ([]netip.AddrPort, error) {
	return []netip.AddrPort{f.addr}, nil
}

func (f *fakeFedi) client(timeout time.Duration) *http.Client {
	return safehttp.NewClient(safehttp.Options{AllowPrivate: true, Resolver: f, RootCAs: f.pool, Timeout: timeout})
}

func (f *fakeFedi) add(a *fakeAccount) *fakeAccount {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.accounts[strings.ToLower(a.User+"@"+a.Host)] = a
	return a
}

func (f *fakeFedi) on(host string, h http.HandlerFunc) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.hosts[host] = h
}

func (f *fakeFedi) maxPeak() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	p := 0
	for _, n := range f.peak {
		p = max(p, n)
	}
	return p
}

func (f *fakeFedi) serve(w http.ResponseWriter, r *http.Request) {
	host := r.Host
	if h, _, err := net.SplitHostPort(host); err == nil {
		host = h
	}
	f.requests.Add(1)
	f.mu.Lock()
	f.inflight[host]++
	f.peak[host] = max(f.peak[host], f.inflight[host])
	override := f.hosts[host]
	f.mu.Unlock()
	defer func() {
		f.mu.Lock()
		f.inflight[host]--
		f.mu.Unlock()
	}()
	if f.delay > 0 {
		time.Sleep(f.delay)
	}
	if override != nil {
		override(w, r)
		return
	}
	f.serveStandard(w, r, host)
}

// serveStandard behaves like a Mastodon server for the accounts on host.
func (f *fakeFedi) serveStandard(w http.ResponseWriter, r *http.Request, host string) {
	switch {
	case r.URL.Path == "/.well-known/webfinger":
		acct, _ := strings.CutPrefix(r.URL.Query().Get("resource"), "acct:")
		f.mu.Lock()
		a := f.accounts[strings.ToLower(acct)]
		f.mu.Unlock()
		if a == nil || !strings.EqualFold(a.Host, host) {
			http.NotFound(w, r)
			return
		}
		writeJSON(w, "application/jrd+json", map[string]any{
			"subject": "acct:" + a.User + "@" + a.Host,
			"aliases": []string{"https://" + a.Host + "/@" + a.User, a.actorURI()},
			"links": []map[string]string{
				{"rel": "http://webfinger.net/rel/profile-page", "type": "text/html", "href": "https://" + a.Host + "/@" + a.User},
				{"rel": "self", "type": "application/activity+json", "href": a.actorURI()},
			},
		})
	case r.URL.Path == "/.well-known/host-meta":
		w.Header().Set("Content-Type", "application/xrd+xml")
		fmt.Fprintf(w, `<?xml version="1.0" encoding="UTF-8"?><XRD xmlns="http://docs.oasis-open.org/ns/xri/xrd-1.0"><Link rel="lrdd" template="https://%s/.well-known/webfinger?resource={uri}"/></XRD>`, host)
	case strings.HasPrefix(r.URL.Path, "/users/"):
		user := strings.TrimPrefix(r.URL.Path, "/users/")
		f.mu.Lock()
		a := f.accounts[strings.ToLower(user+"@"+host)]
		f.mu.Unlock()
		if a == nil {
			http.NotFound(w, r)
			return
		}
		writeJSON(w, "application/activity+json", fakeActorDoc(a))
	default:
		http.NotFound(w, r)
	}
}

func fakeActorDoc(a *fakeAccount) map[string]any {
	doc := map[string]any{
		"@context":          []any{"https://www.w3.org/ns/activitystreams"},
		"id":                a.actorURI(),
		"type":              "Person",
		"preferredUsername": a.User,
		"name":              a.User,
		"summary":           a.Summary,
		"url":               "https://" + a.Host + "/@" + a.User,
	}
	var atts []map[string]string
	for _, fl := range a.Fields {
		atts = append(atts, map[string]string{"type": "PropertyValue", "name": fl.Name, "value": fl.Value})
	}
	if atts != nil {
		doc["attachment"] = atts
	}
	if a.MovedTo != "" {
		doc["movedTo"] = a.MovedTo
	}
	return doc
}

func writeJSON(w http.ResponseWriter, ctype string, v any) {
	w.Header().Set("Content-Type", ctype)
	_ = json.NewEncoder(w).Encode(v)
}
