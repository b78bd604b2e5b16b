package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"text/tabwriter"
	"time"

	"flowlab/flow"
	"flowlab/flow/experiment"
)

// reproduceSeeds is "reproduce -seeds": it runs every seed of the list, up
// to -jobs at once, with one line per finished seed on stderr, and prints
// the per-seed rows and the mean ± standard deviation of every metric.
func reproduceSeeds(ctx context.Context, o reproduceOpts, stdout, stderr io.Writer) error {
	seeds, err := experiment.ParseSeeds(o.seeds)
	if err != nil {
		return usageError{err}
	}
	d, setup, err := o.load()
	if err != nil {
		return err
	}
	start := time.Now()
	jobs := min(max(o.jobs, 1), len(seeds))
	fmt.Fprintf(stderr, "flowlab reproduce: %s, preset %s, %d seeds (%s), %d at a time\n", setup.Config.Model, setup.Preset, len(seeds), o.seeds, jobs)
	runs := make([]*seedRun, len(seeds))
	errs := make([]error, len(seeds))
	var mu sync.Mutex
	next := 0
	var wg sync.WaitGroup
	for range jobs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				mu.Lock()
				i := next
				next++
				mu.Unlock()
				if i >= len(seeds) || ctx.Err() != nil {
					return
				}
				run, err := runSeed(ctx, o, d, setup, seeds[i], stderr, false)
				runs[i], errs[i] = run, err
				mu.Lock()
				fmt.Fprintln(stderr, seedLine(seeds[i], run, err, time.Since(start)))
				mu.Unlock()
			}
		}()
	}
	wg.Wait()

	var done []*reproduceResult
	var firstErr error
	for i, run := range runs {
		switch {
		case errs[i] != nil:
			firstErr = cmpErr(firstErr, errs[i])
		case run != nil:
			done = append(done, run.r)
			firstErr = cmpErr(firstErr, run.trainErr)
			firstErr = cmpErr(firstErr, run.err)
			if o.out != "" && run.trained {
				if err := writeRunOutputs(filepath.Join(o.out, fmt.Sprintf("seed-%d", seeds[i])), o, d, run, stderr); err != nil {
					return err
				}
			}
		}
	}
	sum := summarise(done)
	if o.json {
		err = writeSeedsJSON(stdout, done, sum)
	} else {
		err = writeSeedsText(stdout, setup, o, done, sum, time.Since(start).Seconds())
	}
	if err != nil {
		return err
	}
	if ctx.Err() != nil && firstErr == nil {
		firstErr = fmt.Errorf("%w before every seed ran", errCancelled(ctx))
	}
	return firstErr
}

// errCancelled is the error a cancelled context stands for.
func errCancelled(ctx context.Context) error {
	if errors.Is(ctx.Err(), context.Canceled) {
		return flow.ErrCancelled
	}
	return ctx.Err()
}

// cmpErr keeps the first non-nil error.
func cmpErr(first, err error) error {
	if first != nil {
		return first
	}
	return err
}

// seedLine is the progress line of a finished seed.
func seedLine(seed uint64, run *seedRun, err error, since time.Duration) string {
	if err != nil {
		return fmt.Sprintf("seed %d: %v", seed, err)
	}
	r := run.r
	if r.Flow.Err != "" {
		return fmt.Sprintf("seed %d: %s (%.1f s)", seed, r.Flow.Err, since.Seconds())
	}
	return fmt.Sprintf("seed %d: flow AUC %.4f AP %.3f, GMM AUC %.4f AP %.3f; %.1f s (%.0f s since start)",
		seed, r.FlowMetrics.AUC, r.FlowMetrics.AveragePrecision, r.GMMMetrics.AUC, r.GMMMetrics.AveragePrecision, r.Seconds, since.Seconds())
}

// metricDef is one summarised metric: its JSON key, its column heading and
// how to read it off SeedMetrics.
type metricDef struct {
	key, head string
	get       func(m experiment.SeedMetrics) float64
}

