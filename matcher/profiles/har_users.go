package profiles

import (
	"bytes"
	"cmp"
	"encoding/base64"
	"errors"
	"io"
	"strings"

	"github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"
)

// Finding Twitter users in a response body by their shape, wherever x.com
// puts them this month. A GraphQL user is an object with __typename "User"
// (or, without a __typename, a rest_id) and a legacy or core object naming
// its screen_name. A v1.1 user is an object with id_str, screen_name and a
// description but no indices (a mention in a tweet's entities has those).
//
// A user reached as core.user_results.result, or anywhere inside a Tweet
// object, is that tweet's author: timeline noise rather than a follow. So
// is a v1.1 user under a tweet's "user" member.

// memberKey names the member names the walk reacts to.
type memberKey uint8

const (
	keyOther memberKey = iota
	keyCore
	keyUserResults
	keyResult
	keyUser
	keyLegacy
)

func keyOf(name []byte) memberKey {
	switch string(name) {
	case `"core"`:
		return keyCore
	case `"user_results"`:
		return keyUserResults
	case `"result"`:
		return keyResult
	case `"user"`:
		return keyUser
	case `"legacy"`:
		return keyLegacy
	}
	return keyOther
}

// walkCtx is where a value sits: the member names of it, its parent and
// its grandparent, and whether a Tweet object encloses it.
type walkCtx struct {
	key, parent, grand memberKey
	inTweet            bool
	rewalks            int // captured values walked again on the way here
}

func (c walkCtx) child(k memberKey, inTweet bool) walkCtx {
	return walkCtx{key: k, parent: c.key, grand: c.parent, inTweet: c.inTweet || inTweet, rewalks: c.rewalks}
}

// maxRewalks bounds how often a byte is read again: each captured value
// is scanned once and walked once more, so nesting captures (a tweet in a
// tweet's legacy, its author in its core…) costs a pass per level. Real
// bodies nest four or five; a hostile one nesting "legacy" ten thousand
// deep would otherwise cost quadratic time. Deeper values are walked as
// they come, without capturing, so users there go unrecognised.
const maxRewalks = 12

const (
	typeNone = iota
	typeUser
	typeTweet
	typeOther
)

// span is a value's place in the data its decoder reads.
type span struct{ lo, hi int }

func (s span) ok() bool { return s.hi > s.lo }

// objInfo is what one object's own members told about it.
type objInfo struct {
	typename                              int
	restID, gqlID, legacy, core, location span
	idStr, screenName, description, index bool
	errors                                bool
}

// harUser is one user object found in a body.
type harUser struct {
	p      Profile
	author bool
}

// bodyWalker walks one response body. found collects the users; bad counts
// user-shaped objects whose fields could not be read.
type bodyWalker struct {
	found    []harUser
	bad      int
	decs     []*jsontext.Decoder // free decoders for walks over captured values
	rewalked int                 // bytes walked a second time (kept linear)
	unq      []byte              // an escaped member name's text…
	name     []byte              // …quoted again the plain way
}

var walkOpts = []jsontext.Options{jsontext.AllowDuplicateNames(true)}

// walk reads data, a whole response body, and appends the users in it to
// w.found. It reports whether the body's top level carried "errors" (an API
// error); a body that is not JSON is an error.
func (w *bodyWalker) walk(data []byte) (apiErrors bool, err error) {
	dec := w.decoder(data)
	defer w.release(dec)
	if dec.PeekKind() == '{' {
		info, err := w.object(dec, data, walkCtx{})
		if err != nil {
			return false, err
		}
		apiErrors = info.errors
	} else if err := w.value(dec, data, walkCtx{}); err != nil {
		return false, err
	}
	// Anything after the value makes the body invalid JSON.
	if _, err := dec.ReadToken(); !errors.Is(err, io.EOF) {
		return apiErrors, errors.New("data after the JSON value")
	}
	return apiErrors, nil
}

func (w *bodyWalker) decoder(data []byte) *jsontext.Decoder {
	var dec *jsontext.Decoder
	if n := len(w.decs); n > 0 {
		dec, w.decs = w.decs[n-1], w.decs[:n-1]
		dec.Reset(bytes.NewBuffer(data), walkOpts...)
		return dec
	}
	return jsontext.NewDecoder(bytes.NewBuffer(data), walkOpts...)
}

func (w *bodyWalker) release(dec *jsontext.Decoder) { w.decs = append(w.decs, dec) }

