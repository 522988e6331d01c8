package mastotest

import (
	"html"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"
)

const (
	idempotencyTTL   = time.Hour
	minScheduleAhead = 5 * time.Minute
	scheduledTotal   = 300
	scheduledDaily   = 25
)

type status struct {
	id         string
	owner      *account
	text       string
	spoiler    string
	visibility string
	language   string
	sensitive  bool
	inReplyTo  *status
	quoted     *status
	media      []*media
	createdAt  time.Time
	backdated  bool
	idemKey    string
}

type scheduled struct {
	id      string
	owner   *account
	at      time.Time
	draft   statusDraft
	idemKey string
}

type idemEntry struct {
	at          time.Time
	statusID    string
	scheduledID string
}

// statusDraft is a validated POST /api/v1/statuses request.
type statusDraft struct {
	text, spoiler, visibility, language string
	sensitive                           bool
	inReplyTo, quoted                   *status
	media                               []*media
}

func (s *Server) postStatus(c *call) {
	u, now := c.user, s.now()
	key := c.r.Header.Get("Idempotency-Key")
	if s.opts.gts() {
		key = "" // GoToSocial ignores the header: a retry makes a duplicate.
	}
	if key != "" && s.replayIdempotent(c, key, now) {
		return
	}
	d, ok := s.draft(c)
	if !ok {
		return
	}
	if at := c.p.get("scheduled_at"); at != "" {
		if done := s.handleScheduledAt(c, d, at, key, now); done {
			return
		}
	}
	if !s.familyCheck(c, "statuses", s.opts.Limits.Statuses) {
		return
	}
	st := s.createStatus(u, d, now, false, key)
	s.familyRecord(c, "statuses", s.opts.Limits.Statuses)
	if key != "" {
		u.idem[key] = idemEntry{at: now, statusID: st.id}
	}
	writeJSON(c.w, 200, s.renderStatus(st))
}

// replayIdempotent answers a repeated Idempotency-Key with the status (or
// scheduled status) created the first time. Keys live for one hour.
func (s *Server) replayIdempotent(c *call, key string, now time.Time) bool {
	for k, e := range c.user.idem {
		if now.Sub(e.at) >= idempotencyTTL {
			delete(c.user.idem, k)
		}
	}
	e, ok := c.user.idem[key]
	if !ok {
		return false
	}
	if e.scheduledID != "" {
		if sc := s.scheduled[e.scheduledID]; sc != nil {
			writeJSON(c.w, 200, s.renderScheduled(sc))
			return true
		}
		e.statusID = s.publishedFrom(e.scheduledID)
	}
	if st := s.statuses[e.statusID]; st != nil {
		writeJSON(c.w, 200, s.renderStatus(st))
	} else {
		s.notFound(c)
	}
	return true
}

// draft reads and validates the status fields; it answers on failure.
func (s *Server) draft(c *call) (statusDraft, bool) {
	p := c.p
	d := statusDraft{
		text: p.get("status"), spoiler: p.get("spoiler_text"), visibility: p.get("visibility"),
		language: p.get("language"), sensitive: p.boolean("sensitive", false),
	}
	if d.visibility == "" {
		d.visibility = "public"
	}
	if !slices.Contains([]string{"public", "unlisted", "private", "direct"}, d.visibility) {
		s.invalid(c, "Visibility is not included in the list")
		return d, false
	}
	if id := p.get("in_reply_to_id"); id != "" {
		d.inReplyTo = s.statuses[id]
		if d.inReplyTo == nil || !s.visible(d.inReplyTo, c.user) {
			s.fail(c, http.StatusNotFound, "The post you are trying to reply to does not appear to exist.")
			return d, false
		}
	}
	if id := p.get("quoted_status_id"); id != "" && !s.opts.gts() && s.opts.APIVersion >= 7 {
		d.quoted = s.statuses[id]
		if d.quoted == nil || !s.visible(d.quoted, c.user) {
			s.fail(c, http.StatusNotFound, "The post you are trying to quote does not appear to exist.")
			return d, false
		}
		if d.quoted.owner != c.user && (d.quoted.visibility == "private" || d.quoted.visibility == "direct") {
			s.forbidden(c)
			return d, false
		}
	}
	if !s.attachMedia(c, &d) {
		return d, false
	}
	return d, s.checkLength(c, d)
}

