package main

import (
	"encoding/json"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"text/tabwriter"

	"flowlab/flow"
	"flowlab/flow/experiment"
)

// num is a float64 that encodes NaN and ±Inf as JSON null (encoding/json
// refuses them).
type num float64

// MarshalJSON implements json.Marshaler.
func (n num) MarshalJSON() ([]byte, error) {
	f := float64(n)
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return []byte("null"), nil
	}
	return json.Marshal(f)
}

// metricsJSON are one classifier's numbers at one cut.
type metricsJSON struct {
	Cut              num `json:"cut"`
	Accuracy         num `json:"accuracy"`
	FalsePositive    num `json:"false_positive"`
	FalseNegative    num `json:"false_negative"`
	Completeness     num `json:"completeness"`
	Contamination    num `json:"contamination"`
	AUC              num `json:"auc"`
	AveragePrecision num `json:"average_precision"`
	TP               int `json:"tp"`
	FP               int `json:"fp"`
	TN               int `json:"tn"`
	FN               int `json:"fn"`
}

// classifierJSON are a classifier's metrics at t = 0, and at the prior cut.
type classifierJSON struct {
	metricsJSON
	PriorCut metricsJSON `json:"prior_cut"`
	Error    string      `json:"error,omitempty"`
}

// epochJSON is flow.EpochStats with JSON-safe numbers.
type epochJSON struct {
	Epoch         int `json:"epoch"`
	Steps         int `json:"steps"`
	TrainLoss     num `json:"train_loss"`
	LastLoss      num `json:"last_loss"`
	TestLoss      num `json:"test_loss"`
	LR            num `json:"lr"`
	Seconds       num `json:"seconds"`
	SamplesPerSec num `json:"samples_per_s"`
	Rollbacks     int `json:"rollbacks"`
	Saturation    num `json:"saturation"`
}

// reproduceJSON is the object "reproduce -json" prints. The flow's metrics at
// t = 0 are at the top level.
type reproduceJSON struct {
	Model        string   `json:"model"`
	Preset       string   `json:"preset"`
	Seed         uint64   `json:"seed"`
	Split        string   `json:"split"`
	Decay        string   `json:"decay"`
	Data         string   `json:"data"`
	DataChecksum string   `json:"data_checksum"`
	Features     []string `json:"features"`
	Architecture string   `json:"architecture"`
	Rows         struct {
		Data  [2]int `json:"data"`
		Train [2]int `json:"train"`
		Test  [2]int `json:"test"`
		Eval  [2]int `json:"eval"`
	} `json:"rows"` // [background, signal] per part
	EvalSet string `json:"eval_set"`
	KS      []num  `json:"ks"`
	KSPaper []num  `json:"ks_paper,omitempty"`
	classifierJSON
	GMM           classifierJSON         `json:"gmm"`
	AllBackground metricsJSON            `json:"all_background"`
	Paper         experiment.PaperTable3 `json:"paper"`
	Epochs        [2]int                 `json:"epochs"`
	MaxEpochs     [2]int                 `json:"max_epochs"`
	Reasons       [2]string              `json:"reasons"`
	Seconds       num                    `json:"seconds"`
	TrainSeconds  [2]num                 `json:"train_seconds"`
	GMMSeconds    num                    `json:"gmm_seconds"`
	LossHistory   [2][]epochJSON         `json:"loss_history"`
	Setup         experiment.Setup       `json:"setup"`
	Cancelled     bool                   `json:"cancelled"`
}

// metricsOf converts experiment's cut metrics; auc and ap belong to the whole
// ranking, not the cut, and are repeated so every metrics object has them.
func metricsOf(m experiment.CutMetrics, auc, ap float64) metricsJSON {
	c := m.Confusion
	return metricsJSON{Cut: num(m.Cut), Accuracy: num(m.Accuracy), FalsePositive: num(m.FalsePositive),
		FalseNegative: num(m.FalseNegative), Completeness: num(m.Completeness), Contamination: num(m.Contamination),
		AUC: num(auc), AveragePrecision: num(ap), TP: c.TP, FP: c.FP, TN: c.TN, FN: c.FN}
}

