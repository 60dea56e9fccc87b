package main

import "io"

func runSimulate(args []string, stdout, stderr io.Writer) error {
	return usagef("simulate: not available yet")
}
