package props

import (
	"flag"
	"fmt"
	"os"
	"testing"
)

// TestMain turns off rapid's fail files: several tests here make checks
// fail on purpose, and a failure is reproduced by the -rapid.seed it prints.
func TestMain(m *testing.M) {
	flag.Parse()
	if err := flag.Set("rapid.nofailfile", "true"); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	os.Exit(m.Run())
}
