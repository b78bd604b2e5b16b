package flow

import (
	"fmt"
	"slices"
	"strings"
)

// Family is one kind of flow layer that New stacks Config.Layers times, with
// permutations in between. Each family registers itself from its own file
// (see registerFamily), so a new family is one new file.
type Family struct {
	Name   string // the Config.Model value, e.g. "realnvp"
	Title  string // for people, e.g. "Real NVP (affine coupling)"
	Order  int    // position in Families: lower comes first
	MinDim int    // fewest features the family can transform
	// Check reports a problem with the family's own Config fields (nil: none).
	Check func(c Config) error
	// Defaults fills the family's zero Config fields (nil: none).
	Defaults func(c *Config)
	// Layer builds one unbound layer for c.
	Layer func(c Config) Layer
	// Sizes gives the widths of one layer's conditioner network for c, input
	// first: the parameter count follows from them without building anything
	// (NumParams checks an untrusted configuration with it).
	Sizes func(c Config) []int
}

// denseParams is the number of weights and biases of a dense network with
// the given layer widths.
func denseParams(sizes []int) int {
	n := 0
	for l := 0; l+1 < len(sizes); l++ {
		n += sizes[l+1]*sizes[l] + sizes[l+1]
	}
	return n
}

// families holds every registered family by name.
var families = map[string]Family{}

// registerFamily adds f; it panics on a duplicate name (a programming error).
func registerFamily(f Family) {
	if _, dup := families[f.Name]; dup {
		panic("flow: family " + f.Name + " registered twice")
	}
	families[f.Name] = f
}

// Families returns the registered families in the order a UI offers them.
func Families() []Family {
	out := make([]Family, 0, len(families))
	for _, f := range families {
		out = append(out, f)
	}
	slices.SortFunc(out, func(a, b Family) int { return a.Order - b.Order })
	return out
}

// FamilyNames returns the Config.Model values of every family, in Families' order.
func FamilyNames() []string {
	var names []string
	for _, f := range Families() {
		names = append(names, f.Name)
	}
	return names
}

// LookupFamily returns the family named name.
func LookupFamily(name string) (Family, bool) {
	f, ok := families[name]
	return f, ok
}

// quotedOrList formats names as `"a", "b" or "c"`.
func quotedOrList(names []string) string {
	q := make([]string, len(names))
	for i, n := range names {
		q[i] = fmt.Sprintf("%q", n)
	}
	if len(q) == 1 {
		return q[0]
	}
	return strings.Join(q[:len(q)-1], ", ") + " or " + q[len(q)-1]
}
