package classifyview

import (
	"errors"
	"math"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"gonum.org/v1/gonum/stat"

	"flowlab/flow"
	"flowlab/flow/eval"
	"flowlab/flow/experiment"
	"flowlab/wasm/client"
	"flowlab/web/app"
	"flowlab/web/format"
	"flowlab/web/internal/webtest"
)

// resEval makes an evaluation of n rows with about one RR Lyrae in ratio,
// where RR Lyrae have t around −4 and background around +6 (both with unit
// spread), so the classes overlap a little.
func resEval(n, ratio int, seed uint64) *app.Evaluation {
	rng := rand.New(rand.NewPCG(seed, 7))
	e := &app.Evaluation{T: make([]float64, n), Labels: make([]int, n), N0: 1000, N1: 1000 / ratio}
	for i := range n {
		if rng.IntN(ratio) == 0 {
			e.Labels[i] = 1
			e.T[i] = -4 + 2*rng.NormFloat64()
		} else {
			e.T[i] = 6 + 3*rng.NormFloat64()
		}
	}
	e.Report = experiment.Evaluate(e.T, e.Labels, e.N0, e.N1)
	return e
}

// countAt counts the decisions "RR Lyrae iff t < cut" directly, as the
// definition of the confusion matrix says (the reference for eval.AtCut).
func countAt(t []float64, labels []int, cut float64) (tp, fp, tn, fn int) {
	for i, v := range t {
		switch {
		case v < cut && labels[i] == 1:
			tp++
		case v < cut:
			fp++
		case labels[i] == 1:
			fn++
		default:
			tn++
		}
	}
	return
}

func TestResCutColumnsMatchDefinition(t *testing.T) {
	e := resEval(3000, 20, 1)
	n1 := 0
	for _, l := range e.Labels {
		n1 += l
	}
	for _, cut := range []float64{-1e9, -8, eval.PriorCut(e.N0, e.N1), -0.5, 0, 0.5, 3, 1e9} {
		cols := resCutColumns(e, cut, true, "")
		if len(cols) != 3 {
			t.Fatalf("cut %g: %d columns, want flows, GMM, all background", cut, len(cols))
		}
		got := cols[0].M.Confusion
		tp, fp, tn, fn := countAt(e.T, e.Labels, cut)
		if got != (eval.Confusion{TP: tp, FP: fp, TN: tn, FN: fn}) {
			t.Errorf("cut %g: flows %+v, counted TP %d FP %d TN %d FN %d", cut, got, tp, fp, tn, fn)
		}
		if got != eval.AtCut(e.T, e.Labels, cut) {
			t.Errorf("cut %g: flows %+v, eval.AtCut %+v", cut, got, eval.AtCut(e.T, e.Labels, cut))
		}
		if got.TP+got.FN != n1 || got.Total() != len(e.T) {
			t.Errorf("cut %g: TP+FN = %d (want %d RR Lyrae), total %d (want %d)", cut, got.TP+got.FN, n1, got.Total(), len(e.T))
		}
		if m := cols[0].M; math.Abs(m.Accuracy+m.FalsePositive+m.FalseNegative-1) > 1e-12 {
			t.Errorf("cut %g: accuracy + FP + FN = %v, want 1", cut, m.Accuracy+m.FalsePositive+m.FalseNegative)
		}
		if !cols[1].Pending {
			t.Errorf("cut %g: GMM column not pending without a GMM statistic", cut)
		}
		all := cols[2].M.Confusion
		if all != (eval.Confusion{TN: len(e.T) - n1, FN: n1}) {
			t.Errorf("cut %g: all-background column %+v", cut, all)
		}
	}
}

