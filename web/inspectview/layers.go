package inspectview

import (
	"fmt"
	"net/url"
	"strings"

	"flowlab/flow"
	"flowlab/web/format"
)

// LayerSummary describes one layer of a flow for the inspector's side list.
type LayerSummary struct {
	Index int    // position in Flow.Layers(), 0 next to the base
	Kind  string // "coupling", "maf", "spline", "permute" or "standardize"
	Title string // e.g. "Coupling 3" or "Permutation" (ledgerTitles)
	What  string // one or two plain sentences: what the layer changes
	// MeanLogDet is the layer's ln|det ∂z/∂x| (density direction) averaged
	// over the shown points.
	MeanLogDet float64
	// Pictures are small images: a permutation's arrows, a MADE network's
	// masks.
	Pictures []LayerPicture
	// Deps (MADE layers) says whether feature i's shift and scale depend on
	// feature j, Deps[i][j]; DepNames name the features in the layer's order.
	Deps     [][]bool
	DepNames []string
}

// LayerPicture is one small image in a layer's description: a data: URI
// (at most maxPictureBytes long), its size in CSS pixels, a caption and an
// alternative text saying the same in words.
type LayerPicture struct {
	URI, Caption, Alt string
	W, H              int
}

// SummarizeLayers describes every layer of f. names are the data features;
// slots is levelSlots(f.Layers()), used to name each coordinate after the
// feature it becomes; meanLogDet holds one mean per layer.
func SummarizeLayers(f *flow.Flow, names []string, slots [][]int, meanLogDet []float64) []LayerSummary {
	layers := f.Layers()
	out := make([]LayerSummary, len(layers))
	kinds := make([]string, len(layers))
	for k, l := range layers {
		kinds[k] = l.Info().Kind
	}
	titles := ledgerTitles(kinds)
	for k, l := range layers {
		info := l.Info()
		// coordName[c] names coordinate c at the input of layer k.
		coordName := make([]string, l.Dim())
		for feat, c := range slots[k] {
			coordName[c] = featureName(names, feat)
		}
		s := LayerSummary{Index: k, Kind: info.Kind, Title: titles[k]}
		if k < len(meanLogDet) {
			s.MeanLogDet = meanLogDet[k]
		}
		net := networkText(info)
		switch info.Kind {
		case "coupling":
			s.What = fmt.Sprintf("Scales and shifts %s; %s pass%s through unchanged and feed%s the network (%s) that sets the scale and shift.",
				joinNames(coordName, info.Transformed), joinNames(coordName, info.Conditioner),
				inspPick(len(info.Conditioner) == 1, "es", ""), inspPick(len(info.Conditioner) == 1, "s", ""), net)
		case "spline":
			s.What = fmt.Sprintf("Bends %s, each through its own smooth increasing curve of %d pieces on [−%s, %s] (a straight line outside); %s pass%s through unchanged and feed%s the network (%s) that shapes the curves.",
				joinNames(coordName, info.Transformed), info.Bins, format.Brief(info.TailBound), format.Brief(info.TailBound), joinNames(coordName, info.Conditioner),
				inspPick(len(info.Conditioner) == 1, "es", ""), inspPick(len(info.Conditioner) == 1, "s", ""), net)
		case "maf":
			order := make([]string, len(coordName))
			for i := range coordName {
				order[i] = coordName[i]
			}
			s.What = fmt.Sprintf("Shifts and scales every feature, each by amounts computed from the features before it in the order %s (the first by learned constants). The masks of its network (%s) enforce that order.",
				strings.Join(order, " → "), net)
			s.Pictures, s.Deps = maskPictures(info, l.Dim())
			s.DepNames = coordName
		case "permute":
			var moves []string
			for i, p := range info.Perm {
				if i != p {
					moves = append(moves, fmt.Sprintf("%d→%d", p, i))
				}
			}
			s.What = "Reorders the coordinates (" + strings.Join(moves, ", ") + ") so the next layer transforms different features. It moves no point and changes no density: log|det| = 0."
			if uri, alt := permPicture(info.Perm, coordName); len(uri) <= maxPictureBytes {
				s.Pictures = []LayerPicture{{URI: uri, Alt: alt, Caption: "coordinate i moves to position j", W: permWidth(len(info.Perm)), H: 74}}
			}
		case "standardize":
			s.What = "A fixed step, not trained: multiplies each feature by its standard deviation and adds its mean (from the training rows), so the flow works in standard units. Its log|det| = −Σ ln σᵢ is the same for every point."
		}
		out[k] = s
	}
	return out
}

// featureName returns names[f], or "x_f" when there are no names.
func featureName(names []string, f int) string {
	if f < len(names) && names[f] != "" {
		return format.FeatureTitle(names[f])
	}
	return fmt.Sprintf("x%d", f)
}

// joinNames lists the named coordinates idx.
func joinNames(names []string, idx []int) string {
	parts := make([]string, len(idx))
	for i, c := range idx {
		parts[i] = names[c]
	}
	switch len(parts) {
	case 0:
		return "nothing"
	case 1:
		return parts[0]
	}
	return strings.Join(parts[:len(parts)-1], ", ") + " and " + parts[len(parts)-1]
}

// inspPick returns a if one, else b.
func inspPick(one bool, a, b string) string {
	if one {
		return a
	}
	return b
}