func (s *Server) attachMedia(c *call, d *statusDraft) bool {
	ids := c.p.all("media_ids")
	if len(ids) == 0 {
		return true
	}
	if n := s.opts.Instance.MaxMediaAttachments; len(ids) > n {
		s.unprocessable(c, "Cannot attach more than "+strconv.Itoa(n)+" files")
		return false
	}
	var missing []string
	for _, id := range ids {
		m := s.media[id]
		if m == nil || m.owner != c.user || m.statusID != "" {
			missing = append(missing, id)
			continue
		}
		d.media = append(d.media, m)
	}
	if len(missing) > 0 {
		s.unprocessable(c, "Media with IDs "+strings.Join(missing, ", ")+" not found or already attached to another post")
		return false
	}
	images, others := 0, 0
	for _, m := range d.media {
		if m.kind == "image" {
			images++
		} else {
			others++
		}
	}
	if images > 0 && others > 0 || others > 1 {
		s.unprocessable(c, "Cannot attach a video to a post that already contains images")
		return false
	}
	now := s.now()
	for _, m := range d.media {
		if s.mediaState(m, now) == mediaProcessing {
			s.unprocessable(c, "Cannot attach files that have not finished processing. Try again in a moment!")
			return false
		}
	}
	return true
}

func (s *Server) checkLength(c *call, d statusDraft) bool {
	if strings.TrimSpace(d.text) == "" && len(d.media) == 0 {
		if s.opts.gts() {
			s.fail(c, http.StatusBadRequest, "no status content, content warning, media, or poll provided")
		} else {
			s.invalid(c, "Text can't be blank")
		}
		return false
	}
	limit := s.opts.Instance.MaxCharacters
	if s.opts.gts() {
		if n := CountGoToSocial(d.text) + CountGoToSocial(d.spoiler); n > limit {
			s.fail(c, http.StatusBadRequest, "status too long, "+strconv.Itoa(n)+" characters provided (including content warning) but limit is "+strconv.Itoa(limit))
			return false
		}
		return true
	}
	per := s.opts.Instance.CharactersReservedPerURL
	if CountMastodon(d.text, per)+CountMastodon(d.spoiler, per) > limit {
		s.invalid(c, "Text character limit of "+strconv.Itoa(limit)+" exceeded")
		return false
	}
	return true
}

// handleScheduledAt applies the flavour's scheduled_at rules. It reports
// true when it has answered; false means "publish normally now".
func (s *Server) handleScheduledAt(c *call, d statusDraft, raw, key string, now time.Time) bool {
	at, err := time.Parse(time.RFC3339Nano, raw)
	if err != nil {
		s.invalid(c, "Scheduled at is not a valid date: "+strconv.Quote(raw))
		return true
	}
	at = at.UTC()
	if s.opts.gts() {
		return s.gtsScheduledAt(c, d, at, now)
	}
	if !at.After(now) {
		return false // Mastodon drops a past scheduled_at and publishes now.
	}
	if at.Before(now.Add(minScheduleAhead)) {
		s.invalid(c, "Scheduled at The scheduled date must be in the future")
		return true
	}
	if !s.scheduleWithinLimits(c, at) {
		return true
	}
	sc := &scheduled{id: s.ids.next(now), owner: c.user, at: at, draft: d, idemKey: key}
	s.scheduled[sc.id] = sc
	for _, m := range d.media {
		m.statusID = "scheduled:" + sc.id
	}
	if key != "" {
		c.user.idem[key] = idemEntry{at: now, scheduledID: sc.id}
	}
	writeJSON(c.w, 200, s.renderScheduled(sc))
	return true
}

func (s *Server) scheduleWithinLimits(c *call, at time.Time) bool {
	total, daily := 0, 0
	for _, sc := range s.scheduled {
		if sc.owner != c.user {
			continue
		}
		total++
		if sc.at.Truncate(24 * time.Hour).Equal(at.Truncate(24 * time.Hour)) {
			daily++
		}
	}
	switch {
	case total >= scheduledTotal:
		s.invalid(c, "Scheduled at You have exceeded the limit of "+strconv.Itoa(scheduledTotal)+" scheduled posts")
	case daily >= scheduledDaily:
		s.invalid(c, "Scheduled at You have exceeded the limit of "+strconv.Itoa(scheduledDaily)+" scheduled posts for today")
	default:
		return true
	}
	return false
}

