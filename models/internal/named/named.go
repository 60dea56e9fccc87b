// Package named looks up presets by name, for the PresetByName functions
// of the models: one loop, and one way of listing the names a caller may
// use when it asked for one that does not exist.
package named

import "strings"

// Lookup returns the first item of items whose nameOf is name. If there is
// none it returns ok false and the names of all items, comma-separated in
// order, for the caller's error message.
func Lookup[T any](items []T, nameOf func(T) string, name string) (item T, names string, ok bool) {
	all := make([]string, len(items))
	for i, it := range items {
		if nameOf(it) == name {
			return it, "", true
		}
		all[i] = nameOf(it)
	}
	var zero T
	return zero, strings.Join(all, ", "), false
}
