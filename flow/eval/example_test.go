package eval_test

import (
	"fmt"

	"flowlab/flow/eval"
)

// Classify six stars from their test statistic t = ln p(x|0) − ln p(x|1)
// at the paper's cut t < 0.
func ExampleAtCut() {
	t := []float64{-3, -1, 0, 0.5, 2, -0.2}
	labels := []int{1, 0, 1, 1, 0, 1}
	c := eval.AtCut(t, labels, 0)
	fmt.Printf("%+v\n", c)
	fmt.Printf("correctly classified %.3f, false positive %.3f, false negative %.3f\n",
		c.Accuracy(), c.FalsePositiveFraction(), c.FalseNegativeFraction())
	fmt.Printf("completeness %.3f, contamination %.3f\n", c.Completeness(), c.Contamination())
	// Output:
	// {TP:2 FP:1 TN:1 FN:2}
	// correctly classified 0.500, false positive 0.167, false negative 0.333
	// completeness 0.500, contamination 0.333
}

// The prior-corrected cut for the full data set lies on the negative side.
func ExamplePriorCut() {
	fmt.Printf("%.4f\n", eval.PriorCut(92658, 483))
	// Output:
	// -5.2567
}

// ROC takes a score where larger means more likely signal, so pass −t.
func ExampleROC() {
	t := []float64{-3, -1, 0.1, 0.5, 2, -0.2}
	labels := []int{1, 0, 1, 1, 0, 1}
	score := make([]float64, len(t))
	for i, v := range t {
		score[i] = -v
	}
	c := eval.ROC(score, labels)
	for i := range c.FPR {
		fmt.Printf("threshold %5.1f: FPR %.2f TPR %.2f\n", c.Threshold[i], c.FPR[i], c.TPR[i])
	}
	fmt.Printf("AUC %.4f\n", c.AUC())
	// Output:
	// threshold  +Inf: FPR 0.00 TPR 0.00
	// threshold   3.0: FPR 0.00 TPR 0.25
	// threshold   1.0: FPR 0.50 TPR 0.25
	// threshold   0.2: FPR 0.50 TPR 0.50
	// threshold  -0.1: FPR 0.50 TPR 0.75
	// threshold  -0.5: FPR 0.50 TPR 1.00
	// threshold  -2.0: FPR 1.00 TPR 1.00
	// AUC 0.6250
}
