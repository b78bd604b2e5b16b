package dataview

import (
	"strconv"

	"flowlab/flow/data"
)

// flawTexts says, for each flaw of an uploaded table (data.Flaws), which
// feature it is and what to do: leave it out. classes names the classes.
func flawTexts(flaws []data.Flaw, names []string, classes [2]string) []string {
	var out []string
	for _, f := range flaws {
		name := "“" + ColumnName(names[f.Feature]) + "”"
		if f.Same < 0 {
			out = append(out, "Feature "+name+" is "+strconv.FormatFloat(f.Value, 'g', 8, 64)+" in every row of "+classes[f.Class]+
				": a flow cannot learn the density of a single value, so training is likely to fail. Untick it under “Feature columns” and use the other columns.")
			continue
		}
		out = append(out, "Features "+name+" and “"+ColumnName(names[f.Same])+"” are equal in every row: the second copy adds nothing, and a flow cannot learn a density squeezed onto a line, so training is likely to fail. Untick one of them under “Feature columns”.")
	}
	return out
}
