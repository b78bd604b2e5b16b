// Package classifyview is the Classify view (View, view.vugu): the test
// statistic's histograms and the cut, the confusion matrix beside the GMM
// Bayes and all-background baselines, ROC and precision–recall curves,
// Table III, the runs of this visit, and export, import, download and share.
package classifyview
