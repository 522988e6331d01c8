package matcher

import (
	"encoding/json"
	"encoding/xml"
	"errors"
	"fmt"
	"net/url"
	"strings"
)

// jrd is a WebFinger JSON Resource Descriptor (RFC 7033).
type jrd struct {
	Subject string    `json:"subject"`
	Aliases []string  `json:"aliases"`
	Links   []jrdLink `json:"links"`
}

type jrdLink struct {
	Rel      string `json:"rel"`
	Type     string `json:"type"`
	Href     string `json:"href"`
	Template string `json:"template"`
}

var errBadJRD = errors.New("not a WebFinger document")

// parseJRD decodes a JRD. Wrongly typed members (a numeric subject, links
// as a string) make the whole document invalid: a server that gets
// WebFinger that wrong is not one we can trust.
func parseJRD(body []byte) (*jrd, error) {
	var d jrd
	if err := json.Unmarshal(body, &d); err != nil {
		return nil, fmt.Errorf("%w: %w", errBadJRD, err)
	}
	if d.Subject == "" {
		return nil, fmt.Errorf("%w: no subject", errBadJRD)
	}
	return &d, nil
}

// activityPubSelf returns the href of the rel=self link with an
// ActivityPub media type, or "".
func (d *jrd) activityPubSelf() string {
	for _, l := range d.Links {
		if l.Rel == "self" && isActivityPubType(l.Type) && strings.HasPrefix(l.Href, "https://") {
			return l.Href
		}
	}
	return ""
}

func isActivityPubType(t string) bool {
	t = strings.ToLower(strings.TrimSpace(t))
	if t == "application/activity+json" {
		return true
	}
	return strings.HasPrefix(t, "application/ld+json") && strings.Contains(t, "https://www.w3.org/ns/activitystreams")
}

// matches reports whether the document is about resource: its subject or
// one of its aliases equals it, ignoring case.
func (d *jrd) matches(resource string) bool {
	if strings.EqualFold(d.Subject, resource) {
		return true
	}
	for _, a := range d.Aliases {
		if strings.EqualFold(a, resource) {
			return true
		}
	}
	return false
}

// subjectHandle returns the canonical @user@domain of an acct: subject.
func (d *jrd) subjectHandle() (string, bool) {
	acct, ok := strings.CutPrefix(d.Subject, "acct:")
	if !ok {
		return "", false
	}
	user, domain, ok := SplitHandle(acct)
	if !ok {
		return "", false
	}
	return "@" + user + "@" + domain, true
}

// webfingerURL is the standard WebFinger location for resource on host.
func webfingerURL(host, resource string) string {
	return "https://" + host + "/.well-known/webfinger?resource=" + url.QueryEscape(resource)
}

// xrd is the part of a host-meta document we use.
type xrd struct {
	Links []struct {
		Rel      string `xml:"rel,attr"`
		Template string `xml:"template,attr"`
	} `xml:"Link"`
}

var errNoLRDD = errors.New("host-meta has no usable lrdd template")

// lrddURL reads a host-meta XRD and fills its lrdd template with resource.
// Only https templates are used: the template host comes from the same
// untrusted server and is still subject to the dial-time address checks.
func lrddURL(body []byte, resource string) (string, error) {
	var doc xrd
	if err := xml.Unmarshal(body, &doc); err != nil {
		return "", fmt.Errorf("%w: %w", errNoLRDD, err)
	}
	for _, l := range doc.Links {
		if l.Rel != "lrdd" || !strings.Contains(l.Template, "{uri}") {
			continue
		}
		u := strings.Replace(l.Template, "{uri}", url.QueryEscape(resource), 1)
		p, err := url.Parse(u)
		if err != nil || p.Scheme != "https" || p.Host == "" {
			continue
		}
		return u, nil
	}
	return "", errNoLRDD
}

// isWebFingerMiss reports an answer that says "no such account" in JSON
// instead of a JRD: Threads answers {"success":false,"error":"Not found"}
// for people who did not turn federation on. That is a verdict about the
// account, not a broken server.
func isWebFingerMiss(body []byte) bool {
	var d struct {
		Subject string          `json:"subject"`
		Links   json.RawMessage `json:"links"`
		Success *bool           `json:"success"`
	}
	if json.Unmarshal(body, &d) != nil {
		return false
	}
	return d.Success != nil && !*d.Success && d.Subject == "" && len(d.Links) == 0
}
