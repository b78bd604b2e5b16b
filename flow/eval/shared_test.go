package eval_test

import (
	"encoding/csv"
	"errors"
	"io"
	"io/fs"
	"math/rand/v2"
	"os"
	"strconv"
	"sync"
	"testing"
)

// sharedCSV is the read-only astroML RR Lyrae data set (see its PROVENANCE.md).
const sharedCSV = "/work/shared/data/rrlyrae/rrlyrae_combined.csv"

var shared struct {
	once   sync.Once
	x      []float64
	labels []int
	err    error
}

// loadShared returns the shared data set as a row-major n×4 batch and its
// labels, parsing each value as float32 like astroML built it. It skips the
// test only if the file is absent.
func loadShared(t testing.TB) (x []float64, labels []int) {
	t.Helper()
	shared.once.Do(func() {
		f, err := os.Open(sharedCSV)
		if err != nil {
			shared.err = err
			return
		}
		defer f.Close()
		r := csv.NewReader(f)
		if _, err := r.Read(); err != nil { // header u_g,g_r,r_i,i_z,label
			shared.err = err
			return
		}
		for {
			rec, err := r.Read()
			if err == io.EOF {
				break
			}
			if err != nil {
				shared.err = err
				return
			}
			for _, s := range rec[:4] {
				v, err := strconv.ParseFloat(s, 32)
				if err != nil {
					shared.err = err
					return
				}
				shared.x = append(shared.x, v)
			}
			l, err := strconv.Atoi(rec[4])
			if err != nil {
				shared.err = err
				return
			}
			shared.labels = append(shared.labels, l)
		}
	})
	if errors.Is(shared.err, fs.ErrNotExist) {
		t.Skipf("shared data set %s is absent", sharedCSV)
	}
	if shared.err != nil {
		t.Fatalf("reading %s: %v", sharedCSV, shared.err)
	}
	return shared.x, shared.labels
}

// split is one part of a stratified split.
type split struct {
	x      []float64
	labels []int
}

// stratifiedSplit shuffles each class's rows with rng and puts the first 80%
// in train, the next 10% in test and the rest in validation, as the paper does.
func stratifiedSplit(x []float64, dim int, labels []int, rng *rand.Rand) (train, test, val split) {
	var byClass [2][]int
	for i, l := range labels {
		byClass[l] = append(byClass[l], i)
	}
	for _, idx := range byClass {
		rng.Shuffle(len(idx), func(i, j int) { idx[i], idx[j] = idx[j], idx[i] })
		n80, n90 := len(idx)*8/10, len(idx)*9/10
		for p, i := range idx {
			dst := &val
			switch {
			case p < n80:
				dst = &train
			case p < n90:
				dst = &test
			}
			dst.x = append(dst.x, x[i*dim:(i+1)*dim]...)
			dst.labels = append(dst.labels, labels[i])
		}
	}
	return train, test, val
}
