package main

// astroML's fetch_rrlyrae_combined recipe (astroML/datasets/rrlyrae_mags.py), step by step as in
// PROVENANCE.md: colours of consecutive bands in float32, strict colour cuts on the standards only,
// standards stacked above the RR Lyrae, label 1 for the RR Lyrae.

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"flowlab/flow/data"
)

// colourNames are the feature names of the combined table.
var colourNames = []string{"u_g", "g_r", "r_i", "i_z"}

// rrlyraeMagColumns are the RR Lyrae magnitude columns in RRLyrae.fit (FITS format E).
var rrlyraeMagColumns = [5]string{"umag", "gmag", "rmag", "imag", "zmag"}

// colours returns u-g, g-r, r-i, i-z, each a float32 difference like numpy's on f4 arrays.
func colours(m [5]float32) [4]float32 {
	var c [4]float32
	for k := range c {
		c[k] = float32(m[k] - m[k+1])
	}
	return c
}

// cutBox holds the strict colour cuts of Sesar et al. 2010, eqs. 1-4: lo < colour < hi.
// The bounds are float32 because numpy compares an f4 array with a Python float in float32.
var cutBox = [4]struct{ lo, hi float32 }{
	{0.7, 1.35},   // u-g
	{-0.15, 0.4},  // g-r
	{-0.15, 0.22}, // r-i
	{-0.21, 0.25}, // i-z
}

// inCutBox reports whether every colour lies strictly inside its cut (NaN never does).
func inCutBox(c [4]float32) bool {
	for k, b := range cutBox {
		if !(c[k] > b.lo && c[k] < b.hi) {
			return false
		}
	}
	return true
}

// combine builds the table: the standards that pass the cuts (label 0, catalogue order), then
// every RR Lyrae with no cut (label 1, file order). Values are float64 copies of the float32 colours.
func combine(standards, rrlyrae [][5]float32) *data.Dataset {
	d := &data.Dataset{Names: append([]string(nil), colourNames...), Dim: 4}
	add := func(m [5]float32, label int) {
		for _, c := range colours(m) {
			d.X = append(d.X, float64(c))
		}
		d.Y = append(d.Y, label)
	}
	for _, m := range standards {
		if inCutBox(colours(m)) {
			add(m, 0)
		}
	}
	for _, m := range rrlyrae {
		add(m, 1)
	}
	return d
}

// rrlyraeMags reads the five magnitudes of every RR Lyrae from the table in RRLyrae.fit.
func rrlyraeMags(t *fitsTable) ([][5]float32, error) {
	out := make([][5]float32, t.rows)
	for band, name := range rrlyraeMagColumns {
		col, err := t.float32Column(name)
		if err != nil {
			return nil, err
		}
		for i, v := range col {
			out[i][band] = v
		}
	}
	return out, nil
}

// buildFromAstroML makes sure both originals are in cacheDir (downloading what is missing) and
// applies the recipe.
func buildFromAstroML(ctx context.Context, cacheDir string, fetch fetchFunc, log io.Writer) (*data.Dataset, error) {
	paths := make(map[string]string)
	for _, f := range astroMLFiles {
		p, err := ensureCached(ctx, cacheDir, f, fetch, log)
		if err != nil {
			return nil, fmt.Errorf("getting %s: %w", f.name, err)
		}
		paths[f.name] = p
	}
	fit, err := os.ReadFile(paths[fitsName])
	if err != nil {
		return nil, err
	}
	table, err := readFITSTable(fit)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", filepath.Base(paths[fitsName]), err)
	}
	rr, err := rrlyraeMags(table)
	if err != nil {
		return nil, err
	}
	cat, err := os.Open(paths[catalogName])
	if err != nil {
		return nil, err
	}
	defer cat.Close()
	standards, err := readStandards(cat)
	if err != nil {
		return nil, err
	}
	return combine(standards, rr), nil
}
