package matcher

import (
	"strings"
	"testing"
)

func TestParseJRD(t *testing.T) {
	tests := []struct {
		body, self string
		ok         bool
	}{
		{`{"subject":"acct:a@b.example","links":[{"rel":"self","type":"application/activity+json","href":"https://b.example/u/a"}]}`, "https://b.example/u/a", true},
		{`{"subject":"acct:a@b.example","links":[{"rel":"self","type":"application/ld+json; profile=\"https://www.w3.org/ns/activitystreams\"","href":"https://b.example/u/a"}]}`, "https://b.example/u/a", true},
		{`{"subject":"acct:a@b.example","links":[{"rel":"self","type":"text/html","href":"https://b.example/u/a"}]}`, "", true},
		{`{"subject":"acct:a@b.example","links":[{"rel":"self","type":"application/activity+json","href":"http://b.example/u/a"}]}`, "", true},
		{`{"subject":5}`, "", false},
		{`{"links":[]}`, "", false},
		{`[]`, "", false},
		{`<html>`, "", false},
	}
	for _, tt := range tests {
		d, err := parseJRD([]byte(tt.body))
		if (err == nil) != tt.ok {
			t.Errorf("parseJRD(%s): err %v", tt.body, err)
			continue
		}
		if d != nil && d.activityPubSelf() != tt.self {
			t.Errorf("parseJRD(%s): self %q, want %q", tt.body, d.activityPubSelf(), tt.self)
		}
	}
}

func TestLRDD(t *testing.T) {
	tests := []struct{ body, want string }{
		{`<XRD><Link rel="lrdd" template="https://w.example/wf?r={uri}"/></XRD>`, "https://w.example/wf?r=acct%3Aa%40b.example"},
		{`<XRD><Link rel="lrdd" template="http://w.example/wf?r={uri}"/></XRD>`, ""},
		{`<XRD><Link rel="lrdd" template="https://w.example/wf"/></XRD>`, ""},
		{`<XRD><Link rel="other" template="https://w.example/{uri}"/></XRD>`, ""},
		{`not xml`, ""},
	}
	for _, tt := range tests {
		got, err := lrddURL([]byte(tt.body), "acct:a@b.example")
		if got != tt.want || (err == nil) != (tt.want != "") {
			t.Errorf("lrddURL(%s) = %q, %v; want %q", tt.body, got, err, tt.want)
		}
	}
}

func FuzzParseJRD(f *testing.F) {
	f.Add([]byte(`{"subject":"acct:a@b.example","aliases":["x"],"links":[{"rel":"self","type":"application/activity+json","href":"https://b.example/u/a"}]}`))
	f.Add([]byte(`{"subject":5,"links":"self"}`))
	f.Add([]byte(strings.Repeat("@", 100)))
	f.Add([]byte(`{"success":false,"error":"Not found"}`))
	f.Add([]byte(`{"success":false,"subject":"acct:a@b.example"}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		d, err := parseJRD(b)
		if isWebFingerMiss(b) && err == nil && d.activityPubSelf() != "" {
			t.Fatal("a JRD with a self link read as a miss")
		}
		if err != nil {
			return
		}
		if d.Subject == "" {
			t.Fatal("accepted a JRD with no subject")
		}
		d.activityPubSelf()
		d.matches("acct:a@b.example")
		d.subjectHandle()
	})
}

func FuzzHostMeta(f *testing.F) {
	f.Add([]byte(`<XRD><Link rel="lrdd" template="https://w.example/wf?r={uri}"/></XRD>`))
	f.Add([]byte(`<XRD><Link rel="lrdd" template="{uri}{uri}"/></XRD>`))
	f.Fuzz(func(t *testing.T, b []byte) {
		u, err := lrddURL(b, "acct:a@b.example")
		if err == nil && !strings.HasPrefix(u, "https://") {
			t.Fatalf("non-https template accepted: %q", u)
		}
	})
}

func TestIsWebFingerMiss(t *testing.T) {
	for body, want := range map[string]bool{
		`{"success":false,"error":"Not found"}`:          true,
		`{"success": false}`:                             true,
		`{"success":true}`:                               false,
		`{"error":"Not found"}`:                          false,
		`{"success":false,"subject":"acct:a@b.example"}`: false,
		`{"success":false,"links":[{"rel":"self"}]}`:     false,
		`{"subject":"acct:a@b.example","links":[]}`:      false,
		`<html>Not found</html>`:                         false,
		`[{"success":false}]`:                            false,
		``:                                               false,
		`{"success":"false","error":"a string is not a verdict"}`: false,
	} {
		if got := isWebFingerMiss([]byte(body)); got != want {
			t.Errorf("isWebFingerMiss(%s) = %v, want %v", body, got, want)
		}
	}
}
