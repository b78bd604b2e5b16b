package data

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// ShortName returns name shortened to at most max characters (runes) for
// display, with an ellipsis in the middle so that both ends stay readable:
// ShortName("a_very_long_column_name", 12) is "a_very…_name". Invalid UTF-8
// is replaced by U+FFFD. A limit below 2 is taken as 2.
func ShortName(name string, limit int) string {
	limit = max(limit, 2)
	if !utf8.ValidString(name) {
		name = strings.ToValidUTF8(name, "\uFFFD")
	}
	n := utf8.RuneCountInString(name)
	if n <= limit {
		return name
	}
	r := []rune(name)
	head := limit / 2
	tail := limit - 1 - head
	return string(r[:head]) + "…" + string(r[len(r)-tail:])
}

// listNames writes names for a message: each shortened, at most 12 of them.
func listNames(names []string) string {
	const most = 12
	var b strings.Builder
	for i, n := range names {
		if i == most {
			fmt.Fprintf(&b, " and %d more", len(names)-most)
			break
		}
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(ShortName(n, 40))
	}
	if len(names) == 0 {
		return "no columns"
	}
	return b.String()
}

// MatchNames finds each of want in have, by name: exactly, else ignoring
// case and surrounding spaces. It returns, for every wanted name, its index
// in have (a name wanted twice gets the same index twice). If some are missing it returns a *ColumnsError listing them, so a
// caller can say "the model needs u_g, g_r; the data has …".
//
// Use it to check that a table has a saved classifier's features, in any
// column order; [Dataset.WithColumns] then reorders the table.
func MatchNames(have, want []string) ([]int, error) {
	exact := make(map[string]int, len(have))
	folded := make(map[string]int, len(have))
	for i, h := range have {
		if _, dup := exact[h]; !dup {
			exact[h] = i
		}
		k := strings.ToLower(strings.TrimSpace(h))
		if _, dup := folded[k]; !dup {
			folded[k] = i
		}
	}
	idx := make([]int, len(want))
	var missing []string
	for j, w := range want {
		i, ok := exact[w]
		if !ok {
			i, ok = folded[strings.ToLower(strings.TrimSpace(w))]
		}
		if !ok {
			missing = append(missing, w)
			continue
		}
		idx[j] = i
	}
	if missing != nil {
		return nil, &ColumnsError{Missing: missing, Have: have}
	}
	return idx, nil
}

// ColumnsError reports required columns that a table lacks.
type ColumnsError struct {
	Missing []string // the required names not found
	Have    []string // the names the table has
}

// Error reads like `data: missing column: no column u_g, g_r; the data has a, b, label`.
func (e *ColumnsError) Error() string {
	return fmt.Sprintf("data: missing column: no column %s; the data has %s", listNames(e.Missing), listNames(e.Have))
}

// Unwrap makes errors.Is(err, ErrMissingColumn) true.
func (e *ColumnsError) Unwrap() error { return ErrMissingColumn }

// WithColumns returns a copy of d whose features are the columns names, in
// that order, matched by [MatchNames] (so a classifier trained on u_g, g_r,
// r_i, i_z can score a table whose columns come in another order or case).
// The copy's Names are the requested ones. It fails with a *ColumnsError.
func (d *Dataset) WithColumns(names []string) (*Dataset, error) {
	idx, err := MatchNames(d.Names, names)
	if err != nil {
		return nil, err
	}
	out := &Dataset{Names: append([]string(nil), names...), Dim: len(names),
		X: make([]float64, 0, d.Len()*len(names)), Y: append([]int(nil), d.Y...)}
	for i := range d.Len() {
		row := d.Row(i)
		for _, c := range idx {
			out.X = append(out.X, row[c])
		}
	}
	return out, nil
}
