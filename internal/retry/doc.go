// Package retry holds the mechanism the HTTP clients share when a request
// has to be repeated: reading Retry-After, exponential backoff with
// jitter, a sleep that ends with its context, and a clock that tests can
// replace. Each client keeps its own policy (how many tries, which
// failures count); this package only supplies the parts that were copied
// between them. It imports none of fledge's packages.
package retry
