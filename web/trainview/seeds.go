package trainview

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"flowlab/flow/experiment"
	"flowlab/web/app"
	"flowlab/web/format"
)

// Seeds is the "run several seeds" part of the Train view: how many seeds,
// run and cancel, the progress, and the table of mean ± standard deviation
// over the finished seeds beside the GMM Bayes baseline on the same splits.
// seeds.vugu is its template.
type Seeds struct {
	View *View
}

func (c *Seeds) app() *app.App { return c.View.App }

// Sweep is the latest sweep of seeds, nil before any.
func (c *Seeds) Sweep() *app.Sweep { return c.app().Sweep }

// State is the sweep's state for the progress line's data-state: "",
// "running", or how it ended.
func (c *Seeds) State() string {
	sw := c.app().Sweep
	switch {
	case sw == nil:
		return ""
	case sw.Running():
		return "running"
	}
	return sw.Ended
}

// Count is the number of seeds the button trains.
func (c *Seeds) Count() int { return c.app().State.Seeds }

// SetCount reads the seed-count input, keeping the old count for text
// that is not a whole number in range.
func (c *Seeds) SetCount(text string) {
	n, err := strconv.Atoi(strings.TrimSpace(text))
	if err != nil || n < app.MinSweepSeeds || n > app.MaxSweepSeeds {
		c.app().Status = fmt.Sprintf("The number of seeds must be a whole number from %d to %d; keeping %d.", app.MinSweepSeeds, app.MaxSweepSeeds, c.Count())
		return
	}
	c.app().State.Seeds = n
	c.app().Changed()
}

// Sweeping reports whether seeds are being trained.
func (c *Seeds) Sweeping() bool { return c.app().Sweep.Running() }

// CanRun reports whether the button may start a sweep: the Train button's
// conditions, and no sweep running.
func (c *Seeds) CanRun() bool { return !c.Sweeping() && c.View.CanTrain() }

// RunText is the button's label, e.g. "Run 5 seeds (1–5)".
func (c *Seeds) RunText() string {
	s := c.app().State
	return fmt.Sprintf("Run %d seeds (%d–%d)", s.Seeds, s.Seed, s.Seed+uint64(s.Seeds)-1)
}

// Run starts the sweep from the current seed.
func (c *Seeds) Run() {
	if !c.CanRun() {
		return
	}
	c.View.form.clear()
	if c.app().RunSeeds(c.Count()) == nil {
		c.app().Changed()
	}
}

// Cancel ends the sweep, keeping the finished seeds.
func (c *Seeds) Cancel() { c.app().CancelSweep() }

// Progress is the sweep's progress line ("" before any sweep).
func (c *Seeds) Progress() string {
	sw := c.app().Sweep
	if sw == nil {
		return ""
	}
	return fmt.Sprintf("%s, %s preset, on %s: %s", app.ModelLabel(sw.Model), sw.Preset, sw.Dataset, sw.Progress())
}

// HasRuns reports whether a seed has finished.
func (c *Seeds) HasRuns() bool { return c.app().Sweep != nil && len(c.app().Sweep.Runs) > 0 }

// SeedsRow is one metric of the summary table, formatted.
type SeedsRow struct {
	Key, Name, Help string
	Flow, GMM       string // "0.9912 ± 0.0031"
	FlowMean        string // the mean alone, for the data attribute
	GMMMean         string
	Better          string // "flows", "GMM" or ""
}

// Rows formats the sweep's summary (app.Sweep.Summary).
func (c *Seeds) Rows() []SeedsRow {
	sw := c.app().Sweep
	if sw == nil {
		return nil
	}
	var out []SeedsRow
	for _, r := range sw.Summary() {
		digits := 4
		if !r.HigherIsBetter {
			digits = 3 // NLL in nats
		}
		out = append(out, SeedsRow{Key: r.Key, Name: c.app().Words(r.Name), Help: c.app().Words(r.Help), Flow: meanStd(r.Flow, digits), GMM: meanStd(r.GMM, digits),
			FlowMean: exact(r.Flow.Mean), GMMMean: exact(r.GMM.Mean), Better: r.Better()})
	}
	return out
}

// Caption says what the table summarises.
func (c *Seeds) Caption() string {
	sw := c.app().Sweep
	n := len(sw.Runs)
	seeds := make([]string, n)
	for i, r := range sw.Runs {
		seeds[i] = strconv.FormatUint(r.Seed, 10)
	}
	return fmt.Sprintf("Mean ± standard deviation over %d %s (%s) on each seed's validation "+c.app().Rows()+"; the GMM Bayes baseline (3 Gaussians per class, as astroML) is fitted on each seed's own training split.",
		n, format.Plural(n, "seed"), strings.Join(seeds, ", "))
}

// SeedRow is one finished seed's numbers, "flows / GMM" per metric.
type SeedRow struct {
	Seed  string
	Cells []string // in the summary's row order
}

// SeedRows lists every finished seed.
func (c *Seeds) SeedRows() []SeedRow {
	sw := c.app().Sweep
	if sw == nil {
		return nil
	}
	rows := make([]SeedRow, len(sw.Runs))
	for i, r := range sw.Runs {
		rows[i].Seed = strconv.FormatUint(r.Seed, 10)
	}
	for _, m := range sw.Summary() {
		fv, gv := sw.SeedValues(m.Key)
		for i := range rows {
			rows[i].Cells = append(rows[i].Cells, format.Fixed(fv[i], 3)+" / "+format.Fixed(gv[i], 3))
		}
	}
	return rows
}

// Names are the summary's metric names, for the per-seed table's header.
func (c *Seeds) Names() []string {
	var out []string
	for _, r := range c.Rows() {
		out = append(out, r.Name)
	}
	return out
}

// meanStd writes a Stat as "mean ± std" ("—" without values, the mean
// alone for one value).
func meanStd(s experiment.Stat, digits int) string {
	switch {
	case s.N == 0 || math.IsNaN(s.Mean):
		return "—"
	case s.N == 1 || math.IsNaN(s.Std):
		return format.Fixed(s.Mean, digits)
	}
	return format.Fixed(s.Mean, digits) + " ± " + format.Fixed(s.Std, digits)
}

// exact writes v in full for a data attribute ("" for NaN).
func exact(v float64) string {
	if math.IsNaN(v) {
		return ""
	}
	return strconv.FormatFloat(v, 'g', -1, 64)
}
