package matcher

import (
	"reflect"
	"testing"
)

func TestParseActor(t *testing.T) {
	body := `{"id":"https://h.example.com/users/a","preferredUsername":"a","name":"A","summary":"hi",
		"url":[{"type":"Link","href":"https://h.example.com/@a"}],"movedTo":{"id":"https://n.example/users/b"},
		"alsoKnownAs":"https://old.example/users/a",
		"attachment":[{"type":"PropertyValue","name":"Twitter","value":"@a"},{"type":"Note","name":"x"},"junk"]}`
	got, err := parseActor([]byte(body))
	if err != nil {
		t.Fatal(err)
	}
	want := &Actor{ID: "https://h.example.com/users/a", PreferredUsername: "a", URL: "https://h.example.com/@a", Name: "A", Summary: "hi",
		Fields: []ProfileField{{Name: "Twitter", Value: "@a"}}, MovedTo: "https://n.example/users/b", AlsoKnownAs: []string{"https://old.example/users/a"}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %+v\nwant %+v", got, want)
	}
	for _, bad := range []string{`{}`, `{"id":5}`, `[]`, `null`, `<html>`} {
		if _, err := parseActor([]byte(bad)); err == nil {
			t.Errorf("parseActor(%s) accepted", bad)
		}
	}
	if h, ok := actorHandle(got); !ok || h != "@a@h.example.com" {
		t.Errorf("actorHandle = %q, %v", h, ok)
	}
}

func FuzzParseActor(f *testing.F) {
	f.Add([]byte(`{"id":"https://h.example.com/users/a","preferredUsername":"a","attachment":[{"type":"PropertyValue","name":"n","value":"v"}],"alsoKnownAs":["x",{"id":"y"}]}`))
	f.Add([]byte(`{"id":"x","url":{"href":5},"movedTo":[1,2]}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		a, err := parseActor(b)
		if err != nil {
			return
		}
		if a.ID == "" || len(a.Fields) > maxActorItems || len(a.AlsoKnownAs) > maxActorItems {
			t.Fatalf("bad actor accepted: %+v", a)
		}
		actorHandle(a)
	})
}
