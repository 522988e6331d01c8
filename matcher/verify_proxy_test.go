package matcher

import (
	"context"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"net/netip"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/fledge-cli/fledge/internal/proxytest"
	"github.com/fledge-cli/fledge/internal/safehttp"
)

// Environment of the child process that runs TestGuardProxyHelper.
const (
	envGuardProxyCA    = "FLEDGE_TEST_MATCHER_PROXY_CA"
	envGuardProxyCache = "FLEDGE_TEST_MATCHER_PROXY_CACHE"
)

// TestGuardBehindProxy: in a proxy-only network (no local DNS) a handle's
// name is refused by default, with a reason saying what to set; the
// refusal is cached as the guard's, and trusting the proxy ignores it and
// verifies the handle through the proxy. net/http reads HTTPS_PROXY once
// per process, so the verifying runs in a child.
func TestGuardBehindProxy(t *testing.T) {
	f := newFakeFedi(t)
	f.add(&fakeAccount{User: "a", Host: "one.example.com"})
	proxy := proxytest.Start(t, f.addr.String())
	ca := filepath.Join(t.TempDir(), "ca.pem")
	der := f.srv.TLS.Certificates[0].Certificate[0]
	if err := os.WriteFile(ca, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o600); err != nil {
		t.Fatal(err)
	}
	proxytest.RunHelper(t, "TestGuardProxyHelper",
		"HTTPS_PROXY="+proxy.URL(), envGuardProxyCA+"="+ca, envGuardProxyCache+"="+t.TempDir())
	if log := proxy.Log(); !slices.Contains(log, "CONNECT one.example.com:443") {
		t.Errorf("proxy log %q: the trusted run did not go through the proxy", log)
	}
}

// noDNS is a proxy-only network's resolver: nothing resolves.
type noDNS struct{}

func (noDNS) Resolve(_ context.Context, host, _ string) ([]netip.AddrPort, error) {
	return nil, errors.New("no such host " + host)
}

// TestGuardProxyHelper runs in the child process of TestGuardBehindProxy.
func TestGuardProxyHelper(t *testing.T) {
	caFile := os.Getenv(envGuardProxyCA)
	if caFile == "" {
		t.Skip("child process of TestGuardBehindProxy only")
	}
	b, err := os.ReadFile(caFile)
	if err != nil {
		t.Fatal(err)
	}
	pool := x509.NewCertPool()
	if !pool.AppendCertsFromPEM(b) {
		t.Fatal("no certificate in " + caFile)
	}
	loop := netip.MustParseAddr("127.0.0.1")
	verifier := func(trust bool, seen *refusals) *Verifier {
		cache, err := OpenCache(os.Getenv(envGuardProxyCache))
		if err != nil {
			t.Fatal(err)
		}
		names := safehttp.ProxyNamesRefuse
		if trust {
			names = safehttp.ProxyNamesTrust
		}
		client := safehttp.NewTestClient(safehttp.Options{Resolver: noDNS{}, RootCAs: pool, ProxyNames: names, Timeout: 10 * time.Second}, loop)
		return NewVerifier(VerifyOptions{Client: client, Cache: cache, MinInterval: -1, TrustProxyNames: trust, OnRefusal: seen.add})
	}
	ctx := context.Background()

	var seen refusals
	got := verifier(false, &seen).Verify(ctx, "@a@one.example.com", "")
	if got.Status != StatusUnreachable || !got.Refused {
		t.Fatalf("refusing proxy names: %s refused=%v (%v); want unreachable, refused", got.Status, got.Refused, got.Err)
	}
	for _, want := range []string{"one.example.com does not resolve here", "FLEDGE_PROXY_NAMES=trust", "--proxy-names trust"} {
		if !strings.Contains(got.Reason, want) {
			t.Errorf("reason %q lacks %q", got.Reason, want)
		}
	}
	if ev := seen.list(); len(ev) != 1 || ev[0].Kind != RefusedProxyName {
		t.Errorf("refusal events %+v, want one %s", ev, RefusedProxyName)
	}

	seen = refusals{}
	if got := verifier(false, &seen).Verify(ctx, "@a@one.example.com", ""); got.Status != StatusUnreachable {
		t.Errorf("second refusing run: %s; want the cached refusal", got.Status)
	}
	if ev := seen.list(); len(ev) != 1 || !ev[0].Cached {
		t.Errorf("second refusing run reported %+v, want one cached refusal", ev)
	}

	got = verifier(true, &refusals{}).Verify(ctx, "@a@one.example.com", "")
	if got.Status != StatusVerified || got.Refused || got.Reason != "" {
		t.Errorf("trusting the proxy: %s refused=%v reason=%q (%v); want verified through the proxy", got.Status, got.Refused, got.Reason, got.Err)
	}
}
