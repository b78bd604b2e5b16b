package main

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"slices"
	"strconv"
	"strings"

	"flowlab/flow"
	"flowlab/flow/data"
	"flowlab/flow/experiment"
)

// scoreOpts are the flags of "flowlab score".
type scoreOpts struct {
	model, model2       string
	data, label, signal string
}

// scoreFlags defines the flags of "flowlab score" on a new FlagSet.
func scoreFlags(o *scoreOpts) *flag.FlagSet {
	fs := flag.NewFlagSet("score", flag.ContinueOnError)
	fs.StringVar(&o.model, "model", "", "model JSON `path` written by train or reproduce -o, or a classifier (both flows, format flowlab-pair/1) exported by the web page or written by reproduce -o; required")
	fs.StringVar(&o.model2, "model2", "", "second model JSON `path` (same features); adds the columns lnp2 and t = lnp − lnp2 (not with a classifier, which holds both flows)")
	fs.StringVar(&o.data, "data", "", "CSV `path` to score; it must have a column for every feature of the model (default: as for reproduce)")
	fs.StringVar(&o.label, "label", data.DefaultLabel, "name of the label `column`; used if the file has it")
	fs.StringVar(&o.signal, "signal", "", "label `value` of the signal class when the labels are not 0 and 1 (e.g. RRLyrae, true, yes); every other value is background")
	return fs
}

// runScore is the "score" command.
func runScore(_ context.Context, args []string, e env) error {
	var o scoreOpts
	if err := parseFlags(scoreFlags(&o), args, e.stdout); err != nil {
		return err
	}
	if o.model == "" {
		return usagef("-model is required: a model JSON written by train or reproduce -o")
	}
	path, err := dataPath(o.data, e)
	if err != nil {
		return err
	}
	o.data = path
	return score(o, e.stdout, e.stderr)
}

// scoreChunk is the number of rows scored per LogProb call, which bounds the
// flows' workspace.
const scoreChunk = 4096

// score writes the per-row CSV described in the command's help to stdout,
// and the summary line to stderr.
func score(o scoreOpts, stdout, stderr io.Writer) error {
	m1, f1, m2, f2, err := readModels(o.model)
	if err != nil {
		return err
	}
	if o.model2 != "" {
		if m2 != nil {
			return usagef("-model %s is a classifier with both flows; -model2 is not needed", o.model)
		}
		if m2, f2, err = readModelFile(o.model2); err != nil {
			return err
		}
		if err := sameFeatures(o.model, m1, o.model2, m2); err != nil {
			return err
		}
	}
	fh, err := os.Open(o.data)
	if err != nil {
		return err
	}
	defer fh.Close()
	tab, err := readTable(fh, m1.Features, m1.Config.Dim, o.label, o.signal)
	if err != nil {
		return fmt.Errorf("%s: %w", o.data, err)
	}
	lp1 := logProb(f1, tab.x, tab.n)
	var lp2 []float64
	if f2 != nil {
		lp2 = logProb(f2, tab.x, tab.n)
	}
	if err := writeScores(stdout, tab, lp1, lp2); err != nil {
		return err
	}
	if f2 != nil && tab.labels != nil {
		scoreSummary(stderr, tab.labels, lp1, lp2, m1.Class, m2.Class)
	}
	return nil
}

// readModels reads -model: a single flow (second results nil), or a
// classifier of format experiment.PairFormat, whose background flow comes
// first and RR Lyrae flow second. Errors name the file.
func readModels(path string) (m1 *flow.Model, f1 *flow.Flow, m2 *flow.Model, f2 *flow.Flow, err error) {
	b, err := readCapped(path)
	if err != nil {
		return nil, nil, nil, nil, err
	}
	var head struct{ Format string }
	if json.Unmarshal(b, &head) == nil && head.Format == experiment.PairFormat {
		p, flows, err := experiment.ReadPair(bytes.NewReader(b))
		if err != nil {
			return nil, nil, nil, nil, fmt.Errorf("%s: %w", path, err)
		}
		for c, m := range []*flow.Model{p.Background, p.RRLyrae} {
			m.Class = c
			if len(m.Features) == 0 {
				m.Features = p.Features
			}
		}
		return p.Background, flows[0], p.RRLyrae, flows[1], nil
	}
	m1, f1, err = flow.ReadModel(bytes.NewReader(b))
	if err != nil {
		return nil, nil, nil, nil, fmt.Errorf("%s: %w", path, err)
	}
	return m1, f1, nil, nil, nil
}

