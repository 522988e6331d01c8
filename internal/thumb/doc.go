// Package thumb makes small JPEG thumbnails of pictures from a Twitter
// archive (JPEG, PNG, GIF, WebP) for the import preview page. A picture
// is read from an untrusted archive, so its header is checked before it
// is decoded: a small file that declares a huge picture (a decompression
// bomb) is refused by its size, pixel count and the memory its decoder
// would allocate, never allocated. Scaling is golang.org/x/image/draw's;
// this package adds the guard, the box to fit and the JPEG it returns.
// It imports none of fledge's packages.
package thumb
