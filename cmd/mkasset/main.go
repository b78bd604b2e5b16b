package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"time"

	"flowlab/flow/data"
)

// config holds the parsed flags.
type config struct {
	out        string        // -o: asset path
	csv        string        // -csv: CSV path, "" to use the other sources
	cache      string        // -cache: download cache directory
	allowOther bool          // -allow-other: skip the RR Lyrae checks
	timeout    time.Duration // -timeout: limit for the whole download step
}

// runEnv is everything run takes from the outside world, so tests can replace it.
type runEnv struct {
	getenv func(string) string
	cwd    string
	fetch  fetchFunc
	stdout io.Writer
	stderr io.Writer
}

func main() {
	cwd, err := os.Getwd()
	if err != nil {
		fmt.Fprintln(os.Stderr, "mkasset:", err)
		os.Exit(1)
	}
	os.Exit(run(os.Args[1:], runEnv{
		getenv: os.Getenv,
		cwd:    cwd,
		fetch:  httpFetch,
		stdout: os.Stdout,
		stderr: os.Stderr,
	}))
}

// parseFlags reads the command line.
func parseFlags(args []string, stderr io.Writer) (config, error) {
	var cfg config
	fs := flag.NewFlagSet("mkasset", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&cfg.out, "o", "dist/data/rrlyrae.bin", "write the asset to this `path`")
	fs.StringVar(&cfg.csv, "csv", "", "read the RR Lyrae CSV from this `path` (default: $RRLYRAE_CSV, the shared copy, or a download)")
	fs.StringVar(&cfg.cache, "cache", ".cache/astroml", "download the astroML originals into this `dir`")
	fs.BoolVar(&cfg.allowOther, "allow-other", false, "pack any valid labelled CSV: skip the RR Lyrae sha256, count, name and checksum checks")
	fs.DurationVar(&cfg.timeout, "timeout", 10*time.Minute, "give up downloading after this long")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: go run ./cmd/mkasset -o dist/data/rrlyrae.bin [-csv PATH] [-cache DIR] [-allow-other]")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return cfg, err
	}
	if fs.NArg() > 0 {
		fs.Usage()
		return cfg, fmt.Errorf("unexpected arguments %q", fs.Args())
	}
	if cfg.out == "" {
		return cfg, errors.New("-o must name the output file")
	}
	return cfg, nil
}

// run is the whole command; it returns the exit status.
func run(args []string, env runEnv) int {
	cfg, err := parseFlags(args, env.stderr)
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		fmt.Fprintln(env.stderr, "mkasset:", err)
		return 2
	}
	ctx, cancel := context.WithTimeout(context.Background(), cfg.timeout)
	defer cancel()

	d, from, err := load(ctx, cfg, env)
	if err != nil {
		fmt.Fprintln(env.stderr, "mkasset:", err)
		return 1
	}
	if cfg.allowOther {
		fmt.Fprintf(env.stderr, "mkasset: -allow-other: %s not checked against the RR Lyrae reference\n", from)
	} else if err := verifyRRLyrae(d); err != nil {
		fmt.Fprintf(env.stderr, "mkasset: %s is not the expected RR Lyrae table:\n%v\n", from, err)
		return 1
	}
	var buf bytes.Buffer
	if err := data.EncodeAsset(&buf, d); err != nil {
		fmt.Fprintln(env.stderr, "mkasset:", err)
		return 1
	}
	if err := writeFileAtomic(cfg.out, buf.Bytes()); err != nil {
		fmt.Fprintln(env.stderr, "mkasset:", err)
		return 1
	}
	fmt.Fprintf(env.stdout, "%s: %d rows, %d bytes, checksum %s\n", cfg.out, d.Len(), buf.Len(), d.Checksum())
	return 0
}
