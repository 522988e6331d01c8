package mastodon

// AccountLimits are what update_credentials accepts. Servers advertise
// only the number of profile fields (Mastodon 4.x, configuration.accounts);
// the rest are constants of each server's code.
type AccountLimits struct {
	DisplayName int // characters
	Note        int // characters of the bio
	Fields      int // number of profile fields
	FieldName   int // characters of a field's name
	FieldValue  int // characters of a field's value
	// AvatarSize and HeaderSize are the largest accepted files, in bytes.
	AvatarSize int64
	HeaderSize int64
	ImageTypes []string // accepted MIME types of avatar and header
}

// Mastodon's avatar and header limit is 2 MB, raised to 8 MB for servers
// using libvips (mastodon/mastodon#33002, 4.4); ImageMagick support was
// removed after 4.5 (#37488), so from 4.6 every server takes 8 MB. Older
// servers may still use ImageMagick, so 2 MB is the safe answer there.
// The check is "less than", hence the -1.
const (
	mastodonSmallImageLimit = 2<<20 - 1
	mastodonLargeImageLimit = 8<<20 - 1
)

var commonImageTypes = []string{"image/jpeg", "image/png", "image/gif", "image/webp"}

// AccountLimitsFor returns the profile limits of the server p describes.
func AccountLimitsFor(p ServerProfile) AccountLimits {
	var l AccountLimits
	switch p.Software {
	case SoftwareGoToSocial:
		// internal/validate: display name 64, note 5000, field name and
		// value 255; images take the general media limit.
		l = AccountLimits{DisplayName: 64, Note: 5000, Fields: 6, FieldName: 255, FieldValue: 255,
			AvatarSize: 40 << 20, HeaderSize: 40 << 20}
		if p.Limits.ImageSizeLimit > 0 {
			l.AvatarSize, l.HeaderSize = p.Limits.ImageSizeLimit, p.Limits.ImageSizeLimit
		}
	case SoftwarePleroma, SoftwareAkkoma:
		// Pleroma's defaults: user_bio_length 5000, user_name_length 100,
		// max_account_fields 10, account_field_value_length 2048,
		// avatar and banner upload limits 2 MB.
		l = AccountLimits{DisplayName: 100, Note: 5000, Fields: 10, FieldName: 512, FieldValue: 2048,
			AvatarSize: 2_000_000, HeaderSize: 4_000_000}
	default:
		// Mastodon and servers that behave like it: display name 30,
		// note 500, 4 fields of 255 characters.
		l = AccountLimits{DisplayName: 30, Note: 500, Fields: 4, FieldName: 255, FieldValue: 255,
			AvatarSize: mastodonSmallImageLimit, HeaderSize: mastodonSmallImageLimit}
		if p.Software == SoftwareMastodon && p.Version.AtLeast(4, 6, 0) {
			l.AvatarSize, l.HeaderSize = mastodonLargeImageLimit, mastodonLargeImageLimit
		}
	}
	l.ImageTypes = commonImageTypes
	if p.Limits.MaxProfileFields > 0 {
		l.Fields = p.Limits.MaxProfileFields
	}
	if p.Limits.BioLength > 0 {
		l.Note = p.Limits.BioLength
	}
	return l
}