// seedMetrics lists the metrics of the multi-seed summary in print order.
var seedMetrics = []metricDef{
	{"auc", "ROC AUC", func(m experiment.SeedMetrics) float64 { return m.AUC }},
	{"average_precision", "AP", func(m experiment.SeedMetrics) float64 { return m.AveragePrecision }},
	{"completeness_at_contamination_0.1", "C@≤0.1", func(m experiment.SeedMetrics) float64 { return m.Completeness[0] }},
	{"completeness_at_contamination_0.2", "C@≤0.2", func(m experiment.SeedMetrics) float64 { return m.Completeness[1] }},
	{"accuracy_cut0", "correct t<0", func(m experiment.SeedMetrics) float64 { return m.AtZero.Accuracy }},
	{"false_positive_cut0", "FP t<0", func(m experiment.SeedMetrics) float64 { return m.AtZero.FalsePositive }},
	{"false_negative_cut0", "FN t<0", func(m experiment.SeedMetrics) float64 { return m.AtZero.FalseNegative }},
	{"accuracy_prior", "correct prior", func(m experiment.SeedMetrics) float64 { return m.AtPrior.Accuracy }},
	{"false_positive_prior", "FP prior", func(m experiment.SeedMetrics) float64 { return m.AtPrior.FalsePositive }},
	{"false_negative_prior", "FN prior", func(m experiment.SeedMetrics) float64 { return m.AtPrior.FalseNegative }},
	{"nll_background", "NLL bg", func(m experiment.SeedMetrics) float64 { return m.NLL[0] }},
	{"nll_rrlyrae", "NLL RR", func(m experiment.SeedMetrics) float64 { return m.NLL[1] }},
}

// seedSummary is the mean ± std of every metric over the seeds that were
// evaluated, for the flows and for the GMM.
type seedSummary struct {
	Seeds []uint64                   `json:"seeds"`
	Flow  map[string]experiment.Stat `json:"flow"`
	GMM   map[string]experiment.Stat `json:"gmm"`
}

// summarise computes the summary of the evaluated runs.
func summarise(runs []*reproduceResult) seedSummary {
	s := seedSummary{Flow: map[string]experiment.Stat{}, GMM: map[string]experiment.Stat{}}
	for _, r := range runs {
		s.Seeds = append(s.Seeds, r.Seed)
	}
	for _, m := range seedMetrics {
		var f, g []float64
		for _, r := range runs {
			f = append(f, valueOr(r.Flow, r.FlowMetrics, m))
			g = append(g, valueOr(r.GMM, r.GMMMetrics, m))
		}
		s.Flow[m.key], s.GMM[m.key] = experiment.StatOf(f), experiment.StatOf(g)
	}
	return s
}

// valueOr reads metric m, or NaN when the classifier was not evaluated.
func valueOr(c classifier, sm experiment.SeedMetrics, m metricDef) float64 {
	if c.Err != "" {
		return math.NaN()
	}
	return m.get(sm)
}

// statJSON is a Stat with JSON-safe numbers.
type statJSON struct {
	Mean num `json:"mean"`
	Std  num `json:"std"`
	N    int `json:"n"`
}

// writeSeedsJSON writes {"runs": [...], "summary": {...}}: every run as the
// single-seed report's object, and the summary.
func writeSeedsJSON(w io.Writer, runs []*reproduceResult, sum seedSummary) error {
	out := struct {
		Runs    []json.RawMessage `json:"runs"`
		Summary struct {
			Seeds []uint64            `json:"seeds"`
			Flow  map[string]statJSON `json:"flow"`
			GMM   map[string]statJSON `json:"gmm"`
		} `json:"summary"`
	}{Runs: []json.RawMessage{}}
	for _, r := range runs {
		var b strings.Builder
		if err := writeReproduceJSON(&b, r); err != nil {
			return err
		}
		out.Runs = append(out.Runs, json.RawMessage(b.String()))
	}
	out.Summary.Seeds = sum.Seeds
	conv := func(m map[string]experiment.Stat) map[string]statJSON {
		o := map[string]statJSON{}
		for k, s := range m {
			o[k] = statJSON{Mean: num(s.Mean), Std: num(s.Std), N: s.N}
		}
		return o
	}
	out.Summary.Flow, out.Summary.GMM = conv(sum.Flow), conv(sum.GMM)
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}

