// Package experiment ties the engine, the data and the metrics into the
// paper's experiment: presets (Table II and a quick one), seeded splits and
// per-class random streams, training one flow per class, the classifier
// t = ln p(x|0) − ln p(x|1), and its evaluation beside the baselines. The CLI,
// the training workers and the UI all use it, so the same seed gives the same
// result everywhere.
package experiment