// readModelFile reads a saved single-flow model; errors name the file.
func readModelFile(path string) (*flow.Model, *flow.Flow, error) {
	b, err := readCapped(path)
	if err != nil {
		return nil, nil, err
	}
	m, f, err := flow.ReadModel(bytes.NewReader(b))
	if err != nil {
		return nil, nil, fmt.Errorf("%s: %w", path, err)
	}
	return m, f, nil
}

// readCapped reads a model file of at most flow.MaxModelBytes.
func readCapped(path string) ([]byte, error) {
	fh, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer fh.Close()
	b, err := io.ReadAll(flow.LimitModelReader(fh))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return b, nil
}

// sameFeatures checks that two models read the same columns.
func sameFeatures(p1 string, m1 *flow.Model, p2 string, m2 *flow.Model) error {
	if m1.Config.Dim != m2.Config.Dim {
		return fmt.Errorf("%s has %d features but %s has %d", p1, m1.Config.Dim, p2, m2.Config.Dim)
	}
	if len(m1.Features) > 0 && len(m2.Features) > 0 && !slices.Equal(m1.Features, m2.Features) {
		return fmt.Errorf("%s reads features %s but %s reads %s", p1, strings.Join(m1.Features, ","), p2, strings.Join(m2.Features, ","))
	}
	return nil
}

// logProb returns ln p of n rows of x under f, scoring scoreChunk rows at a time.
func logProb(f *flow.Flow, x []float64, n int) []float64 {
	d := f.Dim()
	lp := make([]float64, n)
	for i := 0; i < n; i += scoreChunk {
		m := min(scoreChunk, n-i)
		f.LogProb(lp[i:i+m], x[i*d:(i+m)*d], m)
	}
	return lp
}

// writeScores writes the score CSV: index[,label],lnp[,lnp2,t], through
// data.CSVWriter (the page's score download uses it too).
func writeScores(w io.Writer, tab *table, lp1, lp2 []float64) error {
	cw := data.NewCSVWriter(w)
	header := []string{"index"}
	if tab.labels != nil {
		header = append(header, "label")
	}
	header = append(header, "lnp")
	if lp2 != nil {
		header = append(header, "lnp2", "t")
	}
	if err := cw.Write(header...); err != nil {
		return err
	}
	text := make([]string, 0, 2)
	vals := make([]float64, 0, 3)
	for i := range tab.n {
		text = append(text[:0], strconv.Itoa(i))
		if tab.labels != nil {
			text = append(text, strconv.Itoa(tab.labels[i]))
		}
		vals = append(vals[:0], lp1[i])
		if lp2 != nil {
			vals = append(vals, lp2[i], lp1[i]-lp2[i])
		}
		if err := cw.WriteFloats(text, vals...); err != nil {
			return err
		}
	}
	return cw.Flush()
}

// scoreSummary prints ROC AUC and the accuracy at t = 0 to w, with t
// oriented as ln p(background) − ln p(signal) by the models' classes.
func scoreSummary(w io.Writer, labels []int, lp1, lp2 []float64, class1, class2 int) {
	t := make([]float64, len(lp1))
	sign, note := 1.0, ""
	switch {
	case class1 == 1 && class2 == 0:
		sign = -1
	case class1 == class2:
		note = fmt.Sprintf("; both models say class %d, so -model is taken as background", class1)
	}
	for i := range t {
		t[i] = sign * (lp1[i] - lp2[i])
	}
	var n [2]int
	for _, y := range labels {
		n[y]++
	}
	c, err := evaluate(t, labels, [2]int{})
	auc, acc := "n/a", "n/a"
	if err == nil {
		auc, acc = f4(c.Report.AUC), f4(c.Report.AtZero.Accuracy)
	} else {
		note += "; " + err.Error()
	}
	fmt.Fprintf(w, "flowlab score: %s rows (%s background, %s signal): ROC AUC %s, accuracy at t = 0 %s (t = ln p(background) − ln p(signal)%s)\n",
		thousands(len(labels)), thousands(n[0]), thousands(n[1]), auc, acc, note)
}