func TestResCutColumnsGMM(t *testing.T) {
	e := resEval(500, 10, 2)
	if c := resCutColumns(e, 0, false, "no worker")[1]; c.Err != "no worker" || c.Pending {
		t.Errorf("failed GMM column = %+v, want the error and not pending", c)
	}
	e.GMMT = make([]float64, len(e.T))
	for i, v := range e.T {
		e.GMMT[i] = v + 1 // a different statistic
	}
	c := resCutColumns(e, 0.5, true, "")[1]
	if c.Pending || c.Err != "" || c.M.Confusion != eval.AtCut(e.GMMT, e.Labels, 0.5) {
		t.Errorf("GMM column = %+v, want eval.AtCut of the GMM statistic", c)
	}
	rows := resCutRows([]resCutColumn{{M: experiment.AtCut(e.T, e.Labels, 0)}, {Pending: true}, {Err: "x"}})
	for _, r := range rows {
		if len(r.Values) != 3 || r.Values[1] != "computing…" || r.Values[2] != "—" {
			t.Errorf("row %s = %q, want a value, computing… and —", r.Key, r.Values)
		}
	}
}

// TestResCutAxis: the slider and the histogram share one axis, which holds
// the histogram's range, the prior cut, 0 and the cut (the knob lines up
// with the cut line drawn).
func TestResCutAxis(t *testing.T) {
	tests := []struct {
		name       string
		t          []float64
		prior, cut float64
		lo, hi     float64
	}{
		{"inside", []float64{-7.5, 3, 40, 2.2}, -5.26, 0, -9, 41},
		{"prior below every t", []float64{-1, 30}, -5.26, 0, -7, 31},
		{"cut far right", []float64{-3, 3}, -5.26, 12.5, -7, 14},
		{"NaN ignored", []float64{math.NaN(), -2, 8}, -1, 0, -3, 9},
	}
	for _, tc := range tests {
		lo, hi := resCutAxis(tc.t, tc.prior, tc.cut)
		if lo != tc.lo || hi != tc.hi {
			t.Errorf("%s: axis [%g, %g], want [%g, %g]", tc.name, lo, hi, tc.lo, tc.hi)
		}
		fig := resHistFigure(app.ClassNamesFor(nil), &app.Evaluation{T: tc.t, Labels: make([]int, len(tc.t))}, tc.cut, tc.prior, 200)
		if x := fig.Panels[0].X; x.Min != lo || x.Max != hi {
			t.Errorf("%s: histogram axis [%g, %g], slider [%g, %g]", tc.name, x.Min, x.Max, lo, hi)
		}
	}
}

func TestResRunGroups(t *testing.T) {
	run := func(model, preset string, seed uint64, acc, auc float64) app.RunSummary {
		r := app.RunSummary{Model: model, Preset: preset, Dataset: "RR Lyrae", Seed: seed}
		r.Report.AtZero.Accuracy, r.Report.AUC = acc, auc
		r.Report.AtZero.FalsePositive, r.Report.AtZero.FalseNegative = (1-acc)*0.9, (1-acc)*0.1
		return r
	}
	runs := []app.RunSummary{
		run(flow.ModelRealNVP, "quick", 1, 0.978, 0.991),
		run(flow.ModelMADE, "quick", 1, 0.970, 0.990),
		run(flow.ModelRealNVP, "quick", 2, 0.981, 0.993),
		run(flow.ModelRealNVP, "paper", 1, 0.985, 0.995),
		run(flow.ModelRealNVP, "quick", 3, 0.975, 0.989),
	}
	groups := resRunGroups(runs)
	if len(groups) != 1 || groups[0].Model != flow.ModelRealNVP || groups[0].Preset != "quick" || groups[0].N != 3 {
		t.Fatalf("groups = %+v, want one group of the 3 quick Real NVP runs", groups)
	}
	// Reference: gonum's stat.MeanStdDev (unbiased, n − 1).
	g := groups[0]
	for _, c := range []struct {
		name string
		got  resMeanStd
		vals []float64
	}{
		{"accuracy", g.Accuracy, []float64{0.978, 0.981, 0.975}},
		{"AUC", g.AUC, []float64{0.991, 0.993, 0.989}},
		{"FP", g.FP, []float64{(1 - 0.978) * 0.9, (1 - 0.981) * 0.9, (1 - 0.975) * 0.9}},
	} {
		m, s := stat.MeanStdDev(c.vals, nil)
		if math.Abs(c.got.Mean-m) > 1e-15 || math.Abs(c.got.Std-s) > 1e-15 {
			t.Errorf("%s: %v ± %v, gonum says %v ± %v", c.name, c.got.Mean, c.got.Std, m, s)
		}
	}
	if s := (resMeanStd{0.97812, 0.00301}).String(); s != "0.9781 ± 0.0030" {
		t.Errorf("String() = %q", s)
	}
	if one := resSampleMeanStd([]float64{0.5}); one != (resMeanStd{Mean: 0.5}) {
		t.Errorf("one value: %+v, want mean 0.5 and no spread", one)
	}
}

