package archive

import (
	"errors"
	"fmt"
	"io/fs"
	"strings"
	"sync"
)

type accountCache struct {
	once sync.Once
	acct Account
	err  error
}

// Account returns the archive owner: account.js (Grailbird:
// data/js/user_details.js), else manifest.js userInfo. An archive with
// neither gives an empty Account and no error.
func (a *Archive) Account() (Account, error) {
	a.acct.once.Do(func() { a.acct.acct, a.acct.err = a.loadAccount() })
	return a.acct.acct, a.acct.err
}

func (a *Archive) loadAccount() (Account, error) {
	var acct Account
	if a.format == FormatGrailbird {
		u, err := a.userDetails()
		if err != nil {
			return acct, err
		}
		acct = Account{ID: string(u.ID), Username: u.ScreenName, DisplayName: u.FullName}
		if u.CreatedAt != "" {
			if acct.CreatedAt, err = parseDate(u.CreatedAt); err != nil {
				return acct, fmt.Errorf("%s: created_at: %w", join(a.root, "data/js/user_details.js"), err)
			}
		}
		return acct, nil
	}
	name := join(a.root, "account.js")
	err := a.eachRecord(name, func(ar *arrayReader) error {
		var rec struct {
			Account struct {
				AccountID   flexString `json:"accountId"`
				Username    string     `json:"username"`
				DisplayName string     `json:"accountDisplayName"`
				Email       string     `json:"email"`
				CreatedAt   string     `json:"createdAt"`
			} `json:"account"`
		}
		if err := ar.decode(&rec); err != nil {
			return err
		}
		r := rec.Account
		if acct.ID != "" || r.AccountID == "" {
			return nil // only the first record counts
		}
		acct = Account{ID: string(r.AccountID), Username: r.Username, DisplayName: r.DisplayName, Email: r.Email}
		if r.CreatedAt != "" {
			t, err := parseDate(r.CreatedAt)
			if err != nil {
				return ar.errorf("createdAt: %w", err)
			}
			acct.CreatedAt = t
		}
		return nil
	})
	if err != nil {
		return Account{}, err
	}
	if acct.ID == "" && a.manifest != nil {
		u := a.manifest.UserInfo
		acct = Account{ID: u.AccountID, Username: u.UserName, DisplayName: u.DisplayName}
	}
	return acct, nil
}

// userDetails is Grailbird's data/js/user_details.js.
type userDetails struct {
	ID         flexString `json:"id"`
	ScreenName string     `json:"screen_name"`
	FullName   string     `json:"full_name"`
	Bio        string     `json:"bio"`
	Location   string     `json:"location"`
	CreatedAt  string     `json:"created_at"`
}

func (a *Archive) userDetails() (userDetails, error) {
	var u userDetails
	name := join(a.root, "data/js/user_details.js")
	rc, err := a.openData(name)
	if errors.Is(err, fs.ErrNotExist) {
		return u, nil
	}
	if err != nil {
		return u, err
	}
	defer rc.Close()
	err = readObject(name, rc, &u)
	return u, a.inArchive(name, err)
}

// Profile returns the owner's profile (profile.js; Grailbird:
// user_details.js) with the avatar and header files found in
// profile_media/ (docs §5).
func (a *Archive) Profile() (Profile, error) {
	var p Profile
	if a.format == FormatGrailbird {
		u, err := a.userDetails()
		return Profile{Bio: u.Bio, Location: u.Location}, err
	}
	name := join(a.root, "profile.js")
	found := false
	err := a.eachRecord(name, func(ar *arrayReader) error {
		var rec struct {
			Profile struct {
				Description struct {
					Bio      string `json:"bio"`
					Website  string `json:"website"`
					Location string `json:"location"`
				} `json:"description"`
				Avatar string `json:"avatarMediaUrl"`
				Header string `json:"headerMediaUrl"`
			} `json:"profile"`
		}
		if err := ar.decode(&rec); err != nil {
			return err
		}
		if found {
			return nil
		}
		found = true
		r := rec.Profile
		p = Profile{Bio: r.Description.Bio, Website: r.Description.Website, Location: r.Description.Location, AvatarURL: r.Avatar, HeaderURL: r.Header}
		return nil
	})
	if err != nil {
		return Profile{}, err
	}
	acct, err := a.Account()
	if err != nil {
		return p, err
	}
	dir := join(a.root, "profile_media")
	files, _ := a.store.list(dir)
	find := func(u string) string {
		if u == "" || acct.ID == "" {
			return ""
		}
		// The avatar keeps its extension; the header URL has none and the
		// file gets one (".jpg" so far), so accept either.
		want := acct.ID + "-" + baseName(u)
		for _, f := range files {
			if f == want || strings.HasPrefix(f, want+".") {
				return join(dir, f)
			}
		}
		return ""
	}
	p.AvatarFile, p.HeaderFile = find(p.AvatarURL), find(p.HeaderURL)
	return p, nil
}
