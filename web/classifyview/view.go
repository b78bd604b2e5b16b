package classifyview

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/vugu/vugu"
	vjs "github.com/vugu/vugu/js"

	"flowlab/flow"
	"flowlab/flow/eval"
	"flowlab/flow/experiment"
	"flowlab/web/app"
	"flowlab/web/browser"
	"flowlab/web/format"
)

// View is the Classify view: the test statistic per class, the cut
// slider with a live confusion matrix beside the baselines, the ROC and
// precision–recall curves, the loss curves, Table III beside the paper and
// every run of this visit, and keeping and sharing the classifier.
// view.vugu is its template; draw.go draws its canvases.
type View struct {
	App *app.App

	// The elements that hold the canvases, set by vg-js-create (vugu calls
	// it on every render), and the charts drawn in them.
	histHost, rocHost, lossHost vjs.Value
	charts                      resultCharts

	roc        resROCCurves // cached for rocEval with or without the GMM curve
	rocEval    *app.Evaluation
	rocHasGMM  bool
	askedFor   *app.Evaluation // the evaluation a GMM baseline was requested for
	ShareNote  string          // the last keep-and-share outcome, for the status line of that card
	importNote string          // ShareNote as the last good import set it
	imported   [2]*flow.Flow
	ImportErr  string // why the last import failed ("" after a good one)
	LinkShown  string // the link offered for copying
	LinkCopied bool
}

// Rendered asks for the GMM baseline when the shown classifier lacks it and
// redraws the canvases when what they show changed. vugu calls it after
// every render, under the render lock's read side, so the baseline request
// takes the write lock on a goroutine of its own.
func (c *View) Rendered(ctx vugu.RenderedCtx) {
	a := c.App
	if a == nil {
		return
	}
	if a.Shown.Eval != nil && c.askedFor != a.Shown.Eval && a.NeedsBaseline() && a.Env != nil {
		c.askedFor = a.Shown.Eval
		go func() {
			a.Env.Lock()
			a.ComputeBaseline()
			a.Env.UnlockRender()
		}()
	}
	c.draw(ctx)
}

// HasEval reports whether there is a scored classifier to show.
func (c *View) HasEval() bool { return c.App.Shown.Eval != nil && len(c.App.Shown.Eval.T) > 0 }

// Model is the shown classifier's model kind, read from its flows.
func (c *View) Model() string {
	if f := c.App.Shown.Flows[0]; f != nil {
		return f.Config.Model
	}
	return c.App.State.Model
}

// ClassifierText says which classifier is shown.
func (c *View) ClassifierText() string {
	label := c.App.Shown.Label
	if label == "" {
		label = app.ModelLabel(c.Model())
	}
	return label
}

// Counts returns the validation split's class counts.
func (c *View) Counts() (n0, n1 int) {
	for _, l := range c.App.Shown.Eval.Labels {
		if l == 1 {
			n1++
		} else {
			n0++
		}
	}
	return n0, n1
}

// SplitText describes the stars the numbers are computed on.
func (c *View) SplitText() string {
	n0, n1 := c.Counts()
	return c.App.Words(fmt.Sprintf("Validation split for seed %d: %s {rows} (%s {0}, %s {1}), never seen in training. The prior cut uses the training split's %s {0} and %s {1} {rows}.",
		c.App.State.Seed, format.Thousands(n0+n1), format.Thousands(n0), format.Thousands(n1), format.Thousands(c.App.Shown.Eval.N0), format.Thousands(c.App.Shown.Eval.N1)))
}

// SeedWarning warns when a saved classifier is scored on the split of a
// different seed than it was trained with: its validation stars then include
// stars it was trained on, and the numbers are optimistic.
func (c *View) SeedWarning() string {
	p := c.App.Shown.Pair
	if p == nil || p.Seed == c.App.State.Seed {
		return ""
	}
	return fmt.Sprintf("These flows were trained on the split of seed %d, but the page's seed is %d: about 80%% of the validation stars shown here were in their training set, so the numbers below are optimistic. Set the seed to %d (step 2) for an honest test.",
		p.Seed, c.App.State.Seed, p.Seed)
}

// PriorCut is the prior-corrected cut ln(N_RR/N_background) of the training
// split (≈ −5.26 on the RR Lyrae data).
func (c *View) PriorCut() float64 {
	e := c.App.Shown.Eval
	if e == nil || e.N0 <= 0 || e.N1 <= 0 {
		return 0
	}
	return eval.PriorCut(e.N0, e.N1)
}