func (w *bodyWalker) value(dec *jsontext.Decoder, data []byte, ctx walkCtx) error {
	switch dec.PeekKind() {
	case '{':
		_, err := w.object(dec, data, ctx)
		return err
	case '[':
		if _, err := dec.ReadToken(); err != nil {
			return err
		}
		for dec.PeekKind() != ']' {
			if err := w.value(dec, data, ctx); err != nil {
				return err
			}
		}
		_, err := dec.ReadToken()
		return err
	}
	return dec.SkipValue()
}

// capture reads a value and returns where it is in data.
func capture(dec *jsontext.Decoder) (span, error) {
	v, err := dec.ReadValue()
	if err != nil {
		return span{}, err
	}
	hi := int(dec.InputOffset())
	return span{hi - len(v), hi}, nil
}

// object walks the object at the decoder's position. When its members say
// it is a user, the user is read; otherwise the values it captured (see
// noteMember) are walked in turn, since they may hold users.
func (w *bodyWalker) object(dec *jsontext.Decoder, data []byte, ctx walkCtx) (objInfo, error) {
	var o objInfo
	if _, err := dec.ReadToken(); err != nil {
		return o, err
	}
	start := int(dec.InputOffset()) - 1
	for dec.PeekKind() != '}' {
		if err := w.member(dec, data, ctx, &o); err != nil {
			return o, err
		}
	}
	if _, err := dec.ReadToken(); err != nil {
		return o, err
	}
	if w.asUser(data, start, int(dec.InputOffset()), &o, ctx) {
		return o, nil
	}
	return o, w.walkCaptured(data, &o, ctx)
}

// member reads one member of an object into o: the names that tell a user
// or a tweet are noted, other objects and arrays are walked, and the rest
// is skipped.
func (w *bodyWalker) member(dec *jsontext.Decoder, data []byte, ctx walkCtx, o *objInfo) error {
	name, err := dec.ReadValue()
	if err != nil {
		return err
	}
	if bytes.IndexByte(name, '\\') >= 0 {
		// An escaped name ("\u0072est_id"): compare its text.
		if w.unq, err = jsontext.AppendUnquote(w.unq[:0], name); err == nil {
			if w.name, err = jsontext.AppendQuote(w.name[:0], w.unq); err == nil {
				name = w.name
			}
		}
	}
	kind := dec.PeekKind()
	if read, err := noteMember(dec, name, kind, ctx, o); read || err != nil {
		return err
	}
	if kind == '{' || kind == '[' {
		return w.value(dec, data, ctx.child(keyOf(name), o.typename == typeTweet))
	}
	return dec.SkipValue()
}

// noteMember records in o what member name (quoted) says about its object.
// The values of __typename, rest_id and id are read, and those of legacy,
// core and location captured for a second look once the object is known
// not to be a user; read reports that the value was consumed.
func noteMember(dec *jsontext.Decoder, name []byte, kind jsontext.Kind, ctx walkCtx, o *objInfo) (read bool, err error) {
	switch string(name) {
	case `"__typename"`:
		if kind == '"' {
			v, err := dec.ReadValue()
			if err != nil {
				return true, err
			}
			o.typename = typenameOf(v)
			return true, nil
		}
	case `"rest_id"`:
		if kind == '"' {
			o.restID, err = capture(dec)
			return true, err
		}
	case `"id"`:
		if kind == '"' {
			o.gqlID, err = capture(dec)
			return true, err
		}
	case `"legacy"`, `"core"`, `"location"`:
		if kind == '{' && ctx.rewalks < maxRewalks {
			sp, err := capture(dec)
			switch string(name) {
			case `"legacy"`:
				o.legacy = sp
			case `"location"`:
				o.location = sp
			default:
				o.core = sp
			}
			return true, err
		}
	case `"id_str"`:
		o.idStr = kind == '"'
	case `"screen_name"`:
		o.screenName = kind == '"'
	case `"description"`:
		o.description = true
	case `"indices"`:
		o.index = true
	case `"errors"`:
		o.errors = true
	}
	return false, nil
}

// typenameOf sorts a __typename value (quoted) into typeUser, typeTweet
// or typeOther.
func typenameOf(v []byte) int {
	switch string(v) {
	case `"User"`:
		return typeUser
	case `"Tweet"`, `"TweetWithVisibilityResults"`:
		return typeTweet
	}
	return typeOther
}

