package app

import (
	"fmt"
	"math"
	"slices"
	"strings"

	"flowlab/flow/data"
	"flowlab/flow/experiment"
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
	ratio := format.Thousands(int(math.Round(float64(n0) / float64(n1))))
	correct := 100 * float64(n0) / float64(n0+n1)
	if !a.SDSS() {
		return fmt.Sprintf("With about %s points of class 0 for every point of class 1, calling everything class 0 is already %.1f%% correct: accuracy alone misleads here.", ratio, correct)
	}
	return fmt.Sprintf("With about %s background stars for every RR Lyrae, calling everything background is already %.1f%% correct: accuracy alone misleads here.",
		ratio, correct)
}

// SDSS reports whether the data in use has the RR Lyrae table's four
// colours (the bundled stars, or a table with their columns); before any
// data is loaded it is true, since the bundled stars are on their way.
func (a *App) SDSS() bool {
	if a.Data == nil {
		return colours(nil)
	}
	return colours(a.Data.Names)
}

// colours reports whether a table with these feature names (nil: none known
// yet, the bundled stars on their way) is named as the paper names its
// stars.
func colours(features []string) bool { return features == nil || IsSDSSColours(features) }

// IsSDSSColours reports whether names are the RR Lyrae table's colours.
func IsSDSSColours(names []string) bool {
	return slices.Equal(names, []string{"u_g", "g_r", "r_i", "i_z"})
}

// ClassNamesOf names the classes of d: "background" and "RR Lyrae", the
// paper's, for the SDSS colours (and before any data), "class 0" and
// "class 1" for any other table, whose classes are just its labels.
func ClassNamesOf(d *data.Dataset) [2]string {
	if d == nil {
		return ClassNamesFor(nil)
	}
	return ClassNamesFor(d.Names)
}

// ClassNamesFor is ClassNamesOf for a table with these feature names (nil:
// none known yet, the paper's names).
func ClassNamesFor(features []string) [2]string { return vocabularyOf(features).names }

// vocabulary is how the page names a table's classes and rows.
type vocabulary struct {
	names  [2]string // the classes
	plural [2]string // the rows of each class
	row    string    // one row
	rows   string    // rows
	words  *strings.Replacer
}

// newVocabulary is v with its App.Words replacer.
func newVocabulary(v vocabulary) vocabulary {
	v.words = strings.NewReplacer("{0s}", v.plural[0], "{1s}", v.plural[1], "{0}", v.names[0], "{1}", v.names[1],
		"{rows}", v.rows, "{row}", v.row)
	return v
}

// starWords name the RR Lyrae colours' classes and rows as the paper does;
// pointWords any other table's.
var (
	starWords = newVocabulary(vocabulary{names: [2]string{experiment.ClassName(0), experiment.ClassName(1)},
		plural: [2]string{"background stars", "RR Lyrae"}, row: "star", rows: "stars"})
	pointWords = newVocabulary(vocabulary{names: [2]string{"class 0", "class 1"},
		plural: [2]string{"class-0 points", "class-1 points"}, row: "point", rows: "points"})
)

// vocabularyOf is the vocabulary of a table with these feature names.
func vocabularyOf(features []string) vocabulary {
	if colours(features) {
		return starWords
	}
	return pointWords
}

// vocabulary is the vocabulary of the data in use.
func (a *App) vocabulary() vocabulary {
	if a.Data == nil {
		return vocabularyOf(nil)
	}
	return vocabularyOf(a.Data.Names)
}

// ClassNames names the classes of the data in use (see ClassNamesOf).
func (a *App) ClassNames() [2]string { return a.vocabulary().names }

// ClassName names class c of the data in use (see ClassNamesOf): class 1
// is the signal, any other label the other class, as experiment.ClassName.
func (a *App) ClassName(c int) string {
	if c == 1 {
		return a.ClassNames()[1]
	}
	return a.ClassNames()[0]
}

// Rows is the word for the data's rows: "stars" for the SDSS colours,
// "points" for any other table.
func (a *App) Rows() string { return a.vocabulary().rows }

// RowsFor is Rows for a table with these feature names (nil: none known
// yet, the bundled stars).
func RowsFor(features []string) string { return vocabularyOf(features).rows }

// TFormula is the test statistic with the data's class names, e.g.
// "t = ln p(x | background) − ln p(x | RR Lyrae)".
func (a *App) TFormula() string {
	n := a.ClassNames()
	return "t = ln p(x | " + n[0] + ") − ln p(x | " + n[1] + ")"
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

// Row is the word for one row of the data: "star" or "point" (see Rows).
func (a *App) Row() string { return a.vocabulary().row }

// Words fills in a text written for any data: {0} and {1} are the class
// names ("background", "RR Lyrae" or "class 0", "class 1"), {0s} and {1s}
// their rows ("background stars", "RR Lyrae" or "class-0 points",
// "class-1 points"), {row} and {rows} a row of either ("star(s)" or
// "point(s)"), and "{paper: …}" holds a remark about the paper, kept only
// beside the RR Lyrae colours (it may not contain "}").
func (a *App) Words(text string) string {
	return a.vocabulary().words.Replace(paperRemarks(text, a.SDSS()))
}

// TourData is the tour's first step for the data in use: what a row is and
// why one density per class would tell the classes apart.
func (a *App) TourData() string {
	n := a.ClassNames()
	first := "Each point lies in " + a.SpaceWords() + ". The two classes fill different regions"
	if a.SDSS() {
		first = "Each star is a point in " + a.SpaceWords() + ". Background stars and RR Lyrae fill different regions"
	}
	return first + ", so if we knew the probability density of each class, p(x | " + n[0] + ") and p(x | " + n[1] + "), we could tell them apart."
}

// DataCredit is the footer's line: where the data in use comes from, and
// the method. The astroML sample is credited while it is in use.
func (a *App) DataCredit() string {
	method := `Method: Moske (2022), "Normalizing Flows". Everything runs in this browser tab.`
	switch {
	case a.Data != nil && a.State.Dataset == DatasetUpload:
		return "Data: your file " + a.DataLabel + ", read in this page. " + method
	case a.Data != nil && a.Data != a.Bundled:
		return "Data: " + a.DataLabel + ", a teaching set generated in this page from its seed. " + method
	}
	return "Data: the astroML RR Lyrae sample (Sesar et al. 2010; Ivezić et al. 2007), assembled by astroML (VanderPlas et al. 2012). " + method
}

// paperRemarks keeps the text of every "{paper: …}" in text when paper is
// set, and drops it otherwise.
func paperRemarks(text string, paper bool) string {
	var b strings.Builder
	for {
		before, rest, found := strings.Cut(text, "{paper: ")
		b.WriteString(before)
		if !found {
			return b.String()
		}
		remark, after, _ := strings.Cut(rest, "}")
		if paper {
			b.WriteString(remark)
		}
		text = after
	}
}
