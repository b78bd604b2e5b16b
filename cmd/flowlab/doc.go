// Command flowlab trains normalizing flows (Real NVP, MADE/MAF) on labelled
// tables and reproduces the RR Lyrae classification of Moske (2022),
// "Advanced Methods of Data Analysis: Normalizing Flows".
//
// Usage:
//
//	flowlab reproduce [-model realnvp|made|spline] [-preset quick|paper] [-seed N] [-data PATH]
//	                  [-split paper|astroml] [-decay run|step] [-json] [-o DIR]
//	flowlab train -class 0|1 [-model ...] [-preset ...] [-seed N] [-data PATH] [-label COL]
//	              [-features a,b,c] [-layers N] [-hidden N] [-units N] [-epochs N] [-batch N]
//	              [-lr-start X] [-lr-end X] [-standardize] [-o model.json]
//	flowlab score -model model.json|classifier.json [-model2 other.json] [-data file.csv]
//	              [-label COL] [-signal VALUE]
//	flowlab help [command]
//
// reproduce splits the data per class (paper 80/10/10, or astroML's 75/25),
// trains the background flow and then the RR Lyrae flow with one progress line
// per epoch on stderr, classifies the evaluation split by t = ln p(x|0) −
// ln p(x|1), and prints the paper's Table I (KS per feature) and Table III
// beside the paper's values, the "call everything background" baseline and
// astroML's GMM Bayes classifier fitted on the same training split, and ROC
// AUC, average precision, completeness and contamination at the cut t = 0 and
// at the prior cut ln(N1/N0). -json prints one JSON object instead; -o DIR
// also saves both flows and the per-star scores.
//
// train fits one class flow on the training split of any labelled CSV and
// saves it as JSON (a run that diverged writes nothing and exits 1); score
// writes ln p of every row of a CSV under one saved flow, or t under two or
// under a classifier exported by the web page, as spreadsheet-safe CSV.
//
// The data default to $RRLYRAE_CSV, else ../shared/data/rrlyrae/rrlyrae_combined.csv
// relative to the working directory or to the repository root.
//
// Every random choice comes from the seeded streams of package
// flowlab/flow/experiment, so a seed gives the same split, flows and numbers
// here, in the browser workers and in the UI.
//
// Exit status: 0 success (or -h), 1 runtime error (missing or bad file,
// failed or diverged training), 2 usage error (unknown command, flag or flag
// value), 3 internal error (a caught panic: a bug), 130 interrupted (Ctrl-C
// stops training cleanly; what was done is still reported).
package main