// gtsScheduledAt: before 0.18 the field is ignored; from 0.18 a past time
// backfills a quiet status; future times are 501 until 0.20, which
// schedules them (at least 5 minutes ahead).
func (s *Server) gtsScheduledAt(c *call, d statusDraft, at, now time.Time) bool {
	if !versionAtLeast(s.opts.Version, 0, 18) {
		return false
	}
	if at.After(now) {
		if !versionAtLeast(s.opts.Version, 0, 20) {
			s.fail(c, http.StatusNotImplemented, "scheduled statuses are not yet supported")
			return true
		}
		if at.Before(now.Add(minScheduleAhead)) {
			s.fail(c, http.StatusUnprocessableEntity, "scheduled_at must be at least 5 minutes in the future")
			return true
		}
		if !s.scheduleWithinLimits(c, at) {
			return true
		}
		sc := &scheduled{id: s.ids.next(now), owner: c.user, at: at, draft: d}
		s.scheduled[sc.id] = sc
		writeJSON(c.w, 200, s.renderScheduled(sc))
		return true
	}
	switch {
	case s.opts.DisableBackdating:
		s.fail(c, http.StatusForbidden, "backdating statuses has been disabled on this instance")
	case at.Unix() <= 0:
		s.fail(c, http.StatusNotAcceptable, "scheduled_at cannot be at or before the Unix epoch")
	case d.inReplyTo != nil && d.inReplyTo.owner != c.user:
		s.fail(c, http.StatusForbidden, "backdated statuses can only reply to your own statuses")
	case mentionsOthers(d.text, c.user.username):
		s.fail(c, http.StatusForbidden, "backdated statuses cannot mention other accounts")
	case c.p.has("poll[options]"):
		s.fail(c, http.StatusForbidden, "backdated statuses cannot contain polls")
	default:
		st := s.createStatus(c.user, d, at, true, "")
		writeJSON(c.w, 200, s.renderStatus(st))
	}
	return true
}

func mentionsOthers(text, self string) bool {
	for _, m := range mentionRE.FindAllStringSubmatchIndex(text, -1) {
		if !mentionBoundary(text, m[0]) {
			continue
		}
		if !strings.EqualFold(text[m[2]:m[3]], self) || m[4] >= 0 {
			return true
		}
	}
	return false
}

// createStatus stores a status; backdated ones take their id from at.
func (s *Server) createStatus(u *account, d statusDraft, at time.Time, backdated bool, key string) *status {
	id := s.statusID(at, backdated)
	st := &status{
		id: id, owner: u, text: d.text, spoiler: d.spoiler, visibility: d.visibility, language: d.language,
		sensitive: d.sensitive, inReplyTo: d.inReplyTo, quoted: d.quoted, media: d.media,
		createdAt: at, backdated: backdated, idemKey: key,
	}
	for _, m := range d.media {
		m.statusID = st.id
	}
	s.statuses[st.id] = st
	i, _ := slices.BinarySearchFunc(u.statuses, st.id, cmpID)
	u.statuses = slices.Insert(u.statuses, i, st.id)
	return st
}

// publishDue publishes scheduled statuses whose time has come. Called with
// s.mu held on every routed request, so the injected clock drives it.
func (s *Server) publishDue() {
	now := s.now()
	for id, sc := range s.scheduled {
		if sc.at.After(now) {
			continue
		}
		st := s.createStatus(sc.owner, sc.draft, sc.at, false, sc.idemKey)
		s.published[id] = st.id
		delete(s.scheduled, id)
	}
}

func (s *Server) publishedFrom(scheduledID string) string { return s.published[scheduledID] }

// visible: public and unlisted statuses are visible to all; private and
// direct ones only to their author in this fake.
func (s *Server) visible(st *status, viewer *account) bool {
	return st.visibility == "public" || st.visibility == "unlisted" || st.owner == viewer
}

func (s *Server) getStatus(c *call) {
	st := s.statuses[c.r.PathValue("id")]
	if st == nil || !s.visible(st, c.user) {
		s.notFound(c)
		return
	}
	writeJSON(c.w, 200, s.renderStatus(st))
}

func (s *Server) deleteStatus(c *call) {
	st := s.statuses[c.r.PathValue("id")]
	if st == nil || !s.visible(st, c.user) {
		s.notFound(c)
		return
	}
	if st.owner != c.user {
		s.forbidden(c)
		return
	}
	delete(s.statuses, st.id)
	st.owner.statuses = slices.DeleteFunc(st.owner.statuses, func(id string) bool { return id == st.id })
	j := s.renderStatus(st)
	j.Text = &st.text
	writeJSON(c.w, 200, j)
}

func (s *Server) accountStatuses(c *call) {
	a := s.target(c)
	if a == nil {
		return
	}
	var list []*status
	if !c.p.boolean("pinned", false) {
		for _, id := range a.statuses {
			st := s.statuses[id]
			switch {
			case !s.visible(st, c.user):
			case c.p.boolean("exclude_replies", false) && st.inReplyTo != nil:
			case c.p.boolean("only_media", false) && len(st.media) == 0:
			default:
				list = append(list, st)
			}
		}
	}
	limit := intParam(c.p.get("limit"), 20, 40)
	// GoToSocial compares ids as strings in SQL (id < max_id, id > min_id),
	// so any value bounds the page; Mastodon ignores a non-numeric one.
	page := paginate(list, func(st *status) string { return st.id }, c.p, limit, s.opts.gts())
	out := make([]*statusJSON, 0, len(page))
	for _, st := range page {
		out = append(out, s.renderStatus(st))
	}
	if len(page) > 0 {
		s.setLink(c, page[0].id, page[len(page)-1].id, len(page), limit, "exclude_replies", "only_media")
	}
	writeJSON(c.w, 200, out)
}