// networkText describes a conditioner, e.g. "2 hidden layers of 32 units,
// 1,284 parameters".
func networkText(info flow.LayerInfo) string {
	var h string
	switch {
	case len(info.Hidden) == 0:
		h = "no hidden layer"
	case allEqual(info.Hidden):
		h = fmt.Sprintf("%d hidden layer%s of %d units", len(info.Hidden), inspPick(len(info.Hidden) == 1, "", "s"), info.Hidden[0])
	default:
		h = fmt.Sprintf("hidden layers %v", info.Hidden)
	}
	return h + ", " + format.Thousands(info.Params) + " parameters"
}

func allEqual(v []int) bool {
	for _, x := range v {
		if x != v[0] {
			return false
		}
	}
	return true
}

// svgURI wraps SVG markup as a data: URI for an <img>.
func svgURI(svg string) string {
	return "data:image/svg+xml," + url.PathEscape(svg)
}

// permMargin is the permutation picture's side margin.
const permMargin = 24

// permGap is the spacing of d coordinates' dots in the permutation picture,
// so that it stays under 240 pixels wide.
func permGap(d int) int { return min(54, 180/max(1, d-1)) }

// permWidth is the permutation picture's width for d coordinates.
func permWidth(d int) int { return permMargin*2 + permGap(d)*(d-1) }

// permPicture draws a permutation x_i = z_perm[i] as arrows from the input
// coordinates (top) to the output coordinates (bottom).
func permPicture(perm []int, names []string) (uri, alt string) {
	d := len(perm)
	w := permWidth(d)
	var b strings.Builder
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="74" viewBox="0 0 %d 74" font-family="sans-serif" font-size="10">`, w, w)
	b.WriteString(`<defs><marker id="a" viewBox="0 0 6 6" refX="5" refY="3" markerWidth="6" markerHeight="6" orient="auto"><path d="M0,0L6,3L0,6z" fill="#4f5a62"/></marker></defs>`)
	gap := permGap(d)
	x := func(i int) int { return permMargin + gap*i }
	var words []string
	for i, p := range perm {
		fmt.Fprintf(&b, `<line x1="%d" y1="20" x2="%d" y2="52" stroke="#4f5a62" stroke-width="1.4" marker-end="url(#a)"/>`, x(p), x(i))
		words = append(words, fmt.Sprintf("coordinate %d moves to %d", p, i))
	}
	for i := range d {
		fmt.Fprintf(&b, `<circle cx="%d" cy="14" r="4" fill="#0072B2"/><text x="%d" y="9" text-anchor="middle" fill="#1d2327">%d</text>`, x(i), x(i), i)
		fmt.Fprintf(&b, `<circle cx="%d" cy="58" r="4" fill="#0072B2"/><text x="%d" y="71" text-anchor="middle" fill="#1d2327">%d</text>`, x(i), x(i), i)
	}
	b.WriteString(`</svg>`)
	return svgURI(b.String()), "Permutation: " + strings.Join(words, ", ") + "."
}

// maxPictureBytes bounds a picture's data: URI: vugu's renderer fails on an
// attribute longer than its 16 KiB instruction buffer.
const maxPictureBytes = 12000

// maskPictures draws a MADE network's masks, one small image per dense
// layer (a filled pixel is a connection kept; rows are the layer's outputs,
// columns its inputs), and returns which inputs each output feature depends
// on once the masks are multiplied together.
func maskPictures(info flow.LayerInfo, d int) (pics []LayerPicture, deps [][]bool) {
	sizes := append(append([]int{d}, info.Hidden...), 2*d)
	if len(info.Masks) != len(sizes)-1 {
		return nil, nil
	}
	for m, mask := range info.Masks {
		out, in := sizes[m+1], sizes[m]
		uri, w, h := maskPicture(mask, out, in)
		if len(uri) > maxPictureBytes {
			continue
		}
		what := "hidden units × inputs"
		switch {
		case m == len(info.Masks)-1 && m == 0:
			what = "outputs × inputs"
		case m == len(info.Masks)-1:
			what = "outputs × hidden units"
		case m > 0:
			what = "hidden units × hidden units"
		}
		kept := 0
		for _, v := range mask {
			kept += v
		}
		pics = append(pics, LayerPicture{URI: uri, W: w, H: h,
			Caption: fmt.Sprintf("mask %d: %d×%d", m+1, out, in),
			Alt:     fmt.Sprintf("Mask %d of the MADE network, %d×%d (%s): %d of %d connections kept.", m+1, out, in, what, kept, out*in)})
	}
	full := maskProduct(info.Masks, sizes)
	deps = make([][]bool, d)
	for i := range d {
		deps[i] = make([]bool, d)
		for j := range d {
			deps[i][j] = full[i][j] || full[d+i][j]
		}
	}
	return pics, deps
}

// maskProduct multiplies the masks (each out×in, flattened) as boolean
// matrices: result[o][j] says whether output o is connected to input j.
func maskProduct(masks [][]int, sizes []int) [][]bool {
	d := sizes[0]
	// reach[u][j]: unit u of the current layer sees input j.
	reach := make([][]bool, d)
	for j := range d {
		reach[j] = make([]bool, d)
		reach[j][j] = true
	}
	for m, mask := range masks {
		out, in := sizes[m+1], sizes[m]
		next := make([][]bool, out)
		for o := range out {
			next[o] = make([]bool, d)
			for u := range in {
				if mask[o*in+u] == 0 {
					continue
				}
				for j := range d {
					next[o][j] = next[o][j] || reach[u][j]
				}
			}
		}
		reach = next
	}
	return reach
}
