package mastotest

import (
	"bytes"
	"mime/multipart"
	"net/textproto"
	"net/url"
	"strings"
	"testing"
)

// jpegHead makes a body that sniffs as JPEG, padded to size bytes.
func jpegHead(size int) []byte {
	b := append([]byte("\xff\xd8\xff\xe0\x00\x10JFIF\x00"), bytes.Repeat([]byte{0}, max(0, size-11))...)
	return b[:max(size, 11)]
}

// credentialsBody builds a multipart update_credentials request; images
// maps "avatar"/"header" to file contents.
func credentialsBody(t *testing.T, fields []string, images map[string][]byte) *multipartBody {
	t.Helper()
	mb := &multipartBody{}
	w := multipart.NewWriter(&mb.buf)
	for i := 0; i+1 < len(fields); i += 2 {
		if err := w.WriteField(fields[i], fields[i+1]); err != nil {
			t.Fatal(err)
		}
	}
	for kind, data := range images {
		h := textproto.MIMEHeader{}
		h.Set("Content-Disposition", `form-data; name="`+kind+`"; filename="`+kind+`.jpg"`)
		h.Set("Content-Type", "image/jpeg")
		part, err := w.CreatePart(h)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := part.Write(data); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	mb.ct = w.FormDataContentType()
	return mb
}

type credAccount struct {
	DisplayName string `json:"display_name"`
	Note        string `json:"note"`
	Avatar      string `json:"avatar"`
	Header      string `json:"header"`
	Source      struct {
		Note   string `json:"note"`
		Fields []struct {
			Name  string `json:"name"`
			Value string `json:"value"`
		} `json:"fields"`
	} `json:"source"`
}

func TestUpdateCredentialsSetsProfile(t *testing.T) {
	s := newTestServer(t, Options{})
	alice := s.AddAccount("alice", AccountOptions{DisplayName: "Alice", Fields: []Field{{"Pronouns", "she/her"}}})
	body := credentialsBody(t, []string{
		"display_name", "  Alice W. ",
		"note", "Hello & welcome",
		"fields_attributes[1][name]", "Twitter",
		"fields_attributes[1][value]", "https://twitter.com/alice",
		"fields_attributes[0][name]", "Pronouns",
		"fields_attributes[0][value]", "she/her",
		"fields_attributes[2][name]", "",
		"fields_attributes[2][value]", "dropped: blank name",
	}, map[string][]byte{"avatar": jpegHead(300)})
	r := do(t, s, alice.Token, "PATCH", "/api/v1/accounts/update_credentials", body)
	wantCode(t, r, 200)
	var got credAccount
	r.json(t, &got)
	if got.DisplayName != "Alice W." || got.Source.Note != "Hello & welcome" || got.Note != "<p>Hello &amp; welcome</p>" {
		t.Errorf("account = %+v", got)
	}
	if len(got.Source.Fields) != 2 || got.Source.Fields[0].Name != "Pronouns" || got.Source.Fields[1].Value != "https://twitter.com/alice" {
		t.Errorf("fields = %+v", got.Source.Fields)
	}
	if !strings.Contains(got.Avatar, "/system/accounts/avatars/") || strings.Contains(got.Header, "/system/") {
		t.Errorf("avatar %q header %q", got.Avatar, got.Header)
	}
	av, hd := s.ProfileImages("alice")
	if av == nil || av.Size != 300 || av.FileName != "avatar.jpg" || hd != nil {
		t.Errorf("ProfileImages = %+v, %+v", av, hd)
	}

	// verify_credentials now shows the new text.
	r = do(t, s, alice.Token, "GET", "/api/v1/accounts/verify_credentials", nil)
	wantCode(t, r, 200)
	var me credAccount
	r.json(t, &me)
	if me.DisplayName != "Alice W." || me.Source.Note != "Hello & welcome" || len(me.Source.Fields) != 2 {
		t.Errorf("verify_credentials = %+v", me)
	}

	// Leaving fields out of the request keeps them.
	r = do(t, s, alice.Token, "PATCH", "/api/v1/accounts/update_credentials", url.Values{"display_name": {"A"}})
	wantCode(t, r, 200)
	r.json(t, &me)
	if me.DisplayName != "A" || len(me.Source.Fields) != 2 || me.Source.Note != "Hello & welcome" {
		t.Errorf("after a partial update: %+v", me)
	}
}

func TestUpdateCredentialsValidation(t *testing.T) {
	long := func(n int) string { return strings.Repeat("a", n) }
	tests := []struct {
		name     string
		gts      bool
		fields   []string
		images   map[string][]byte
		wantCode int
		wantMsg  string
	}{
		{name: "display name too long", fields: []string{"display_name", long(31)}, wantCode: 422, wantMsg: "Display name is too long"},
		{name: "display name at the limit", fields: []string{"display_name", long(30)}, wantCode: 200},
		{name: "note too long", fields: []string{"note", long(501)}, wantCode: 422, wantMsg: "Note is too long"},
		// A URL counts as 23 characters on Mastodon.
		{name: "long URL counts as 23", fields: []string{"note", long(470) + " https://example.org/" + long(100)}, wantCode: 200},
		{name: "GTS counts URLs in full", gts: true, fields: []string{"note", long(4900) + " https://example.org/" + long(100)}, wantCode: 400, wantMsg: "Note is too long"},
		{name: "too many fields", fields: []string{
			"fields_attributes[0][name]", "a", "fields_attributes[1][name]", "b", "fields_attributes[2][name]", "c",
			"fields_attributes[3][name]", "d", "fields_attributes[4][name]", "e"}, wantCode: 422, wantMsg: "maximum is 4 fields"},
		{name: "field value too long", fields: []string{"fields_attributes[0][name]", "a", "fields_attributes[0][value]", long(256)}, wantCode: 422, wantMsg: "Fields"},
		{name: "avatar too large", images: map[string][]byte{"avatar": jpegHead(2 << 20)}, wantCode: 422, wantMsg: "Avatar file size must be less than 2 MB"},
		{name: "header not an image", images: map[string][]byte{"header": []byte("%PDF-1.4 not an image")}, wantCode: 422, wantMsg: "Header content type is invalid"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			opts := Options{}
			if tt.gts {
				opts.Software = GoToSocial
			}
			s := newTestServer(t, opts)
			alice := s.AddAccount("alice", AccountOptions{DisplayName: "Alice", Note: "old"})
			r := do(t, s, alice.Token, "PATCH", "/api/v1/accounts/update_credentials", credentialsBody(t, tt.fields, tt.images))
			wantCode(t, r, tt.wantCode)
			if tt.wantMsg != "" && !strings.Contains(r.errMsg(t), tt.wantMsg) {
				t.Errorf("error %q, want it to contain %q", r.errMsg(t), tt.wantMsg)
			}
			if tt.wantCode != 200 {
				// A refused request changes nothing.
				var me credAccount
				do(t, s, alice.Token, "GET", "/api/v1/accounts/verify_credentials", nil).json(t, &me)
				if me.DisplayName != "Alice" || me.Source.Note != "old" {
					t.Errorf("refused request changed the account: %+v", me)
				}
				if av, hd := s.ProfileImages("alice"); av != nil || hd != nil {
					t.Errorf("refused request stored images")
				}
			}
		})
	}
}