type statusJSON struct {
	ID                 string       `json:"id"`
	CreatedAt          string       `json:"created_at"`
	InReplyToID        *string      `json:"in_reply_to_id"`
	InReplyToAccountID *string      `json:"in_reply_to_account_id"`
	Sensitive          bool         `json:"sensitive"`
	SpoilerText        string       `json:"spoiler_text"`
	Visibility         string       `json:"visibility"`
	Language           *string      `json:"language"`
	URI                string       `json:"uri"`
	URL                string       `json:"url"`
	RepliesCount       int          `json:"replies_count"`
	ReblogsCount       int          `json:"reblogs_count"`
	FavouritesCount    int          `json:"favourites_count"`
	EditedAt           *string      `json:"edited_at"`
	Content            string       `json:"content"`
	Text               *string      `json:"text,omitempty"`
	Reblog             any          `json:"reblog"`
	Account            *accountJSON `json:"account"`
	MediaAttachments   []*mediaJSON `json:"media_attachments"`
	Mentions           []any        `json:"mentions"`
	Tags               []any        `json:"tags"`
	Emojis             []any        `json:"emojis"`
	Card               any          `json:"card"`
	Poll               any          `json:"poll"`
	Quote              *quoteJSON   `json:"quote,omitempty"`
}

type quoteJSON struct {
	State        string      `json:"state"`
	QuotedStatus *statusJSON `json:"quoted_status"`
}

func timeJSON(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05.000Z") }

func contentHTML(text string) string {
	if text == "" {
		return ""
	}
	return "<p>" + strings.ReplaceAll(html.EscapeString(text), "\n", "<br />") + "</p>"
}

func (s *Server) renderStatus(st *status) *statusJSON {
	return s.renderStatusDepth(st, 0)
}

func (s *Server) renderStatusDepth(st *status, depth int) *statusJSON {
	j := &statusJSON{
		ID: st.id, CreatedAt: timeJSON(st.createdAt), Sensitive: st.sensitive, SpoilerText: st.spoiler,
		Visibility: st.visibility, URI: s.base + "/users/" + st.owner.username + "/statuses/" + st.id,
		URL: s.base + "/@" + st.owner.username + "/" + st.id, Content: contentHTML(st.text),
		Account: s.renderAccount(st.owner), MediaAttachments: []*mediaJSON{},
		Mentions: []any{}, Tags: []any{}, Emojis: []any{},
	}
	if st.language != "" {
		j.Language = &st.language
	}
	if st.inReplyTo != nil {
		j.InReplyToID, j.InReplyToAccountID = &st.inReplyTo.id, &st.inReplyTo.owner.id
	}
	for _, m := range st.media {
		j.MediaAttachments = append(j.MediaAttachments, s.renderMedia(m, s.now()))
	}
	if st.quoted != nil && depth == 0 {
		j.Quote = &quoteJSON{State: "accepted", QuotedStatus: s.renderStatusDepth(st.quoted, 1)}
	}
	return j
}

type scheduledJSON struct {
	ID               string         `json:"id"`
	ScheduledAt      string         `json:"scheduled_at"`
	Params           map[string]any `json:"params"`
	MediaAttachments []*mediaJSON   `json:"media_attachments"`
}

func (s *Server) renderScheduled(sc *scheduled) *scheduledJSON {
	d := sc.draft
	ids := []string{}
	media := []*mediaJSON{}
	for _, m := range d.media {
		ids = append(ids, m.id)
		media = append(media, s.renderMedia(m, s.now()))
	}
	var reply any
	if d.inReplyTo != nil {
		reply = d.inReplyTo.id
	}
	var idem any
	if sc.idemKey != "" {
		idem = sc.idemKey
	}
	return &scheduledJSON{
		ID: sc.id, ScheduledAt: timeJSON(sc.at), MediaAttachments: media,
		Params: map[string]any{
			"text": d.text, "media_ids": ids, "sensitive": d.sensitive, "spoiler_text": d.spoiler,
			"visibility": d.visibility, "language": d.language, "in_reply_to_id": reply,
			"idempotency": idem, "scheduled_at": nil, "poll": nil, "application_id": 1, "with_rate_limit": false,
		},
	}
}
