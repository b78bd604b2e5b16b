package main

import "flowlab/flow"

// paperKS is Table I of the paper: the two-sample Kolmogorov–Smirnov statistic
// of u−g, g−r, r−i and i−z, RR Lyrae vs background, to two decimals.
var paperKS = []float64{0.80, 0.94, 0.91, 0.76}

// paperTable3 is one column of the paper's Table III: fractions of all
// validation stars at the cut t = 0.
type paperTable3 struct {
	Model         string  `json:"model"`
	Accuracy      float64 `json:"accuracy"`       // "correctly classified"
	FalsePositive float64 `json:"false_positive"` // background called RR Lyrae, over all
	FalseNegative float64 `json:"false_negative"` // RR Lyrae called background, over all
}

// paperTable3For returns Table III's column for a model kind.
func paperTable3For(model string) paperTable3 {
	if model == flow.ModelMADE {
		return paperTable3{Model: "MADE", Accuracy: 0.9831, FalsePositive: 0.0166, FalseNegative: 0.0002}
	}
	return paperTable3{Model: "Real NVP", Accuracy: 0.9870, FalsePositive: 0.0126, FalseNegative: 0.0003}
}
