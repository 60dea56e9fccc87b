package fuzz

import (
	"encoding/binary"
	"fmt"
	"strings"
)

// targetInfo is one fuzz target as this package knows it: the fuzz function
// itself is in fuzz_test.go (Go requires it), under "Fuzz" + name.
type targetInfo struct {
	// name is the target's name without the "Fuzz" prefix.
	name string
	// bytes is true when the target's argument is a []byte, false for a
	// string.
	bytes bool
	// check runs the target's property on one input with the given oracles.
	check func(o oracles, in string) error
	// seeds returns the target's seed inputs, in readable form where the
	// target has one.
	seeds func() []string
}

// registry lists every fuzz target, in the order make fuzz runs them.
var registry = []targetInfo{
	{"ParseDate", false, func(o oracles, in string) error { return o.calendar.checkParseDate(in) }, seedsParseDate},
	{"NewDate", false, func(o oracles, in string) error { return o.calendar.checkNewDate(in) }, seedsNewDate},
	{"DayNumber", false, func(o oracles, in string) error { return o.calendar.checkDayNumber(in) }, seedsDayNumber},
	{"AddYears", false, func(o oracles, in string) error { return o.calendar.checkAddYears(in) }, seedsAddYears},
	{"AddMonths", false, func(o oracles, in string) error { return o.calendar.checkAddMonths(in) }, seedsAddMonths},
	{"CertEncode", false, func(o oracles, in string) error { return o.cert.checkCertEncode(in) }, seedsInstant},
	{"CertDecode", false, func(o oracles, in string) error { return o.cert.checkCertDecode(in) }, seedsCertDecode},
	{"CertIssue", false, func(o oracles, in string) error { return o.cert.checkCertIssue(in) }, seedsInstant},
	{"Host", true, func(o oracles, in string) error { return o.host.checkHost([]byte(in)) }, seedsHost},
	{"Cluster", true, func(o oracles, in string) error { return o.cluster.checkCluster([]byte(in)) }, seedsCluster},
	{"Sim", false, func(o oracles, in string) error { return o.sim.checkSim(in) }, seedsSim},
	{"Renew", false, func(o oracles, in string) error { return o.renew.checkRenew(in) }, seedsRenew},
}

// Targets returns the names of the package's fuzz targets without their
// "Fuzz" prefix: go test -fuzz=Fuzz<name> ./fuzz fuzzes one.
func Targets() []string {
	out := make([]string, len(registry))
	for i, t := range registry {
		out[i] = t.name
	}
	return out
}

// Check runs the property of the fuzz target named target (as Targets names
// it) on one input, the argument of a go test corpus file or of a crasher,
// with the real oracles. It returns nil if the property holds, an error
// describing the violation (with the readable form of the case) if it does
// not, and an error for an unknown target.
func Check(target string, input []byte) error {
	for _, t := range registry {
		if t.name == target {
			return t.check(oracles{}, string(input))
		}
	}
	return fmt.Errorf("fuzz: no target %q (have %s)", target, strings.Join(Targets(), ", "))
}

// rawInput returns the bytes a libFuzzer build made with go-118-fuzz-build
// (OSS-Fuzz's and ClusterFuzzLite's compile_native_go_fuzzer) must be given
// for a fuzz function with one string or []byte argument to receive arg.
// That harness reads the argument with a go-fuzz-headers consumer
// (github.com/AdaLogics/go-fuzz-headers, as used by
// github.com/AdamKorcz/go-118-fuzz-build/testing.F.Fuzz): a 4-byte
// big-endian length, then that many bytes. So even a []byte target does not
// get the raw input as its argument.
func rawInput(arg string) []byte {
	out := binary.BigEndian.AppendUint32(nil, uint32(len(arg)))
	return append(out, arg...)
}
