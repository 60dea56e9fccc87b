package cluster

import (
	"maps"
	"slices"
)

// sameState reports whether a and b hold the same cluster (test helper; the
// per-server lists are compared as sets in slot order, as Step keeps them).
func sameState(a, b *State) bool {
	if a.cfg != b.cfg || a.seen != b.seen || !a.last.Equal(b.last) || a.strand != b.strand || a.hi != b.hi ||
		a.inHI != b.inHI || !a.hiAt.Equal(b.hiAt) || !slices.Equal(a.status, b.status) ||
		!slices.Equal(a.heap, b.heap) || !slices.Equal(a.heapPos, b.heapPos) || !maps.Equal(a.where, b.where) {
		return false
	}
	return slices.EqualFunc(a.vms, b.vms, func(x, y []VMID) bool { return slices.Equal(x, y) })
}
