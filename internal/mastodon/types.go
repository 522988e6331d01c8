package mastodon

import gomasto "github.com/mattn/go-mastodon"

// Entity types are go-mastodon's, re-exported so callers need not import it.
type (
	ID           = gomasto.ID
	Account      = gomasto.Account
	Relationship = gomasto.Relationship
	Status       = gomasto.Status
	Attachment   = gomasto.Attachment
	List         = gomasto.List
	Results      = gomasto.Results
)
