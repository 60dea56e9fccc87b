package fuzz_test

import (
	"fmt"

	"github.com/leapcheck/leapcheck/fuzz"
)

// Replay one input of a fuzz target outside go test: the readable form of
// the 2012 outage's instant, through the certificate issuance property (each
// preset fails exactly on the dates its claim names). The same bytes as a
// go test corpus file of that target (testdata/fuzz/Fuzz<Target>/<name>):
//
//	go test fuzz v1
//	string("2012-02-29T00:00:00Z")
func ExampleCheck() {
	fmt.Println(fuzz.Check("CertIssue", []byte("2012-02-29T00:00:00Z")))
	fmt.Println(fuzz.Check("CertDecode", []byte("UTCTime 120229000000Z")))
	fmt.Println(fuzz.Check("Sim", []byte("azure2012 2012-02-29T00:00:00Z 2012 4 2")))
	fmt.Println(fuzz.Check("Renew", []byte("yearly-addyears-reject 2028-02-29")))
	// Any other bytes are decoded onto the edge table: every input is a case.
	fmt.Println(fuzz.Check("AddYears", []byte{0x03, 0xff, 0x10}))
	fmt.Println(fuzz.Check("Leap", nil))
	// Output:
	// <nil>
	// <nil>
	// <nil>
	// <nil>
	// <nil>
	// fuzz: no target "Leap" (have ParseDate, NewDate, DayNumber, AddYears, AddMonths, CertEncode, CertDecode, CertIssue, Host, Cluster, Sim, Renew)
}