func TestResPRCurve(t *testing.T) {
	e := resEval(800, 8, 3)
	score := resNegate(e.T)
	c := eval.ROC(score, e.Labels)
	n0, n1 := e.Report.AllBackground.Confusion.TN, e.Report.AllBackground.Confusion.FN
	recall, precision := resPRCurve(c, n0, n1)
	if len(recall) != len(c.FPR)-1 { // only (0, 0) calls nothing signal
		t.Fatalf("%d PR points from %d ROC points", len(recall), len(c.FPR))
	}
	for i := range recall {
		// Point i+1 of the ROC curve is "signal iff score >= threshold",
		// i.e. t <= −threshold; count it directly.
		thr := c.Threshold[i+1]
		tp, fp := 0, 0
		for k, s := range score {
			if s >= thr {
				if e.Labels[k] == 1 {
					tp++
				} else {
					fp++
				}
			}
		}
		wantP, wantR := float64(tp)/float64(tp+fp), float64(tp)/float64(n1)
		if math.Abs(precision[i]-wantP) > 1e-12 || math.Abs(recall[i]-wantR) > 1e-12 {
			t.Fatalf("point %d: precision %v recall %v, counted %v %v", i, precision[i], recall[i], wantP, wantR)
		}
	}
}

func TestResHistFigure(t *testing.T) {
	e := resEval(2000, 10, 4)
	e.T[0] = 1e4 // a far tail value the histogram leaves out
	lo, hi, above := resHistRange(e.T)
	fig := resHistFigure(app.ClassNamesFor(nil), e, -1.5, -2.3, 0)
	p := fig.Panels[0]
	if len(p.Series) != 2 || !p.Y.Log {
		t.Fatalf("want two class series on a log count axis, got %d series, log %v", len(p.Series), p.Y.Log)
	}
	total := 0.0
	for _, s := range p.Series {
		if len(s.X) != len(s.Y)+1 || s.X[0] != lo || s.X[len(s.X)-1] != hi {
			t.Errorf("%s: %d edges for %d bins over [%g, %g]", s.Name, len(s.X), len(s.Y), s.X[0], s.X[len(s.X)-1])
		}
		for _, v := range s.Y {
			total += v
		}
	}
	if int(total)+above != len(e.T) || above < 1 {
		t.Errorf("%v stars in bins + %d above %g = %d, want %d", total, above, hi, int(total)+above, len(e.T))
	}
	marks := map[float64]bool{}
	for _, m := range p.Marks {
		marks[m.X] = true
	}
	if !marks[0] || !marks[-1.5] || !marks[-2.3] {
		t.Errorf("marks %v, want 0, the cut and the prior cut", p.Marks)
	}
}

