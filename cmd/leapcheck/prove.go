package main

import "io"

func runProve(args []string, stdout, stderr io.Writer) error {
	return usagef("prove: not available yet")
}