// writeSeedsText prints three tables (threshold-free metrics, Table III
// fractions, test NLL), each with one row per seed for the flows and the
// GMM and the mean ± std over seeds.
func writeSeedsText(w io.Writer, setup experiment.Setup, o reproduceOpts, runs []*reproduceResult, sum seedSummary, secs float64) error {
	ew := &errWriter{w: w}
	c := setup.Config
	splitDesc := "paper 80/10/10, evaluated on the validation split"
	if o.split == splitAstroML {
		splitDesc = "astroML 75/25, evaluated on the test split"
	}
	fmt.Fprintf(ew, "flowlab reproduce over %d seeds: %s %d layers × [%d×%d]%s, preset %s; split %s\n",
		len(runs), c.Model, c.Layers, c.Hidden, c.Units, ensembleText(setup), setup.Preset, splitDesc)
	groups := []struct {
		title string
		keys  []string
	}{
		{"Threshold-free metrics (RR Lyrae = positive, score −t; C@≤x: completeness at contamination ≤ x, read off the precision–recall curve)",
			[]string{"auc", "average_precision", "completeness_at_contamination_0.1", "completeness_at_contamination_0.2"}},
		{"Table III fractions of all evaluated stars, at t < 0 and at the prior cut ln(N1/N0)",
			[]string{"accuracy_cut0", "false_positive_cut0", "false_negative_cut0", "accuracy_prior", "false_positive_prior", "false_negative_prior"}},
		{"Mean negative log-likelihood of each class's evaluation stars under its own model, nats (lower is better)",
			[]string{"nll_background", "nll_rrlyrae"}},
	}
	byKey := map[string]metricDef{}
	for _, m := range seedMetrics {
		byKey[m.key] = m
	}
	for _, g := range groups {
		fmt.Fprintf(ew, "\n%s\n", g.title)
		tw := tabwriter.NewWriter(ew, 0, 0, 2, ' ', tabwriter.AlignRight)
		head := []string{"seed", "model"}
		for _, k := range g.keys {
			head = append(head, byKey[k].head)
		}
		fmt.Fprintln(tw, strings.Join(head, "\t")+"\t")
		for _, r := range runs {
			for _, cl := range []struct {
				name string
				c    classifier
				m    experiment.SeedMetrics
			}{{"flow", r.Flow, r.FlowMetrics}, {"GMM", r.GMM, r.GMMMetrics}} {
				cells := []string{strconv.FormatUint(r.Seed, 10), cl.name}
				for _, k := range g.keys {
					cells = append(cells, f4(valueOr(cl.c, cl.m, byKey[k])))
				}
				fmt.Fprintln(tw, strings.Join(cells, "\t")+"\t")
			}
		}
		for _, cl := range []struct {
			name string
			s    map[string]experiment.Stat
		}{{"flow", sum.Flow}, {"GMM", sum.GMM}} {
			cells := []string{"mean ± std", cl.name}
			for _, k := range g.keys {
				cells = append(cells, meanStd(cl.s[k]))
			}
			fmt.Fprintln(tw, strings.Join(cells, "\t")+"\t")
		}
		if err := tw.Flush(); err != nil {
			return err
		}
	}
	fmt.Fprintf(ew, "\n%d seeds in %.1f s\n", len(runs), secs)
	return ew.err
}

// meanStd formats a Stat as "0.9950 ± 0.0012" ("—" for the std of one seed).
func meanStd(s experiment.Stat) string {
	std := "—"
	if !math.IsNaN(s.Std) {
		std = fmt.Sprintf("%.4f", s.Std)
	}
	return f4(s.Mean) + " ± " + std
}

// ensembleText says how many flows each class's ensemble has
// (TrainSettings.Members), or "" for one flow per class.
func ensembleText(setup experiment.Setup) string {
	k0, k1 := max(1, setup.Settings[0].Members), max(1, setup.Settings[1].Members)
	switch {
	case k0 == 1 && k1 == 1:
		return ""
	case k0 == k1:
		return fmt.Sprintf(", an ensemble of %d per class", k0)
	}
	return fmt.Sprintf(", ensembles of %d (background) and %d (RR Lyrae)", k0, k1)
}
