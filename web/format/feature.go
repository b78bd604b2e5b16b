package format

import "strings"

// FeatureTitle writes a feature's name as the page shows it: an SDSS colour
// such as u_g (the data's column name) as "u − g", the difference of two
// magnitudes, with a true minus sign; any other name as it is.
func FeatureTitle(name string) string {
	const bands = "ugriz"
	if len(name) == 3 && name[1] == '_' && strings.IndexByte(bands, name[0]) >= 0 && strings.IndexByte(bands, name[2]) >= 0 {
		return name[:1] + " − " + name[2:]
	}
	return name
}
