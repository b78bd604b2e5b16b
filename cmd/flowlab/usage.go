package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"
)

// command is one subcommand: its help text, its flags and how to run it.
type command struct {
	name     string
	synopsis string // flags in short, after "flowlab NAME"
	summary  string // one line for the overview
	about    string // paragraphs for "flowlab help NAME"
	flags    func() *flag.FlagSet
	run      func(ctx context.Context, args []string, e env) error
}

// commands lists the subcommands in the order the overview shows them. It is
// a function so that the commands' run functions may look it up.
func commands() []*command {
	return []*command{
		{
			name:     "reproduce",
			synopsis: "[-model realnvp|made|spline] [-preset paper|quick] [-seed N] [-data PATH] [-split paper|astroml] [-decay run|step] [-seeds LIST [-jobs N]] [-setup FILE] [-json] [-o DIR]",
			summary:  "train both class flows on the RR Lyrae data and print the paper's tables",
			about: `Splits the data per class, trains the background flow (label 0) and then the
RR Lyrae flow (label 1) with one progress line per epoch on stderr, and
classifies the evaluation split (validation, or test with -split astroml) by
t = ln p(x|0) − ln p(x|1): a star is called RR Lyrae when t < cut. It prints

  Table I    the Kolmogorov–Smirnov statistic of every feature, RR Lyrae vs
             background, on the full data set, beside the paper's values;
  Table III  correctly classified / false positive / false negative (fractions
             of all evaluated stars) at t = 0, beside the paper's values, the
             "call everything background" baseline and astroML's GMM Bayes
             classifier (3 full-covariance Gaussians per class, fitted on the
             same training split);
  metrics    ROC AUC, average precision, completeness (share of RR Lyrae
             found) and contamination (share of the stars called RR Lyrae that
             are background) at t = 0 and at the prior cut ln(N1/N0) of the
             training counts, for the flows and for the GMM;
  training   epochs per class, why each flow stopped, and the time taken.

With -seeds (e.g. -seeds 1-10 or -seeds 3,7,9) it runs the whole experiment
for every seed of the list, -jobs seeds at a time, with one line per finished
seed on stderr, and prints one row per seed and the mean ± standard deviation
over seeds, for the flows and for the GMM on the same splits, of: ROC AUC,
average precision, completeness at contamination ≤ 0.1 and ≤ 0.2 (read off
the precision–recall curve of the evaluation split), the Table III fractions
at t = 0 and at the prior cut, and each class's mean negative log-likelihood
(nats) under its own flow and under its GMM. With -json it prints
{"runs": [one report per seed], "summary": {...}}.

Ctrl-C stops training; what was trained is still evaluated and printed
(exit status 130). If a flow's run failed (as train judges it: see "flowlab
help train"), the tables are still printed and the status is 1.`,
			flags: func() *flag.FlagSet { return reproduceFlags(new(reproduceOpts)) },
			run:   runReproduce,
		},
		{
			name:     "train",
			synopsis: "-class 0|1 [-model realnvp|made|spline] [-preset paper|quick] [-seed N] [-data PATH] [-label COL] [-features a,b,c] [-o model.json] [overrides]",
			summary:  "train one class flow on any labelled CSV and save it as JSON",
			about: `Splits the CSV per class exactly as reproduce does (same -seed, same -split),
trains the flow of one class on its training rows, with the test rows for
early stopping and one progress line per epoch on stderr, and writes the model
(architecture, parameters, standardisation, feature names, data checksum,
seed, settings and loss history) as JSON. With the same flags the model equals
the one "reproduce -o DIR" saves for that class.

The architecture and settings come from -preset; the override flags change
single fields. Ctrl-C stops training and still writes the best model so far
(exit status 130).

A run that failed writes no model and exits with status 1, saying why and
what to change: its test loss is not finite, rose clearly above the flow's
at initialisation (it diverged), or is worse than that of one Gaussian
fitted to the same training rows (a diagonal covariance) by more than 1 nat
per row.`,
			flags: func() *flag.FlagSet { return trainFlags(new(trainOpts)) },
			run:   runTrain,
		},
		{
			name:     "score",
			synopsis: "-model model.json|classifier.json [-model2 other.json] [-data file.csv] [-label COL] [-signal VALUE]",
			summary:  "write ln p of every row of a CSV under one or two saved flows",
			about: `Reads the CSV's columns named by the model's feature names (in any order;
other columns are ignored) and prints CSV to stdout, one row per data row:

  index   0-based data row of the file (its line number is index + 2)
  label   the label column, if the file has one (its values must be 0 or 1)
  lnp     ln p(x) under -model
  lnp2    ln p(x) under -model2 (only with -model2)
  t       lnp − lnp2 (only with -model2)

-model may also be a classifier holding both flows (format flowlab-pair/1:
the web page's export, or reproduce -o's pair.json); then lnp is the
background flow's, lnp2 the RR Lyrae flow's and t their difference.

Numbers are printed with every digit needed to read back the same float64;
the output is spreadsheet-safe CSV (RFC 4180 quoting; no cell starts a
formula). With two flows and a label column, one summary line goes to
stderr: ROC AUC and accuracy at t = 0, with t oriented as ln p(background) −
ln p(signal) by the models' classes. The file needs no label column and may
hold one class only.`,
			flags: func() *flag.FlagSet { return scoreFlags(new(scoreOpts)) },
			run:   runScore,
		},
	}
}