// PriorCutText formats the prior cut with a real minus sign.
func (c *View) PriorCutText() string { return resSigned(c.PriorCut(), 2) }

// Ratio is N_background/N_RR of the training split, rounded.
func (c *View) Ratio() string {
	e := c.App.Shown.Eval
	if e.N1 == 0 {
		return "—"
	}
	return strconv.Itoa(int(math.Round(float64(e.N0) / float64(e.N1))))
}

// resSigned formats v with prec decimals and a real minus sign.
func resSigned(v float64, prec int) string {
	s := strconv.FormatFloat(v, 'f', prec, 64)
	if strings.HasPrefix(s, "-") {
		s = "−" + s[1:]
	}
	return s
}

// Cut is the current cut on t.
func (c *View) Cut() float64 { return c.App.State.Cut }

// CutText is the cut as the number box shows it.
func (c *View) CutText() string { return strconv.FormatFloat(c.App.State.Cut, 'g', 6, 64) }

// CutLabel is the cut for prose, with a real minus sign.
func (c *View) CutLabel() string { return resSigned(c.App.State.Cut, 2) }

// SliderRange returns the slider's min and max as attribute strings.
func (c *View) SliderRange() (lo, hi string) {
	e := c.App.Shown.Eval
	l, h := resCutAxis(e.T, c.PriorCut(), c.App.State.Cut)
	return strconv.FormatFloat(l, 'f', -1, 64), strconv.FormatFloat(h, 'f', -1, 64)
}

// SliderMin is the slider's lower end.
func (c *View) SliderMin() string { lo, _ := c.SliderRange(); return lo }

// SliderMax is the slider's upper end.
func (c *View) SliderMax() string { _, hi := c.SliderRange(); return hi }

// SetCutText sets the cut from a slider or number box value; text that is
// not a finite number is ignored.
func (c *View) SetCutText(s string) {
	v, err := strconv.ParseFloat(strings.TrimSpace(strings.ReplaceAll(s, "−", "-")), 64)
	if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
		return
	}
	c.SetCut(v)
}

// SetCut sets the cut (clamped to the URL state's range) and updates the link.
func (c *View) SetCut(v float64) {
	v = math.Max(-1000, math.Min(1000, v))
	if v == c.App.State.Cut {
		return
	}
	c.App.State.Cut = v
	c.LinkCopied = false
	c.App.Changed()
}

// UsePaperCut sets the cut to the paper's t = 0.
func (c *View) UsePaperCut() { c.SetCut(0) }

// UsePriorCut sets the cut to ln(N_RR/N_background).
func (c *View) UsePriorCut() { c.SetCut(c.PriorCut()) }

// Confusion is the flows' confusion matrix at the current cut.
func (c *View) Confusion() eval.Confusion {
	e := c.App.Shown.Eval
	return eval.AtCut(e.T, e.Labels, c.App.State.Cut)
}

// Columns are the flows, the GMM Bayes baseline and the call-everything-
// background baseline at the current cut.
func (c *View) Columns() []resCutColumn {
	pending, err := c.App.BaselineStatus()
	cols := resCutColumns(c.App.Shown.Eval, c.App.State.Cut, pending, err)
	cols[len(cols)-1].Name = c.App.Words("all {0}")
	return cols
}

// Rows is the live metrics table.
func (c *View) Rows() []resMetricRow {
	rows := resCutRows(c.Columns())
	for i := range rows {
		rows[i].Help = c.explain(rows[i].Help)
	}
	return rows
}

// GMMNote explains the state of the GMM baseline, "" once it is there.
func (c *View) GMMNote() string {
	pending, err := c.App.BaselineStatus()
	switch {
	case err != "":
		return "GMM Bayes baseline: " + err
	case pending:
		return "Fitting the GMM Bayes baseline (3 Gaussians per class, on the same training split) in a worker: computing…"
	}
	return ""
}

// CountText formats a count for the confusion matrix.
func (c *View) CountText(n int) string { return format.Thousands(n) }

// resF4 formats a metric.
func resF4(v float64) string {
	if math.IsNaN(v) {
		return "—"
	}
	return fmt.Sprintf("%.4f", v)
}

// AUCText is the flows' ROC AUC on the validation split.
func (c *View) AUCText() string { return resF4(c.App.Shown.Eval.Report.AUC) }

