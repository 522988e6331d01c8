// Package preview writes the HTML page `fledge import --preview` shows: a
// plan's posts as they will look on the server, with small embedded
// thumbnails of the pictures, the estimate and the skip and media
// reports, in one file that opens offline. It reads a plan; it never
// talks to a server.
package preview
