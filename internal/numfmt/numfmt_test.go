package numfmt

import (
	"math"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
)

func TestThousands(t *testing.T) {
	for n, want := range map[int64]string{
		0: "0", 7: "7", 999: "999", 1000: "1,000", 2424: "2,424", 3652059: "3,652,059",
		-1: "-1", -1500: "-1,500", -999999: "-999,999", math.MinInt64: "-9,223,372,036,854,775,808",
	} {
		assert.Equal(t, want, Thousands(n), "%d", n)
	}
}

func TestShortDuration(t *testing.T) {
	for d, want := range map[time.Duration]string{
		24 * time.Hour: "24h", 90 * time.Minute: "1h30m", 90 * time.Second: "1m30s",
		25 * time.Minute: "25m", 1500 * time.Millisecond: "1.5s", 0: "0s",
	} {
		assert.Equal(t, want, ShortDuration(d), "%v", d)
	}
}