// nullMetrics are metrics that were not computed: every number is null.
func nullMetrics() metricsJSON {
	n := num(math.NaN())
	return metricsJSON{Cut: n, Accuracy: n, FalsePositive: n, FalseNegative: n, Completeness: n,
		Contamination: n, AUC: n, AveragePrecision: n}
}

// classifierOf converts one classifier's evaluation.
func classifierOf(c classifier) classifierJSON {
	if c.Err != "" {
		return classifierJSON{metricsJSON: nullMetrics(), PriorCut: nullMetrics(), Error: c.Err}
	}
	r := c.Report
	out := classifierJSON{metricsJSON: metricsOf(r.AtZero, r.AUC, r.AveragePrecision), PriorCut: nullMetrics()}
	if t := r.AtPrior.Confusion.Total(); t > 0 {
		out.PriorCut = metricsOf(r.AtPrior, r.AUC, r.AveragePrecision)
	}
	return out
}

// epochsOf converts a loss history.
func epochsOf(h []flow.EpochStats) []epochJSON {
	out := make([]epochJSON, len(h))
	for i, st := range h {
		out[i] = epochJSON{Epoch: st.Epoch, Steps: st.Steps, TrainLoss: num(st.TrainLoss), LastLoss: num(st.LastLoss),
			TestLoss: num(st.TestLoss), LR: num(st.LR), Seconds: num(st.Seconds), SamplesPerSec: num(st.SamplesPerSec),
			Rollbacks: st.Rollbacks, Saturation: num(st.Saturation)}
	}
	return out
}