// TestAppComputeBaseline fits the GMM baseline for an adopted pair through a
// goroutine worker and checks it equals the baseline computed directly.
func TestAppComputeBaseline(t *testing.T) {
	env := &webtest.LockEnv{}
	a := webtest.AdoptedApp(t)
	a.Env, a.NewConn = env, webtest.GoConns
	env.Lock()
	e := a.Shown.Eval
	if !a.NeedsBaseline() {
		t.Fatal("a fresh pair needs the baseline")
	}
	a.ComputeBaseline()
	if pending, err := a.BaselineStatus(); !pending || err != "" || a.NeedsBaseline() {
		t.Errorf("after the request: pending %v, err %q, needs %v", pending, err, a.NeedsBaseline())
	}
	a.ComputeBaseline() // a second call must not start a second worker
	env.Unlock()
	deadline := time.Now().Add(20 * time.Second) // a hang guard, not a timing target
	for {
		env.Lock()
		done := e.GMM != nil
		_, errText := a.BaselineStatus()
		env.Unlock()
		if done || errText != "" {
			if errText != "" {
				t.Fatal(errText)
			}
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the GMM baseline never arrived")
		}
		time.Sleep(5 * time.Millisecond)
	}
	env.Lock()
	defer env.Unlock()
	split := a.Split()
	want, err := experiment.GMMBaseline(split.Train, split.Valid.X, split.Valid.Len(), a.State.Seed)
	if err != nil {
		t.Fatal(err)
	}
	for i := range want {
		if e.GMMT[i] != want[i] {
			t.Fatalf("GMM t[%d] = %v, computed directly %v", i, e.GMMT[i], want[i])
		}
	}
	if r := experiment.Evaluate(want, e.Labels, e.N0, e.N1); e.GMM.AUC != r.AUC {
		t.Errorf("GMM AUC %v, want %v", e.GMM.AUC, r.AUC)
	}
	if a.NeedsBaseline() {
		t.Error("still needs the baseline after it arrived")
	}

	// A classifier imported for the same split reuses the fit, no worker.
	if err := a.AdoptPair(a.Shown.Pair, a.Shown.Flows, "again"); err != nil {
		t.Fatal(err)
	}
	webtest.WaitScored(t, a, env)
	a.NewConn = func(int, func(client.Message)) (client.Conn, error) {
		t.Error("a second worker was started for the same split")
		return nil, errors.New("no")
	}
	a.ComputeBaseline()
	if a.Shown.Eval == e || a.Shown.Eval.GMM == nil || &a.Shown.Eval.GMMT[0] != &e.GMMT[0] {
		t.Errorf("the new evaluation did not reuse the split's GMM baseline")
	}
}

func TestAppComputeBaselineSeedChanged(t *testing.T) {
	env := &webtest.LockEnv{}
	a := webtest.AdoptedApp(t)
	a.Env, a.NewConn = env, webtest.GoConns
	a.State.Seed = 99 // the evaluation belongs to seed 1's split
	a.ComputeBaseline()
	if pending, err := a.BaselineStatus(); pending || !strings.Contains(err, "seed changed") {
		t.Errorf("pending %v, err %q; want the seed-changed error", pending, err)
	}
}

func TestResultsRenders(t *testing.T) {
	a := webtest.AdoptedApp(t)
	a.Runs = []app.RunSummary{{Model: flow.ModelMADE, Preset: "quick", Dataset: "RR Lyrae", Seed: 3}, {Model: flow.ModelMADE, Preset: "quick", Dataset: "RR Lyrae", Seed: 4}}
	c := &View{App: a}
	html := webtest.RenderStatic(t, c)
	conf := eval.AtCut(a.Shown.Eval.T, a.Shown.Eval.Labels, -0.5)
	for _, want := range []string{
		`data-testid="cut-slider"`, `value="-0.5"`,
		`data-testid="roc-auc">` + resF4(a.Shown.Eval.Report.AUC) + "<",
		`data-testid="confusion-tp">` + format.Thousands(conf.TP) + "<",
		`data-testid="confusion-fn">` + format.Thousands(conf.FN) + "<",
		`data-testid="confusion-fp">` + format.Thousands(conf.FP) + "<",
		`data-testid="confusion-tn">` + format.Thousands(conf.TN) + "<",
		"computing…", // the GMM baseline was not asked for
		`data-testid="export-model"`, `data-testid="import-model"`, `data-testid="copy-link"`,
		`data-testid="run-group"`, "mean ± std of 2 runs: MADE, quick",
		`class="results-plot results-plot-loss"`,
	} {
		if !strings.Contains(html, want) {
			t.Errorf("rendered results lack %q", want)
		}
	}
	if strings.Contains(html, `data-testid="seed-warning"`) {
		t.Error("seed warning shown for a pair of the page's own seed")
	}
	a.State.Seed = 5
	a.ScoreShown()
	if html := webtest.RenderStatic(t, c); !strings.Contains(html, `data-testid="seed-warning"`) {
		t.Error("no seed warning for a seed-1 pair on seed 5's split")
	}
}

