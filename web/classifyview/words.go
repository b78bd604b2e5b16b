package classifyview

import (
	"strings"

	"github.com/vugu/vugu"
)

// The view's longer explanations, written for any data: App.Words's
// placeholders for the class names and rows, {t}, {features}, {prior} and
// {ratio} for the test statistic, the feature words, the prior cut and the
// class ratio, and inline HTML. The texts and every name put into them are
// the page's own (View.Explain fills them in for vg-html).
const (
	// The cut t = 0 in the slider's marks, the histogram's key and the button.
	zeroCutOption = `0{paper:  (paper)}`
	zeroCutKey    = `t = 0{paper: , the paper's cut}`
	zeroCutButton = `t = 0{paper:  (the paper's cut)}`

	explainIntro = `Each {row} gets the log-likelihood ratio <strong>{t}</strong> from the two flows; {rows} with t below the cut are called {1}.`

	explainNeymanPearson = `By the Neyman–Pearson lemma, thresholding the likelihood ratio finds the most {1s} for any allowed rate of {0s} mistaken for them, so if the flows learn the two densities well, no classifier of {features} can do better — the cut only chooses the trade-off.`

	explainHistogram = `— {paper: Like the paper's Fig. 4: }{1s} (orange) mostly have t &lt; 0, {0s} (blue) t &gt; 0, on a logarithmic count axis so the few {0s} among the {1s} show. The far {0} tail (top 0.5%) is cut off.`

	explainPrior = `Each flow models p(x | class) and knows nothing of how common its class is. Bayes' rule calls a {row} {1} when N<sub>1</sub> p(x | {1}) &gt; N<sub>0</sub> p(x | {0}), that is when t &lt; ln(N<sub>1</sub>/N<sub>0</sub>) = {prior}: {1s} are about {ratio} times rarer, so a {row} must look that many times more like {1} before that is the likelier answer. It finds fewer {1s} than t &lt; 0 but calls far fewer {0s} {1}.`

	explainCompleteness = `<strong>Completeness</strong> is the share of {1s} that are found, TP / (TP + FN); <strong>contamination</strong> is the share of {0s} among those called {1}, FP / (TP + FP) — astroML's terms for a survey's finding list.{paper:  The paper's "false positive" and "false negative" divide by all stars instead, which makes a list that is mostly background stars look like a 2% error.} The <strong>GMM Bayes</strong> baseline is astroML's classic: three Gaussians per class fitted to the same training {rows}, scored with the same t and cut. <strong>All {0}</strong> calls every {row} {0} — the bar any accuracy has to clear.`

	explainROC = `Black: the flows; dashed green: GMM Bayes; the dots are the current cut. The ROC curve puts the <strong>false-positive rate</strong> ({0s} called {1} ÷ all {0s}) on x and the <strong>true-positive rate</strong> (completeness) on y, so a perfect classifier hugs the top-left corner and the dashed diagonal is guessing.{paper:  The paper's code passed ln p<sub>0</sub> − ln p<sub>1</sub> (large for background) as the RR Lyrae score, so its Fig. 5 is drawn inverted, and its axis called "1 − purity" is this false-positive rate.} The AUC is the chance that a random {1} {row} gets a lower t than a random {0} {row}. When the {1s} are few among many {0s}, the precision–recall curve (grey line: the {1} share, i.e. guessing) shows what the ROC's steep start hides: how clean the list is.`

	explainLoss = `The loss is the mean negative log-likelihood of the {rows}; it does not approach 0 because a density's log has no natural zero — it can even go negative when the {rows} are packed tightly (a density above 1).`
)

// Explain is one of the view's explanations filled in for the data in use,
// as HTML for vg-html.
func (c *View) Explain(text string) vugu.HTML { return vugu.HTML(c.explain(text)) }

// explain fills in text (see the constants above) for the data in use.
func (c *View) explain(text string) string {
	for key, value := range map[string]func() string{
		"{t}": c.App.TFormula, "{features}": c.App.FeatureWords, "{prior}": c.PriorCutText, "{ratio}": c.Ratio,
	} {
		if strings.Contains(text, key) { // the numbers exist only once a classifier is scored
			text = strings.ReplaceAll(text, key, value())
		}
	}
	return c.App.Words(text)
}
