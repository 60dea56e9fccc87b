package fuzz

import (
	"math/rand/v2"
	"testing"
)

// BenchmarkCheck runs each target's property on random 16-byte inputs (the
// decoded cases) and on its seeds: the cost of one execution, without the
// fuzzing engine's. make fuzz-speed measures the ratio to an empty target.
func BenchmarkCheck(b *testing.B) {
	rng := rand.New(rand.NewPCG(5, 6))
	inputs := make([]string, 256)
	for i := range inputs {
		buf := make([]byte, 16)
		for j := range buf {
			buf[j] = byte(rng.Uint32())
		}
		inputs[i] = string(buf)
	}
	for _, tg := range registry {
		b.Run(tg.name, func(b *testing.B) {
			for i := 0; b.Loop(); i++ {
				_ = tg.check(oracles{}, inputs[i%len(inputs)])
			}
		})
	}
}
