package mismatch

import "testing"

func TestCollectorKeepsTheFirstFew(t *testing.T) {
	var a, b Collector
	for i := 0; i < 7; i++ {
		a.Addf("a%d", i)
		b.Addf("b%d", i)
	}
	a.Merge(b)
	if a.Len() != 14 || len(a.first) != keep || a.first[0] != "a0" || a.first[keep-1] != "b2" {
		t.Fatalf("collected %d, kept %q", a.Len(), a.first)
	}
	var empty Collector
	empty.Check(t, "nothing") // must not fail
}