func TestUpdateCredentialsAccess(t *testing.T) {
	s := newTestServer(t, Options{})
	s.AddAccount("alice", AccountOptions{})
	ro := s.AddAccount("reader", AccountOptions{Scopes: []string{"read"}})
	wantCode(t, do(t, s, "", "PATCH", "/api/v1/accounts/update_credentials", url.Values{"note": {"x"}}), 401)
	wantCode(t, do(t, s, "not-a-token", "PATCH", "/api/v1/accounts/update_credentials", url.Values{"note": {"x"}}), 401)
	wantCode(t, do(t, s, ro.Token, "PATCH", "/api/v1/accounts/update_credentials", url.Values{"note": {"x"}}), 403)
	// The granular set fledge asked for before it needed write:accounts:
	// every write scope but that one is refused with Mastodon's body.
	old := s.AddAccount("granular", AccountOptions{Scopes: []string{"read", "write:statuses", "write:media",
		"write:follows", "write:blocks", "write:mutes", "write:lists"}})
	r := do(t, s, old.Token, "PATCH", "/api/v1/accounts/update_credentials", url.Values{"note": {"x"}})
	wantCode(t, r, 403)
	if r.errMsg(t) != "This action is outside the authorized scopes" {
		t.Errorf("403 body: %q", r.errMsg(t))
	}
	for _, scopes := range [][]string{{"write:accounts"}, {"write"}} {
		ok := s.AddAccount("w"+strings.ReplaceAll(scopes[0], ":", ""), AccountOptions{Scopes: scopes})
		wantCode(t, do(t, s, ok.Token, "PATCH", "/api/v1/accounts/update_credentials", url.Values{"note": {"x"}}), 200)
	}
}

func TestFieldsFromForm(t *testing.T) {
	v := url.Values{
		"fields_attributes[10][name]":  {"ten"},
		"fields_attributes[2][name]":   {" two "},
		"fields_attributes[2][value]":  {" 2 "},
		"fields_attributes[x][name]":   {"ignored: not an index"},
		"fields_attributes[3][value]":  {"ignored: no name"},
		"fields_attributes[99999][na]": {"ignored"},
	}
	got, ok := fieldsFromForm(v)
	if !ok || len(got) != 2 || got[0] != (Field{"two", "2"}) || got[1] != (Field{"ten", ""}) {
		t.Errorf("fieldsFromForm = %+v, %v", got, ok)
	}
	if _, ok := fieldsFromForm(url.Values{"note": {"x"}}); ok {
		t.Error("fields reported for a request without any")
	}
}