// asUser reads the object data[start:end], whose members o describes, as
// a user when it is shaped like one, and reports whether it was.
func (w *bodyWalker) asUser(data []byte, start, end int, o *objInfo, ctx walkCtx) bool {
	if o.typename == typeUser || o.typename == typeNone && o.restID.ok() {
		if o.legacy.ok() || o.core.ok() {
			author := ctx.inTweet || ctx.key == keyResult && ctx.parent == keyUserResults && ctx.grand == keyCore
			if w.graphQLUser(data, o, author) {
				return true
			}
		}
	}
	if o.typename == typeNone && o.idStr && o.screenName && o.description && !o.index && ctx.key != keyLegacy {
		w.v1User(data[start:end], ctx.inTweet || ctx.key == keyUser)
		return true
	}
	return false
}

// walkCaptured walks what an object that is not a user held under core,
// legacy and location: they may hold some (a tweet's author, a retweet's
// tweet).
func (w *bodyWalker) walkCaptured(data []byte, o *objInfo, ctx walkCtx) error {
	tweet := o.typename == typeTweet
	for _, m := range []struct {
		sp  span
		key memberKey
	}{{o.core, keyCore}, {o.legacy, keyLegacy}, {o.location, keyOther}} {
		if !m.sp.ok() {
			continue
		}
		sub := data[m.sp.lo:m.sp.hi]
		w.rewalked += len(sub)
		d := w.decoder(sub)
		c := ctx.child(m.key, tweet)
		c.rewalks++
		_, err := w.object(d, sub, c)
		w.release(d)
		if err != nil {
			return err
		}
	}
	return nil
}

// gqlUser holds the parts of a GraphQL user we read: legacy has the older
// shape (and still the bio, URL and entities in the 2025 one), core and
// location the 2025 shape's names and place.
type gqlUser struct {
	ScreenName  string            `json:"screen_name"`
	Name        string            `json:"name"`
	Description string            `json:"description"`
	Location    string            `json:"location"`
	URL         string            `json:"url"`
	Entities    *jsonUserEntities `json:"entities"`
}

var unmarshalOpts = jsontext.AllowDuplicateNames(true)

// graphQLUser turns a user-shaped object into a profile through the same
// v1.1 mapping --profiles files use. It reports false when the object
// names no screen name and is not marked a User: not a user after all.
func (w *bodyWalker) graphQLUser(data []byte, o *objInfo, author bool) bool {
	var legacy, core gqlUser
	var loc struct {
		Location string `json:"location"`
	}
	var restID string
	ok := true
	for _, part := range []struct {
		sp span
		v  any
	}{{o.restID, &restID}, {o.legacy, &legacy}, {o.core, &core}, {o.location, &loc}} {
		if part.sp.ok() && json.Unmarshal(data[part.sp.lo:part.sp.hi], part.v, unmarshalOpts) != nil {
			ok = false
		}
	}
	if restID == "" && o.gqlID.ok() {
		restID = idFromGraphQL(data[o.gqlID.lo:o.gqlID.hi])
	}
	u := jsonUser{
		IDStr:       restID,
		ScreenName:  cmp.Or(core.ScreenName, legacy.ScreenName),
		Name:        cmp.Or(core.Name, legacy.Name),
		Description: legacy.Description,
		Location:    cmp.Or(loc.Location, legacy.Location),
		URL:         legacy.URL,
		Entities:    legacy.Entities,
	}
	if u.ScreenName == "" && o.typename != typeUser {
		return false
	}
	if !ok {
		w.bad++
		return true
	}
	source := SourceHAR
	if author {
		source = SourceHARAuthor
	}
	p, err := u.profile(nil, source)
	if err != nil {
		w.bad++
		return true
	}
	w.found = append(w.found, harUser{p, author})
	return true
}

// v1User reads a v1.1 user object with the --profiles reader's own decoder.
func (w *bodyWalker) v1User(raw []byte, author bool) {
	source := SourceHAR
	if author {
		source = SourceHARAuthor
	}
	ps, err := DecodeTwitterJSON(raw, source)
	if err != nil {
		w.bad++
		return
	}
	for _, p := range ps {
		w.found = append(w.found, harUser{p, author})
	}
}

// idFromGraphQL reads the numeric id out of a GraphQL node id, base64 of
// "User:<id>", for a user object that lacks rest_id.
func idFromGraphQL(quoted []byte) string {
	var s string
	if json.Unmarshal(quoted, &s) != nil {
		return ""
	}
	b, err := base64.StdEncoding.DecodeString(s)
	if err != nil {
		return ""
	}
	id, ok := strings.CutPrefix(string(b), "User:")
	if !ok || !ValidTwitterID(id) {
		return ""
	}
	return id
}
