package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Getenv, os.Stdout, os.Stderr)
	stop()
	os.Exit(exitCode(err, os.Stderr))
}

// exitCode prints err in French on stderr and returns the process's status.
func exitCode(err error, stderr io.Writer) int {
	if err == nil {
		return 0
	}
	if errors.Is(err, errHelp) {
		return 0
	}
	if u, ok := errors.AsType[usageError](err); ok {
		fmt.Fprintln(stderr, "certidoc\u00a0: "+u.msg)
		fmt.Fprintln(stderr, "Aide\u00a0: certidoc --help")
		return 2
	}
	fmt.Fprintln(stderr, "certidoc\u00a0: "+err.Error())
	return 1
}
