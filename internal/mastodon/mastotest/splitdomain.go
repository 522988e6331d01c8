package mastotest

import (
	"net/http"
	"net/http/httptest"
	"net/url"
)

// SplitMode is how a handle host points at the web host.
type SplitMode int

const (
	// SplitHostMeta: WebFinger answers 404 and host-meta's lrdd template
	// names the web host.
	SplitHostMeta SplitMode = iota
	// SplitRedirect: WebFinger answers 301 to the web host's WebFinger.
	SplitRedirect
)

// StartHandleHost starts a second loopback server standing for the handle
// domain of a split-domain setup (LOCAL_DOMAIN ≠ WEB_DOMAIN), makes its
// host:port the domain of local accounts, and returns its URL. It is
// closed with the server.
func (s *Server) StartHandleHost(mode SplitMode) string {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /.well-known/webfinger", func(w http.ResponseWriter, r *http.Request) {
		if mode == SplitRedirect {
			w.Header().Set("Access-Control-Allow-Origin", "*")
			http.Redirect(w, r, s.base+"/.well-known/webfinger?"+r.URL.RawQuery, http.StatusMovedPermanently)
			return
		}
		writeJSON(w, http.StatusNotFound, map[string]string{"error": "Record not found"})
	})
	mux.HandleFunc("GET /.well-known/host-meta", func(w http.ResponseWriter, r *http.Request) {
		if mode == SplitRedirect {
			http.Redirect(w, r, s.base+"/.well-known/host-meta", http.StatusMovedPermanently)
			return
		}
		w.Header().Set("Content-Type", "application/xrd+xml; charset=utf-8")
		_, _ = w.Write([]byte(`<?xml version="1.0" encoding="UTF-8"?>` + "\n" +
			`<XRD xmlns="http://docs.oasis-open.org/ns/xri/xrd-1.0"><Link rel="lrdd" template="` +
			s.base + `/.well-known/webfinger?resource={uri}"/></XRD>`))
	})
	h := httptest.NewUnstartedServer(mux)
	if s.opts.TLS {
		h.StartTLS()
	} else {
		h.Start()
	}
	u, _ := url.Parse(h.URL)
	s.mu.Lock()
	defer s.mu.Unlock()
	s.handleHosts = append(s.handleHosts, h)
	s.opts.Domain = u.Host
	return h.URL
}