// findCommand returns the command called name, or nil.
func findCommand(name string) *command {
	for _, c := range commands() {
		if c.name == name {
			return c
		}
	}
	return nil
}

// writeMainUsage writes the overview of all commands.
func writeMainUsage(w io.Writer) {
	fmt.Fprint(w, `flowlab trains normalizing flows (Real NVP, MADE/MAF) on labelled tables and
reproduces the RR Lyrae classification of Moske (2022), "Normalizing Flows".

usage: flowlab <command> [flags]

commands:
`)
	for _, c := range commands() {
		fmt.Fprintf(w, "  %-10s %s\n", c.name, c.summary)
	}
	fmt.Fprint(w, `  help       this text; "flowlab help <command>" (or "flowlab <command> -h")
             explains a command's flags

Data: -data PATH, else $RRLYRAE_CSV, else ../shared/data/rrlyrae/rrlyrae_combined.csv
relative to the working directory or to the repository root. A CSV has a header
line, numeric feature columns and a label column with 0 (background) or 1
(signal, e.g. RR Lyrae; other values with -signal). Fields may be separated by
commas, semicolons (with decimal commas) or tabs and quoted as spreadsheets, R
and pandas write them; lines starting with # are comments.

Exit status: 0 success, 1 runtime error (missing or bad file, failed or
diverged training), 2 usage error (unknown command, flag or flag value),
3 internal error (a bug: a panic was caught; please report the message),
130 interrupted (Ctrl-C stops training cleanly and still reports what was
done). Input files are checked against size caps before anything is
allocated, so that running out of memory (which Go reports with a crash and
status 2) cannot happen on a bad file.

Examples:
  flowlab reproduce -preset quick
  flowlab reproduce -model made -preset paper -json > made.json
  flowlab train -class 1 -data mine.csv -features a,b,c -epochs 50 -o signal.json
  flowlab score -model background.json -model2 signal.json -data mine.csv > scores.csv
`)
}

// writeCommandUsage writes a command's synopsis, description and flags.
func writeCommandUsage(w io.Writer, c *command) {
	fmt.Fprintf(w, "usage: flowlab %s %s\n\n%s\n\nflags:\n", c.name, c.synopsis, strings.TrimSpace(c.about))
	writeFlags(w, c.flags())
}

// writeFlags lists the flags of fs like flag.PrintDefaults, with the
// explanations wrapped to fit 80 columns.
func writeFlags(w io.Writer, fs *flag.FlagSet) {
	fs.VisitAll(func(f *flag.Flag) {
		name, usage := flag.UnquoteUsage(f)
		line := "  -" + f.Name
		if name != "" {
			line += " " + name
		}
		fmt.Fprintln(w, line)
		switch {
		case f.DefValue == "" || f.DefValue == "0" || f.DefValue == "false":
		case strings.Contains(usage, "required"):
		default:
			usage += " (default " + f.DefValue + ")"
		}
		for _, l := range wrap(usage, 72) {
			fmt.Fprintln(w, "      "+l)
		}
	})
}

// wrap breaks text into lines of at most width runes at spaces.
func wrap(text string, width int) []string {
	var lines []string
	var cur []string
	n := 0
	for _, word := range strings.Fields(text) {
		wl := utf8.RuneCountInString(word)
		if n > 0 && n+1+wl > width {
			lines = append(lines, strings.Join(cur, " "))
			cur, n = nil, 0
		}
		if n > 0 {
			n++
		}
		cur = append(cur, word)
		n += wl
	}
	if len(cur) > 0 {
		lines = append(lines, strings.Join(cur, " "))
	}
	return lines
}
