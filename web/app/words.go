package app

import (
	"fmt"
	"math"

	"flowlab/web/format"
)

// The explanations that name the data follow the data in use: the RR Lyrae
// colours, a 2-D teaching set or a visitor's table. These are their one
// owner; every view asks here instead of writing "four colours" itself.

// SpaceWords describes the space the data lives in, e.g. "a 4-D space of
// colours" (the bundled stars), "the plane" (a 2-D set) or "a 5-D space of
// features".
func (a *App) SpaceWords() string {
	switch {
	case a.Data == nil || a.Data == a.Bundled:
		return "a 4-D space of colours"
	case a.Data.Dim == 2:
		return "the plane (2 features)"
	}
	return fmt.Sprintf("a %d-D space of features", a.Data.Dim)
}

// FeatureWords names the features in a sentence: "these four colours",
// "these two features".
func (a *App) FeatureWords() string {
	if a.Data == nil || a.Data == a.Bundled {
		return "these four colours"
	}
	return "these " + numberWord(a.Data.Dim) + " " + format.Plural(a.Data.Dim, "feature")
}

// ImbalanceWords says how unbalanced the classes of the data in use are and
// what that does to accuracy, e.g. "With about 192 background stars for
// every RR Lyrae, calling everything background is already 99.5% correct:
// accuracy alone misleads here." It is "" for balanced data (within 2:1),
// where accuracy is a fair first look.
func (a *App) ImbalanceWords() string {
	if a.Data == nil {
		return ""
	}
	n0, n1 := a.Data.Counts()
	if n0 == 0 || n1 == 0 || n0 < 2*n1 {
		return ""
	}
	ratio := float64(n0) / float64(n1)
	correct := 100 * float64(n0) / float64(n0+n1)
	return fmt.Sprintf("With about %s background stars for every RR Lyrae, calling everything background is already %.1f%% correct: accuracy alone misleads here.",
		format.Thousands(int(math.Round(ratio))), correct)
}

func numberWord(n int) string {
	words := []string{"zero", "one", "two", "three", "four", "five", "six", "seven", "eight"}
	if n >= 0 && n < len(words) {
		return words[n]
	}
	return fmt.Sprint(n)
}

// PaperData reports whether the data in use is the paper's: the bundled RR
// Lyrae stars. Only beside them do the paper's numbers (Table III, Table I)
// mean anything; a teaching set or an upload is compared with baselines on
// its own split instead.
func (a *App) PaperData() bool { return a.Data != nil && a.Data == a.Bundled }