func TestResultsCutAndImport(t *testing.T) {
	a := webtest.AdoptedApp(t)
	c := &View{App: a}
	changed := 0
	a.OnChange = func() { changed++ }
	c.SetCutText("−2.5")
	if a.State.Cut != -2.5 || changed != 1 || !strings.Contains(a.State.Encode(), "cut=-2.5") {
		t.Errorf("cut %v after %d changes, hash %q", a.State.Cut, changed, a.State.Encode())
	}
	c.SetCutText("abc")
	if a.State.Cut != -2.5 {
		t.Errorf("bad text changed the cut to %v", a.State.Cut)
	}
	c.UsePriorCut()
	if a.State.Cut != eval.PriorCut(a.Shown.Eval.N0, a.Shown.Eval.N1) {
		t.Errorf("prior cut button set %v", a.State.Cut)
	}

	before := a.Shown.Eval
	c.importBytes("broken.json", []byte(`{"format": `), nil)
	if a.Shown.Eval != before || a.Shown.Label != "test pair" || !strings.Contains(c.ImportErr, "broken.json is not a usable Flow Lab model") {
		t.Errorf("after a broken import: label %q, err %q", a.Shown.Label, c.ImportErr)
	}
	b, err := a.ExportPair()
	if err != nil {
		t.Fatal(err)
	}
	c.importBytes("saved.json", b, nil)
	if h := a.Shown.Pair.Background.History; len(h) != 1 || h[0].Steps != 10 || a.Shown.Pair.Seed != 1 {
		t.Errorf("the exported pair lost its history or seed: %+v, seed %d", h, a.Shown.Pair.Seed)
	}
	if c.ImportErr != "" || a.Shown.Label != "imported from saved.json" || !strings.HasPrefix(c.ShareMessage(), "Imported saved.json. ROC AUC 0.") {
		t.Errorf("after a good import: label %q, err %q, message %q", a.Shown.Label, c.ImportErr, c.ShareMessage())
	}
	for i := range before.T {
		if a.Shown.Eval.T[i] != before.T[i] {
			t.Fatalf("t[%d] changed after export and import: %v → %v", i, before.T[i], a.Shown.Eval.T[i])
		}
	}
}

// TestResultsWhileScoring checks that the view says what is being scored
// while the evaluation of an adopted classifier is under way.
func TestResultsWhileScoring(t *testing.T) {
	a := webtest.AdoptedApp(t)
	env := &webtest.LockEnv{}
	a.Env, a.NewConn = env, webtest.GoConns
	env.Lock()
	defer env.Unlock()
	if err := a.AdoptPair(a.Shown.Pair, a.Shown.Flows, "again"); err != nil {
		t.Fatal(err)
	}
	c := &View{App: a}
	if a.Shown.Scoring == "" || c.EmptyText() != a.Shown.Scoring || c.HasEval() {
		t.Errorf("while scoring: scoring %q, empty text %q, has eval %v", a.Shown.Scoring, c.EmptyText(), c.HasEval())
	}
	if html := webtest.RenderStatic(t, c); !strings.Contains(html, a.Shown.Scoring) {
		t.Errorf("the results view does not say it is scoring")
	}
}
