package steps

// The typed options of each step. The commands fill them from their
// flags, fledge migrate from its own, and fledge run from the migration
// file; the step's run function reads nothing else.

// InspectOptions are the inspect step's.
type InspectOptions struct {
	Archive string
}

// Guard is how handles are checked over the network: whether private
// addresses may be reached, and what to do with names that only a proxy
// resolves ("" means FLEDGE_PROXY_NAMES, else refuse).
type Guard struct {
	AllowPrivate bool
	ProxyNames   string
}

// MatchOptions are the match step's, as fledge run gives them; fledge
// migrate matches with its own few.
type MatchOptions struct {
	Archive                string
	Account                string
	Profiles               []string
	Offline                bool
	Refresh                bool
	Guard                  Guard
	NoReverse              bool
	Instances              []string // nil: the matcher's default servers
	Concurrency            int      // 0: the matcher's default
	TwitterAPI             string
	ExcludeFollowing       string
	ExcludeFollowingServer bool
	Output                 string // the matches file written
}

// ArchiveMatch is how follow matches an archive it is given instead of a
// matches file.
type ArchiveMatch struct {
	Profiles []string
	Offline  bool
	Guard    Guard
}

// FollowOptions are the follow step's.
type FollowOptions struct {
	Input   string // a matches file, or an archive to match first
	Account string
	// Reblogs and Notify are nil to leave the server's default.
	Reblogs   *bool
	Notify    *bool
	Languages []string
	Max       int
	Wait      bool // sit out the day's budget and long rate limits
	DryRun    bool
	List      string
	Match     ArchiveMatch
}

// ProfileOptions are the profile step's.
type ProfileOptions struct {
	Archive     string
	Account     string
	DryRun      bool
	Yes         bool
	Profiles    []string
	TwitterAPI  string
	NoAvatar    bool
	NoHeader    bool
	TruncateBio bool
}

// NewProfileOptions are the declared defaults.
func NewProfileOptions() ProfileOptions {
	return ProfileOptions{TwitterAPI: TwitterAPI.Default}
}

// ImportOptions are the import step's.
type ImportOptions struct {
	Archive     string
	Account     string
	Job         string
	DryRun      bool
	Include     []string
	Since       string
	Until       string
	Grep        string
	ExcludeGrep string
	MinLikes    int
	OnlyMedia   bool
	IDs         string
	ExcludeIDs  string
	Alt         string
	Matches     string
	Mentions    string
	Visibility  string
	Circle      string
	Backdate    string
	Footer      string
	NoFooter    bool
	NoLanguage  bool
	StrictMedia bool
	Max         int
	NoWait      bool
	Yes         bool
	Replan      bool
}

// NewImportOptions are the declared defaults.
func NewImportOptions() ImportOptions {
	return ImportOptions{Mentions: Mentions.Default, Visibility: Visibility.Default, Circle: Circle.Default, Backdate: Backdate.Default}
}
