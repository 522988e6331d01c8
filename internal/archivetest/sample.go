package archivetest

// SampleOptions are the options of the committed sample archive,
// archive/testdata/sample-archive.zip, used by the README's quick start.
// Tests that read the sample can call Write with them into a temporary
// directory to obtain its Expected summary.
func SampleOptions() Options {
	return Options{
		Era:        EraGDPR,
		Tweets:     400,
		Parts:      2,
		Seed:       20260306,
		Zip:        true,
		Notes:      6,
		EditChains: 4,
		Following:  60,
		Followers:  85,
		Blocks:     4,
		Mutes:      3,
		Likes:      40,
		Lists:      5,
	}
}