// APText is the flows' average precision.
func (c *View) APText() string { return resF4(c.App.Shown.Eval.Report.AveragePrecision) }

// GMMAUCText is the GMM baseline's ROC AUC and average precision, or its
// state.
func (c *View) GMMAUCText() string {
	if g := c.App.Shown.Eval.GMM; g != nil {
		return fmt.Sprintf("GMM Bayes: ROC AUC %s, average precision %s", resF4(g.AUC), resF4(g.AveragePrecision))
	}
	if _, err := c.App.BaselineStatus(); err != "" {
		return "GMM Bayes: not available"
	}
	return "GMM Bayes: computing…"
}

// ResultsTable3Row is one row of Table III side by side.
type ResultsTable3Row struct {
	Name, RealNVP, MADE, Ours, GMM, AllBackground string
}

// Table3 is the paper's Table III beside the shown classifier, the GMM
// baseline and the call-everything-background baseline, all at the paper's
// cut t = 0, plus the ROC AUC.
func (c *View) Table3() []ResultsTable3Row {
	e := c.App.Shown.Eval
	r := e.Report
	nvp, made := experiment.PaperTable3For(flow.ModelRealNVP), experiment.PaperTable3For(flow.ModelMADE)
	gmm := func(f func(experiment.Report) float64) string {
		if e.GMM == nil {
			if _, err := c.App.BaselineStatus(); err != "" {
				return "—"
			}
			return "computing…"
		}
		return resF4(f(*e.GMM))
	}
	return []ResultsTable3Row{
		{"correctly classified", resF4(nvp.Accuracy), resF4(made.Accuracy), resF4(r.AtZero.Accuracy),
			gmm(func(g experiment.Report) float64 { return g.AtZero.Accuracy }), resF4(r.AllBackground.Accuracy)},
		{"false positive", resF4(nvp.FalsePositive), resF4(made.FalsePositive), resF4(r.AtZero.FalsePositive),
			gmm(func(g experiment.Report) float64 { return g.AtZero.FalsePositive }), resF4(r.AllBackground.FalsePositive)},
		{"false negative", resF4(nvp.FalseNegative), resF4(made.FalseNegative), resF4(r.AtZero.FalseNegative),
			gmm(func(g experiment.Report) float64 { return g.AtZero.FalseNegative }), resF4(r.AllBackground.FalseNegative)},
		{"ROC AUC", "—", "—", resF4(r.AUC), gmm(func(g experiment.Report) float64 { return g.AUC }), "0.5000"},
	}
}

// OursLabel names the shown classifier's column.
func (c *View) OursLabel() string { return "shown: " + app.ModelLabel(c.Model()) }

// AccuracyText explains why accuracy misleads, with this split's numbers.
func (c *View) AccuracyText() string {
	n0, n1 := c.Counts()
	if n1 == 0 {
		return ""
	}
	all := c.App.Shown.Eval.Report.AllBackground.Accuracy
	if float64(n0) < 5*float64(n1) {
		return c.explain(fmt.Sprintf("Here the classes are nearly balanced (%s {0}, %s {1} {rows}), so accuracy is a fair summary. It is not on unbalanced data{paper: : with about 190 background stars per RR Lyrae, calling every star background scores 0.9947 on the bundled stars}.",
			format.Thousands(n0), format.Thousands(n1)))
	}
	text := c.App.Words(fmt.Sprintf("Why accuracy alone misleads: %s of these %s {rows} are {0} (about %d for every {1} {row}), so calling every {row} {0} already scores %s \"correctly classified\" while finding none of the %d {1s}.",
		format.Thousands(n0), format.Thousands(n0+n1), int(math.Round(float64(n0)/float64(n1))), resF4(all), n1))
	if paper := experiment.PaperTable3For(flow.ModelRealNVP).Accuracy; c.App.SDSS() && all > paper {
		text += fmt.Sprintf(" The paper's %.4f is below that bar.", paper)
	}
	return text + c.App.Words(" Completeness, contamination, the ROC curve and the average precision measure what matters: how many {1s} are found, and how clean the list is.")
}

// ResultsRunRow is one training run of this visit in the seeds table.
type ResultsRunRow struct {
	Key, Seed, Model, Preset, Epochs, Accuracy, FP, FN, AUC, GMMAUC, Note string
}

