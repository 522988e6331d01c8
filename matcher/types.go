package matcher

// Field names the part of a profile a candidate was found in.
type Field string

const (
	FieldName     Field = "name"
	FieldBio      Field = "bio"
	FieldLocation Field = "location"
	FieldURL      Field = "url"
	FieldPinned   Field = "pinned"
	FieldReverse  Field = "reverse-lookup" // found by searching the fediverse side
)

// Form names the shape a handle was written in.
type Form string

const (
	FormAcct       Form = "acct"       // @user@domain
	FormBare       Form = "bare"       // user@domain (could be an e-mail address)
	FormURL        Form = "url"        // https://domain/@user and the other profile paths
	FormRemoteURL  Form = "remote-url" // https://domain/@user@otherhost
	FormAcctURI    Form = "acct-uri"   // acct:user@domain
	FormObfuscated Form = "obfuscated" // user [at] domain [dot] social and friends
	FormReverse    Form = "reverse"    // not written anywhere: found by reverse lookup
	FormBluesky    Form = "bluesky"    // a Bluesky handle, asked for at Bridgy Fed (@handle@bsky.brid.gy)
	FormThreads    Form = "threads"    // a threads.net or threads.com profile URL (@user@threads.net)
	FormChannel    Form = "channel"    // a PeerTube-style channel URL: the actor's type decides
)

// Status is the verification verdict for one candidate.
type Status string

const (
	StatusUnverified   Status = ""              // --offline, or not checked yet
	StatusConfirmed    Status = "confirmed"     // verified, and the profile links back to the Twitter account
	StatusVerified     Status = "verified"      // WebFinger and the actor agree the account exists (see below)
	StatusMoved        Status = "moved"         // the account moved; MovedTo always holds the target (see below)
	StatusNotFound     Status = "not_found"     // the server says there is no such account
	StatusNotFediverse Status = "not_fediverse" // the host answers but is not a fediverse server
	StatusUnreachable  Status = "unreachable"   // network error, timeout, refused host, circuit open
	StatusBridged      Status = "bridged"       // a Bluesky account that Bridgy Fed bridges: followable
	StatusNotBridged   Status = "not_bridged"   // on Bluesky, but not bridged: ProfileURL says where to ask them
	StatusGroup        Status = "group"         // the actor is a group (a channel or community), not the person
)

// What verified and moved claim, precisely:
//   - verified: WebFinger answered for the handle and its actor was read
//     and agrees; or the actor could not be read for a reason that says
//     nothing against the account (a server that shows actors only to
//     signed requests, a timeout), with Reason saying so. An actor on an
//     address the network guard refused makes the handle unreachable
//     instead: WebFinger pointing into a private network is no evidence.
//     An account whose actor says it moved to an actor that could not be
//     read stays verified, with Reason naming where it moved.
//   - moved: the actor says it moved and the target's handle is known,
//     from the target actor or from a movedTo written as a handle; MovedTo
//     is the end of the chain as far as it could be read, and Reason says
//     when the target itself could not be verified.

// MarshalText spells the zero status "unverified", so machine output
// always says whether a candidate was checked.
func (s Status) MarshalText() ([]byte, error) {
	if s == StatusUnverified {
		return []byte("unverified"), nil
	}
	return []byte(s), nil
}

// UnmarshalText reads what MarshalText writes.
func (s *Status) UnmarshalText(b []byte) error {
	if string(b) == "unverified" {
		*s = StatusUnverified
		return nil
	}
	*s = Status(b)
	return nil
}

// Candidate is one possible fediverse handle for a Twitter account, with
// the evidence for it.
type Candidate struct {
	Handle     string  `json:"handle"` // canonical @user@domain, domain lower-case
	Field      Field   `json:"field"`
	Evidence   string  `json:"evidence"` // the text it was found in, trimmed around the match
	Form       Form    `json:"form"`
	Confidence float64 `json:"confidence"`
	Status     Status  `json:"status"` // "unverified" when not checked
	MovedTo    string  `json:"moved_to,omitempty"`
	// ProfileURL is the web profile of a Bluesky or Threads candidate
	// (https://bsky.app/profile/<handle>), where a person not bridged can
	// be asked to turn bridging on.
	ProfileURL string `json:"profile_url,omitempty"`
	// Reason says in a few words why the status is no better, when it is
	// known: "timed out", a TLS error, or what the network guard refused
	// and which setting would allow it.
	Reason string `json:"reason,omitempty"`
	// refused marks a candidate the network guard refused on the way, for
	// the Summary's count.
	refused bool
}

// Match is the result for one Twitter account: every candidate, and the
// accepted handles best first.
type Match struct {
	TwitterID  string      `json:"twitter_id"`
	ScreenName string      `json:"screen_name"`
	Name       string      `json:"name"`
	Handles    []string    `json:"handles"`
	Candidates []Candidate `json:"candidates"`
	// Communities are groups the profile mentions (Lemmy communities,
	// "!name@host"): never the person's handle, listed for the reader.
	Communities []string `json:"communities,omitempty"`
	// List is the archive list the account came from ("following",
	// "followers", "blocks", "mutes"; RunConfig.List), so block and mute
	// can refuse a following list. Empty in older files and for --handles.
	List string `json:"list,omitempty"`
}
