package main

import (
	"bufio"
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
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/fledge-cli/fledge/internal/iostreams"
	"github.com/fledge-cli/fledge/internal/safehttp"
	"github.com/fledge-cli/fledge/matcher"
)

// slowFediverse is every host under example.com behind one TLS listener on
// loopback, answering WebFinger and actor requests for any user after a
// fixed delay, like a distant server.
type slowFediverse struct {
	srv      *httptest.Server
	addr     netip.AddrPort
	pool     *x509.CertPool
	delay    time.Duration
	requests atomic.Int64
}

func newSlowFediverse(tb testing.TB, delay time.Duration) *slowFediverse {
	tb.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		tb.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "slow fediverse"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(24 * time.Hour),
		DNSNames: []string{"*.example.com"}, IsCA: true, BasicConstraintsValid: true,
		KeyUsage: x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		tb.Fatal(err)
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		tb.Fatal(err)
	}
	f := &slowFediverse{pool: x509.NewCertPool(), delay: delay}
	f.pool.AddCert(cert)
	f.srv = httptest.NewUnstartedServer(http.HandlerFunc(f.serve))
	f.srv.TLS = &tls.Config{Certificates: []tls.Certificate{{Certificate: [][]byte{der}, PrivateKey: key, Leaf: cert}}}
	f.srv.StartTLS()
	tb.Cleanup(f.srv.Close)
	f.addr = netip.MustParseAddrPort(f.srv.Listener.Addr().String())
	return f
}

// Resolve sends every name to the listener.
func (f *slowFediverse) Resolve(context.Context, string, string) ([]netip.AddrPort, error) {
	return []netip.AddrPort{f.addr}, nil
}

func (f *slowFediverse) tune(o *matcher.VerifyOptions) {
	o.Client = safehttp.NewClient(safehttp.Options{AllowPrivate: true, Resolver: f, RootCAs: f.pool, Timeout: 30 * time.Second})
	o.AllowPrivate = true
}

func (f *slowFediverse) serve(w http.ResponseWriter, r *http.Request) {
	f.requests.Add(1)
	time.Sleep(f.delay)
	host, _, err := net.SplitHostPort(r.Host)
	if err != nil {
		host = r.Host
	}
	actor := func(user string) string { return "https://" + host + "/users/" + user }
	var doc map[string]any
	switch {
	case r.URL.Path == "/.well-known/webfinger":
		acct := strings.TrimPrefix(r.URL.Query().Get("resource"), "acct:")
		user, h, ok := strings.Cut(acct, "@")
		if !ok || !strings.EqualFold(h, host) {
			http.NotFound(w, r)
			return
		}
		doc = map[string]any{"subject": "acct:" + user + "@" + host, "links": []map[string]string{
			{"rel": "self", "type": "application/activity+json", "href": actor(user)}}}
	case strings.HasPrefix(r.URL.Path, "/users/"):
		user := strings.TrimPrefix(r.URL.Path, "/users/")
		doc = map[string]any{"@context": "https://www.w3.org/ns/activitystreams", "id": actor(user), "type": "Person",
			"preferredUsername": user, "url": "https://" + host + "/@" + user}
	default:
		http.NotFound(w, r)
		return
	}
	w.Header().Set("Content-Type", "application/activity+json")
	_ = json.NewEncoder(w).Encode(doc)
}

// BenchmarkMatch5000 runs `fledge match --profiles` online through the
// command's own code (runMatch: buildMatchConfig, the pipeline, the
// writer) over 5,000 accounts whose bios name handles on 1,000 fake hosts,
// each answering after 100 ms, with the default --concurrency. Compare
// with BenchmarkVerify5000 in package matcher, the verifier alone. Run
// with -benchtime 1x: one iteration takes about 20 s.
func BenchmarkMatch5000(b *testing.B) {
	const hosts, perHost = 1000, 5
	fedi := newSlowFediverse(b, 100*time.Millisecond)
	dir := b.TempDir()
	profiles := filepath.Join(dir, "profiles.jsonl")
	fh, err := os.Create(profiles)
	if err != nil {
		b.Fatal(err)
	}
	w := bufio.NewWriter(fh)
	for u := range perHost {
		for h := range hosts {
			i := u*hosts + h
			fmt.Fprintf(w, `{"id_str":"%d","screen_name":"bird%d","description":"now at @user%d@h%d.example.com"}`+"\n", 1000+i, i, u, h)
		}
	}
	if err := w.Flush(); err != nil {
		b.Fatal(err)
	}
	fh.Close()

	for b.Loop() {
		ios, _, out, errOut := iostreams.Test()
		run := b.TempDir()
		env := map[string]string{"HOME": run, "FLEDGE_CONFIG_DIR": filepath.Join(run, "config"),
			"FLEDGE_STATE_DIR": filepath.Join(run, "state"), "FLEDGE_CACHE_DIR": filepath.Join(run, "cache")}
		f := &factory{IO: ios, Globals: &globalOptions{}, Now: time.Now, Getenv: func(k string) string { return env[k] }, tuneVerify: fedi.tune}
		opts := &matchOptions{Profiles: []string{profiles}, Format: "jsonl", verifyFlags: defaultVerifyFlags()}
		before := fedi.requests.Load()
		start := time.Now()
		if err := runMatch(context.Background(), f, opts); err != nil {
			b.Fatalf("%v\n%s", err, errOut)
		}
		elapsed := time.Since(start)
		verified := strings.Count(out.String(), `"status":"verified"`)
		if verified != hosts*perHost {
			b.Fatalf("%d of %d handles verified\n%s", verified, hosts*perHost, errOut)
		}
		b.ReportMetric(elapsed.Seconds(), "s/match")
		b.ReportMetric(float64(fedi.requests.Load()-before), "requests")
	}
}