// RunRows lists App.Runs, oldest first.
func (c *View) RunRows() []ResultsRunRow {
	rows := make([]ResultsRunRow, len(c.App.Runs))
	for i, r := range c.App.Runs {
		row := ResultsRunRow{Key: strconv.Itoa(i), Seed: strconv.FormatUint(r.Seed, 10), Model: app.ModelLabel(r.Model), Preset: r.Preset,
			Epochs:   fmt.Sprintf("%d / %d", r.Epochs[0], r.Epochs[1]),
			Accuracy: resF4(r.Report.AtZero.Accuracy), FP: resF4(r.Report.AtZero.FalsePositive), FN: resF4(r.Report.AtZero.FalseNegative),
			AUC: resF4(r.Report.AUC), GMMAUC: "—"}
		if r.GMM != nil {
			row.GMMAUC = resF4(r.GMM.AUC)
		}
		if r.Dataset != "" && r.Dataset != "RR Lyrae" {
			row.Note = r.Dataset
		}
		if r.Stopped {
			row.Note = strings.TrimPrefix(row.Note+"; stopped early", "; ")
		}
		if r.Failed != "" {
			row.Note = strings.TrimPrefix(row.Note+"; failed: the flows did not learn (see the message when it ended)", "; ")
		}
		rows[i] = row
	}
	return rows
}

// ResultsGroupRow is the mean ± standard deviation of the runs of one model and
// preset, when there are at least two.
type ResultsGroupRow struct {
	Key, Label, Accuracy, FP, FN, AUC string
}

// GroupRows summarises repeated runs.
func (c *View) GroupRows() []ResultsGroupRow {
	var out []ResultsGroupRow
	for _, g := range resRunGroups(c.App.Runs) {
		label := fmt.Sprintf("mean ± std of %d runs: %s, %s", g.N, app.ModelLabel(g.Model), g.Preset)
		if g.Dataset != "" && g.Dataset != "RR Lyrae" {
			label += ", " + g.Dataset
		}
		out = append(out, ResultsGroupRow{Key: g.Model + "/" + g.Preset + "/" + g.Dataset, Label: label,
			Accuracy: g.Accuracy.String(), FP: g.FP.String(), FN: g.FN.String(), AUC: g.AUC.String()})
	}
	return out
}

// lossHistories returns the epoch histories of the shown flows (the
// classifier record's).
func (c *View) lossHistories() [2][]flow.EpochStats { return c.App.Shown.History }

// HasLoss reports whether there are loss curves to draw.
func (c *View) HasLoss() bool {
	h := c.lossHistories()
	return len(h[0]) > 0 || len(h[1]) > 0
}

// LossText describes the loss curves' source.
func (c *View) LossText() string {
	h := c.lossHistories()
	src := "saved with this classifier"
	if c.App.Shown.Pair == nil {
		src = "from this page's training run"
		if c.App.Training() {
			src = "of the run training now (the shown classifier is the previous one)"
		}
	}
	n := c.App.ClassNames()
	return fmt.Sprintf("Loss per epoch, %s: %s %d %s, %s %d %s.", src, n[0],
		len(h[0]), format.Plural(len(h[0]), "epoch"), n[1], len(h[1]), format.Plural(len(h[1]), "epoch"))
}

// LossCompare relates the two loss curves to the classes' sizes, as the
// paper's Fig. 6 discussion does ("" when the classes are similar in size).
func (c *View) LossCompare() string {
	e := c.App.Shown.Eval
	if e == nil || e.N1 == 0 || e.N0 < 2*e.N1 {
		return ""
	}
	return format.Capitalize(c.App.Words(fmt.Sprintf("{paper: As in the paper's Fig. 6, }each {0} epoch holds about %s times as many {rows} as a {1} epoch, so the {0} flow needs far fewer epochs, and the {1} flow's curve is noisier: its batches are small and few.", c.Ratio())))
}

// CanExport reports whether there is a classifier to export or score.
func (c *View) CanExport() bool {
	return c.App.Shown.Flows[0] != nil && c.App.Shown.Flows[1] != nil && c.App.Data != nil
}

// exportName is the file name of the exported classifier: model, preset
// and seed of a saved pair, else of the page's settings.
func (c *View) exportName() string {
	preset, seed := c.App.State.Preset, c.App.State.Seed
	if p := c.App.Shown.Pair; p != nil {
		preset, seed = p.Preset, p.Seed
	} else if s := c.App.Session; s != nil && !c.App.Training() {
		preset, seed = s.Setup.Preset, s.Seed
	}
	if preset == "" {
		preset = "custom"
	}
	return fmt.Sprintf("flowlab-%s-%s-seed%d.json", c.Model(), preset, seed)
}

