package app

import (
	"fmt"
	"math"

	"flowlab/flow/data"
	"flowlab/web/format"
)

// DatasetSummary is what the Data section shows about a loaded dataset.
type DatasetSummary struct {
	// Rows is the number of stars; Background and RRLyrae count labels 0 and 1.
	Rows, Background, RRLyrae int
	// Features describes the columns, in the dataset's order.
	Features []Feature
}

// Feature is one column of the dataset as the page explains it.
type Feature struct {
	// Name is the column name stored in the data, e.g. "u_g".
	Name string
	// About says what the column measures; empty for unknown names.
	About string
}

// featureAbout explains the SDSS colours of the RR Lyrae table. A colour is
// a difference of magnitudes in two filters (u ultraviolet, g green, r red,
// i and z near infrared); smaller means brighter in the first filter.
var featureAbout = map[string]string{
	"u_g": "u − g: ultraviolet minus green magnitude",
	"g_r": "g − r: green minus red magnitude",
	"r_i": "r − i: red minus near-infrared magnitude",
	"i_z": "i − z: near-infrared minus infrared magnitude",
}

// Summarize counts the classes of d and describes its features.
func Summarize(d *data.Dataset) DatasetSummary {
	n0, n1 := d.Counts()
	s := DatasetSummary{Rows: d.Len(), Background: n0, RRLyrae: n1}
	for _, name := range d.Names {
		s.Features = append(s.Features, Feature{Name: name, About: featureAbout[name]})
	}
	return s
}

// CountsText is the one-line class count, e.g. "92,658 background / 483 RR Lyrae".
func (s DatasetSummary) CountsText() string {
	return format.Thousands(s.Background) + " background / " + format.Thousands(s.RRLyrae) + " RR Lyrae"
}

// DetailText gives the table's size and class balance in words, e.g.
// "93,141 stars, 4 features. About 1 star in 193 is an RR Lyrae."
func (s DatasetSummary) DetailText() string {
	text := fmt.Sprintf("%s %s, %d %s.", format.Thousands(s.Rows), format.Plural(s.Rows, "star"), len(s.Features), format.Plural(len(s.Features), "feature"))
	if s.RRLyrae > 0 && s.Rows > 0 {
		text += fmt.Sprintf(" About 1 star in %s is an RR Lyrae.", format.Thousands(int(math.Round(float64(s.Rows)/float64(s.RRLyrae)))))
	}
	return text
}