// writeReproduceJSON writes r as one indented JSON object.
func writeReproduceJSON(w io.Writer, r *reproduceResult) error {
	var j reproduceJSON
	j.Model, j.Preset, j.Seed, j.Split, j.Decay = r.Model, r.Preset, r.Seed, r.Split, r.Decay
	j.Data, j.DataChecksum, j.Features, j.Architecture = r.DataPath, r.Checksum, r.Names, r.FlowDesc
	j.Rows.Data, j.Rows.Train, j.Rows.Test, j.Rows.Eval = r.Rows.Data, r.Rows.Train, r.Rows.Test, r.Rows.Eval
	j.EvalSet = r.EvalSet
	for _, v := range r.KS {
		j.KS = append(j.KS, num(v))
	}
	if len(r.KS) == len(experiment.PaperKS) {
		for _, v := range experiment.PaperKS {
			j.KSPaper = append(j.KSPaper, num(v))
		}
	}
	j.classifierJSON = classifierOf(r.Flow)
	j.GMM = classifierOf(r.GMM)
	j.AllBackground = nullMetrics()
	if r.Flow.Err == "" {
		j.AllBackground = metricsOf(r.Flow.Report.AllBackground, math.NaN(), math.NaN())
	}
	j.Paper = experiment.PaperTable3For(r.Model)
	for c, cr := range r.Classes {
		j.Epochs[c], j.MaxEpochs[c], j.Reasons[c] = cr.Epochs, cr.MaxEpochs, cr.Reason
		j.TrainSeconds[c] = num(cr.Seconds)
		j.LossHistory[c] = epochsOf(cr.History)
	}
	j.Seconds, j.GMMSeconds = num(r.Seconds), num(r.GMMSeconds)
	j.Setup, j.Cancelled = r.Setup, r.Cancelled
	for c := range j.Setup.Settings {
		j.Setup.Settings[c] = j.Setup.Settings[c].WithDefaults() // the values in effect
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(j)
}

// writeReproduceText writes r as plain-text tables.
func writeReproduceText(w io.Writer, r *reproduceResult) error {
	ew := &errWriter{w: w}
	tw := tabwriter.NewWriter(ew, 0, 0, 2, ' ', 0)
	row := func(cells ...string) { fmt.Fprintln(tw, strings.Join(cells, "\t")) }
	d, tr, te, ev := r.Rows.Data, r.Rows.Train, r.Rows.Test, r.Rows.Eval
	s0, s1 := r.Setup.Settings[0].WithDefaults(), r.Setup.Settings[1].WithDefaults()

	fmt.Fprintln(ew, "Normalizing-flow classification of RR Lyrae stars (Moske 2022), reproduced by flowlab")
	fmt.Fprintln(ew)
	row("data", fmt.Sprintf("%s: %s rows (%s background, %s RR Lyrae), table checksum %.12s…",
		r.DataPath, thousands(d[0]+d[1]), thousands(d[0]), thousands(d[1]), r.Checksum))
	desc := r.FlowDesc
	if desc == "" {
		c := r.Setup.Config
		desc = fmt.Sprintf("%s: %d layers × [%d×%d]", c.Model, c.Layers, c.Hidden, c.Units)
	}
	row("flows", fmt.Sprintf("%s; preset %s, seed %d", desc, r.Preset, r.Seed))
	std := "raw features"
	if s0.Standardize {
		std = "standardised features"
	}
	row("training", fmt.Sprintf("%s; Adam, lr %s → %s (power %g, %s); batches %d / %d; at most %d / %d epochs; stop when the test loss changes by < %s relative",
		std, sci(s0.LRStart), sci(s0.LREnd), s0.LRPower, decayWord(s0.Decay), s0.BatchSize, s1.BatchSize, s0.MaxEpochs, s1.MaxEpochs, sci(s0.Tol)))
	splitDesc := "paper 80/10/10"
	if r.Split == splitAstroML {
		splitDesc = "astroML 75/25"
	}
	parts := fmt.Sprintf("train %s + %s, test %s + %s", thousands(tr[0]), thousands(tr[1]), thousands(te[0]), thousands(te[1]))
	if r.EvalSet == "validation" {
		parts += fmt.Sprintf(", validation %s + %s", thousands(ev[0]), thousands(ev[1]))
	}
	row("split", fmt.Sprintf("%s per class: %s (background + RR Lyrae)", splitDesc, parts))
	row("evaluation", fmt.Sprintf("%s split, %s stars (%s background, %s RR Lyrae); RR Lyrae called when t = ln p(x|0) − ln p(x|1) < cut",
		r.EvalSet, thousands(ev[0]+ev[1]), thousands(ev[0]), thousands(ev[1])))
	tw.Flush()

	fmt.Fprintln(ew, "\nTable I: Kolmogorov–Smirnov statistic per feature, RR Lyrae vs background, full data set")
	row("feature", "KS", "paper")
	for i, v := range r.KS {
		p := "—"
		if len(r.KS) == len(experiment.PaperKS) {
			p = fmt.Sprintf("%.2f", experiment.PaperKS[i])
		}
		row(r.Names[i], fmt.Sprintf("%.4f", v), p)
	}
	tw.Flush()

	paper := experiment.PaperTable3For(r.Model)
	fmt.Fprintf(ew, "\nTable III: classification of the %s split at t = 0 (fractions of all %s stars)\n", r.EvalSet, thousands(ev[0]+ev[1]))
	fr, gr := r.Flow, r.GMM
	ab := fr.Report.AllBackground
	row("", "flow ("+r.Model+")", "paper ("+paper.Model+")", "all background", "GMM Bayes")
	row("correctly classified", frac(fr, fr.Report.AtZero.Accuracy), fmt.Sprintf("%.4f", paper.Accuracy), frac(fr, ab.Accuracy), frac(gr, gr.Report.AtZero.Accuracy))
	row("false positive", frac(fr, fr.Report.AtZero.FalsePositive), fmt.Sprintf("%.4f", paper.FalsePositive), frac(fr, ab.FalsePositive), frac(gr, gr.Report.AtZero.FalsePositive))
	row("false negative", frac(fr, fr.Report.AtZero.FalseNegative), fmt.Sprintf("%.4f", paper.FalseNegative), frac(fr, ab.FalseNegative), frac(gr, gr.Report.AtZero.FalseNegative))
	tw.Flush()

	fmt.Fprintf(ew, "\nClassifier metrics on the %s split (completeness: share of RR Lyrae found; contamination: share of background among the stars called RR Lyrae)\n", r.EvalSet)
	row("classifier", "cut", "ROC AUC", "avg. precision", "accuracy", "completeness", "contamination", "TP", "FP", "FN")
	for _, c := range []struct {
		name string
		cl   classifier
	}{{"flow", fr}, {"GMM Bayes", gr}} {
		if c.cl.Err != "" {
			row(c.name, "—", c.cl.Err)
			continue
		}
		rep := c.cl.Report
		for _, m := range []experiment.CutMetrics{rep.AtZero, rep.AtPrior} {
			if m.Confusion.Total() == 0 {
				continue
			}
			cut := "t < 0"
			if m.Cut != 0 {
				cut = fmt.Sprintf("t < %.2f (prior)", m.Cut)
			}
			cm := m.Confusion
			row(c.name, cut, f4(rep.AUC), f4(rep.AveragePrecision), f4(m.Accuracy), f4(m.Completeness), f4(m.Contamination),
				strconv.Itoa(cm.TP), strconv.Itoa(cm.FP), strconv.Itoa(cm.FN))
		}
	}
	if fr.Err == "" {
		row("all background", "none", "n/a", "n/a", f4(ab.Accuracy), f4(ab.Completeness), f4(ab.Contamination),
			strconv.Itoa(ab.Confusion.TP), strconv.Itoa(ab.Confusion.FP), strconv.Itoa(ab.Confusion.FN))
	}
	tw.Flush()

	fmt.Fprintln(ew, "\nTraining")
	row("class", "epochs", "steps", "stopped", "best test loss", "last test loss", "seconds")
	for c, cr := range r.Classes {
		best, last := bestLast(cr.History)
		row(rrNames[c], fmt.Sprintf("%d/%d", cr.Epochs, cr.MaxEpochs), strconv.Itoa(cr.Steps), cr.Reason, best, last, fmt.Sprintf("%.1f", cr.Seconds))
	}
	tw.Flush()
	fmt.Fprintf(ew, "\ntotal %.1f s (flows %.1f s, GMM Bayes %.1f s)\n", r.Seconds, r.Classes[0].Seconds+r.Classes[1].Seconds, r.GMMSeconds)
	if r.Split == splitAstroML {
		fmt.Fprintln(ew, "note: with -split astroml the test split both stops training and is evaluated")
	}
	if r.Cancelled {
		fmt.Fprintln(ew, "note: interrupted; the numbers above are those of the flows as far as they were trained")
	}
	return ew.err
}

// errWriter remembers the first write error so report code can write freely.
type errWriter struct {
	w   io.Writer
	err error
}

// Write implements io.Writer; after the first error it writes nothing.
func (e *errWriter) Write(p []byte) (int, error) {
	if e.err != nil {
		return 0, e.err
	}
	n, err := e.w.Write(p)
	e.err = err
	return n, err
}

// bestLast formats the lowest test loss (with its epoch) and the last one.
func bestLast(h []flow.EpochStats) (best, last string) {
	if len(h) == 0 {
		return "—", "—"
	}
	bi := -1
	for i, st := range h {
		if !math.IsNaN(st.TestLoss) && (bi < 0 || st.TestLoss < h[bi].TestLoss) {
			bi = i
		}
	}
	best = "n/a"
	if bi >= 0 {
		best = fmt.Sprintf("%.5f (epoch %d)", h[bi].TestLoss, h[bi].Epoch)
	}
	return best, fmt.Sprintf("%.5f", h[len(h)-1].TestLoss)
}

// frac formats a Table III fraction of classifier c, or "—" if c failed.
func frac(c classifier, v float64) string {
	if c.Err != "" {
		return "—"
	}
	return f4(v)
}

// f4 formats v with four decimals, or "n/a" if it is not a number.
func f4(v float64) string {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return "n/a"
	}
	return fmt.Sprintf("%.4f", v)
}

// thousands formats n with comma separators: 92658 → "92,658".
func thousands(n int) string {
	s := strconv.Itoa(n)
	if n < 0 {
		return "-" + thousands(-n)
	}
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

// decayWord says over what the learning rate decays.
func decayWord(decay string) string {
	if decay == flow.DecayStep {
		return "decaying over the first MaxEpochs optimiser steps, as the paper's code"
	}
	return "decaying over the whole run"
}

// sci formats v compactly in scientific notation: 0.003 → "3e-3".
func sci(v float64) string {
	s := strconv.FormatFloat(v, 'e', -1, 64)
	mant, exp, _ := strings.Cut(s, "e")
	sign := ""
	if exp[0] == '-' {
		sign = "-"
	}
	return mant + "e" + sign + strings.TrimLeft(exp[1:], "0")
}
