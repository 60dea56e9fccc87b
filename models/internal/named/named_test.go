package named

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestLookup(t *testing.T) {
	type p struct{ n string }
	items := []p{{"a"}, {"b"}, {"b"}}
	name := func(x p) string { return x.n }
	got, names, ok := Lookup(items, name, "b")
	assert.True(t, ok)
	assert.Equal(t, p{"b"}, got)
	assert.Empty(t, names)
	got, names, ok = Lookup(items, name, "c")
	assert.False(t, ok)
	assert.Equal(t, p{}, got)
	assert.Equal(t, "a, b, b", names)
	_, names, ok = Lookup[p](nil, name, "")
	assert.False(t, ok)
	assert.Empty(t, names)
}
