package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"

	"flowlab/flow"
)

// Exit statuses.
const (
	exitOK          = 0
	exitRuntime     = 1   // a file, the data or training failed
	exitUsage       = 2   // unknown command, flag or flag value
	exitInternal    = 3   // a bug: a panic was caught (the message says what to report)
	exitInterrupted = 130 // Ctrl-C; the shell convention 128 + SIGINT
)

// env is everything a command takes from the outside world, so tests can
// replace it.
type env struct {
	stdout, stderr io.Writer
	getenv         func(string) string // os.Getenv
	cwd            string              // working directory, for the default data path
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	go func() {
		<-ctx.Done()
		stop() // a second Ctrl-C kills the process at once
	}()
	cwd, err := os.Getwd()
	if err != nil {
		fmt.Fprintln(os.Stderr, "flowlab:", err)
		os.Exit(exitRuntime)
	}
	os.Exit(run(ctx, os.Args[1:], env{stdout: os.Stdout, stderr: os.Stderr, getenv: os.Getenv, cwd: cwd}))
}

// run dispatches args to a command and returns the exit status. Errors are
// printed to e.stderr as one line.
func run(ctx context.Context, args []string, e env) int {
	if len(args) == 0 {
		writeMainUsage(e.stderr)
		return exitUsage
	}
	name, rest := args[0], args[1:]
	if name == "help" || name == "-h" || name == "-help" || name == "--help" {
		return runHelp(rest, e)
	}
	cmd := findCommand(name)
	if cmd == nil {
		fmt.Fprintf(e.stderr, "flowlab: unknown command %q (commands: reproduce, train, score, help)\n", name)
		return exitUsage
	}
	return exitStatus(cmd.name, runCaught(ctx, cmd, rest, e), e)
}

// internalError is a panic caught in a command (exit status 3).
type internalError struct{ value any }

// Error implements error.
func (p internalError) Error() string {
	return fmt.Sprintf("internal error (a bug in flowlab; please report this line and the command): %v", p.value)
}

// runCaught runs cmd and turns a panic into an internalError, so that a bug
// never looks like a usage error (Go's own exit status for a panic is 2).
func runCaught(ctx context.Context, cmd *command, args []string, e env) (err error) {
	defer func() {
		if v := recover(); v != nil {
			err = internalError{v}
		}
	}()
	return cmd.run(ctx, args, e)
}

// runHelp prints the overview, or one command's usage, to stdout.
func runHelp(args []string, e env) int {
	switch {
	case len(args) == 0:
		writeMainUsage(e.stdout)
		return exitOK
	case len(args) > 1:
		fmt.Fprintf(e.stderr, "flowlab help: want at most one command, got %q\n", args)
		return exitUsage
	}
	cmd := findCommand(args[0])
	if cmd == nil {
		fmt.Fprintf(e.stderr, "flowlab help: unknown command %q (commands: reproduce, train, score)\n", args[0])
		return exitUsage
	}
	writeCommandUsage(e.stdout, cmd)
	return exitOK
}

// usageError marks an error in the command line (exit status 2).
type usageError struct{ err error }

// Error implements error.
func (u usageError) Error() string { return u.err.Error() }

// Unwrap returns the underlying error.
func (u usageError) Unwrap() error { return u.err }

// usagef returns a usageError with a formatted message.
func usagef(format string, a ...any) error { return usageError{fmt.Errorf(format, a...)} }

// exitStatus prints err (if any) as one line prefixed with the command and
// maps it to an exit status.
func exitStatus(name string, err error, e env) int {
	var ue usageError
	var ie internalError
	switch {
	case err == nil:
		return exitOK
	case errors.Is(err, flag.ErrHelp):
		return exitOK // the usage went to stdout
	case errors.As(err, &ie):
		fmt.Fprintf(e.stderr, "flowlab %s: %v\n", name, err)
		return exitInternal
	case errors.As(err, &ue):
		fmt.Fprintf(e.stderr, "flowlab %s: %v (see 'flowlab help %s')\n", name, err, name)
		return exitUsage
	case errors.Is(err, flow.ErrCancelled):
		fmt.Fprintf(e.stderr, "flowlab %s: interrupted: %v\n", name, err)
		return exitInterrupted
	}
	fmt.Fprintf(e.stderr, "flowlab %s: %v\n", name, err)
	return exitRuntime
}
