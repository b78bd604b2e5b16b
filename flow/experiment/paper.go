package experiment

import "flowlab/flow"

// PaperKS is Table I of the paper: the two-sample Kolmogorov–Smirnov
// statistic of u−g, g−r, r−i and i−z, RR Lyrae vs background, to two decimals.
var PaperKS = []float64{0.80, 0.94, 0.91, 0.76}

// PaperTable3 is one column of the paper's Table III: fractions of all
// validation stars at the cut t = 0.
type PaperTable3 struct {
	Model         string  `json:"model"`
	Accuracy      float64 `json:"accuracy"`       // "correctly classified"
	FalsePositive float64 `json:"false_positive"` // background called RR Lyrae, over all
	FalseNegative float64 `json:"false_negative"` // RR Lyrae called background, over all
}

// PaperTable3For returns Table III's column for a model kind.
func PaperTable3For(model string) PaperTable3 {
	if model == flow.ModelMADE {
		return PaperTable3{Model: "MADE", Accuracy: 0.9831, FalsePositive: 0.0166, FalseNegative: 0.0002}
	}
	return PaperTable3{Model: "Real NVP", Accuracy: 0.9870, FalsePositive: 0.0126, FalseNegative: 0.0003}
}
