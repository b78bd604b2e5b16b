package main

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"flowlab/flow/data"
)

// Reference facts of the RR Lyrae table, from /work/shared/data/rrlyrae/PROVENANCE.md.
const (
	wantRows       = 93141
	wantBackground = 92658 // label 0, the first rows
	wantRRLyrae    = 483   // label 1, the last rows

	// csvSHA256 is the sha256 of rrlyrae_combined.csv (PROVENANCE.md).
	csvSHA256 = "1b65a20943dc0bebfbb8be1fef5900d07967adeac8db5ad7d45ae401bec1edd0"
	// fitsSHA256 is the sha256 of astroML-data's datasets/RRLyrae.fit (PROVENANCE.md).
	fitsSHA256 = "081d3b34e9e38d27cd22f42b0f52e08303db41810d475e41fed9643000e4818d"

	// rrlyraeChecksum is data.Dataset.Checksum of the RR Lyrae table. Derived once by parsing
	// /work/shared/data/rrlyrae/rrlyrae_combined.csv (sha256 above) with data.ParseCSV and calling
	// Checksum, and confirmed with a separate Python script that hashes the same documented byte
	// layout (struct.pack('<f') of each value). Never edit by hand.
	rrlyraeChecksum = "27380db3ffee84535d7e76eec18a9ab2cc66597f0b112bac9694e31e5533448c"
)

// wantNames are the RR Lyrae feature names, in column order.
var wantNames = []string{"u_g", "g_r", "r_i", "i_z"}

// verifyRRLyrae checks d against the reference facts and returns every mismatch, one per line.
func verifyRRLyrae(d *data.Dataset) error {
	var problems []string
	add := func(format string, args ...any) { problems = append(problems, "  "+fmt.Sprintf(format, args...)) }
	if d.Len() != wantRows {
		add("rows: %d, want %d", d.Len(), wantRows)
	}
	if n0, n1 := d.Counts(); n0 != wantBackground || n1 != wantRRLyrae {
		add("classes: %d label 0 + %d label 1, want %d + %d", n0, n1, wantBackground, wantRRLyrae)
	}
	if d.Dim != len(wantNames) || !slices.Equal(d.Names, wantNames) {
		add("features: dim %d %v, want dim %d %v", d.Dim, d.Names, len(wantNames), wantNames)
	}
	if got := d.Checksum(); got != rrlyraeChecksum {
		add("checksum: %s, want %s", got, rrlyraeChecksum)
	}
	if problems == nil {
		return nil
	}
	problems = append(problems, "  (use -allow-other to pack a different data set on purpose)")
	return errors.New(strings.Join(problems, "\n"))
}