// ExportModel downloads the shown classifier as JSON.
func (c *View) ExportModel() {
	b, err := c.App.ExportPair()
	if err != nil {
		c.ShareNote = "Export failed: " + err.Error()
		return
	}
	name := c.exportName()
	browser.Current.Download(name, "application/json", b)
	c.ShareNote = fmt.Sprintf("Saved %s (%s KB): both flows' weights, settings and training history.", name, format.Thousands((len(b)+512)/1024))
}

// DownloadScores downloads the validation stars' scores as CSV.
func (c *View) DownloadScores() {
	b, err := c.App.ScoresCSV()
	if err != nil {
		c.ShareNote = "No scores: " + err.Error()
		return
	}
	name := fmt.Sprintf("flowlab-scores-%s-seed%d.csv", c.Model(), c.App.State.Seed)
	browser.Current.Download(name, "text/csv", b)
	c.ShareNote = fmt.Sprintf("Saved %s: features, label, ln p under each flow and t for the %s validation "+c.App.Rows()+".", name, format.Thousands(len(c.App.Shown.Eval.T)))
}

// maxImportBytes is the largest classifier file read: a paper-size MADE
// pair is about 12 MB of JSON; a larger file would only freeze the tab.
const maxImportBytes = 64 << 20

// ImportFile reads the file chosen in the import input and adopts the
// classifier in it. The file is read asynchronously; the import itself
// happens under the render lock on a goroutine.
func (c *View) ImportFile(event vugu.DOMEvent) {
	a := c.App
	c.ShareNote = "Reading the file…"
	browser.Current.ReadFileInput(event.JSEventTarget(), maxImportBytes, func(name string, b []byte, err error) {
		go func() {
			a.Env.Lock()
			defer a.Env.UnlockRender()
			c.importBytes(name, b, err)
		}()
	})
}

// importBytes adopts the classifier in b (call under the render lock).
// A bad file leaves the shown classifier as it was.
func (c *View) importBytes(name string, b []byte, readErr error) {
	if readErr != nil {
		c.ImportErr = fmt.Sprintf("Could not read %s: %v. The shown classifier is unchanged.", name, readErr)
		c.ShareNote = ""
		return
	}
	if err := c.App.ImportPair(b, name); err != nil {
		c.ImportErr = err.Error() + ". The shown classifier is unchanged."
		c.ShareNote = ""
		return
	}
	c.ImportErr = ""
	c.ShareNote = "Imported " + name + "."
	c.importNote, c.imported = c.ShareNote, c.App.Shown.Flows
}

// ShareMessage is the keep-and-share status line: the last outcome and, after
// an import, the imported classifier's ROC AUC once it is scored.
func (c *View) ShareMessage() string {
	if c.ShareNote == "" || c.ShareNote != c.importNote || c.imported != c.App.Shown.Flows {
		return c.ShareNote
	}
	if e := c.App.Shown.Eval; e != nil {
		return c.ShareNote + fmt.Sprintf(" ROC AUC %s on the validation "+c.App.Rows()+".", resF4(e.Report.AUC))
	}
	if c.App.Shown.Scoring != "" {
		return c.ShareNote + " " + c.App.Shown.Scoring
	}
	return c.ShareNote
}

// EmptyText is shown instead of the results while there are none.
func (c *View) EmptyText() string {
	if c.App.Shown.Scoring != "" {
		return c.App.Shown.Scoring
	}
	if c.App.Data != nil && c.App.Data != c.App.Bundled {
		// Only the bundled stars come with pretrained flows.
		return "No classifier for this data yet: train one in step 2 (the Quick preset takes seconds), or import a saved one."
	}
	return "Train a classifier first (step 2), or wait for the pretrained flows to load."
}

// CopyLink copies the page's address, which restores this state, to the
// clipboard, and shows it for copying by hand.
func (c *View) CopyLink() {
	a := c.App
	href := browser.Current.Href()
	c.LinkShown, c.LinkCopied = href, false
	browser.Current.CopyText(href, func(err error) {
		go func() {
			a.Env.Lock()
			defer a.Env.UnlockRender()
			if err != nil {
				c.ShareNote = "The browser did not allow copying; select the link below and copy it."
				return
			}
			c.LinkCopied = true
			c.ShareNote = "Link copied. It restores the data, model, settings, seed, view and cut — not the trained weights: export those."
		}()
	})
}
