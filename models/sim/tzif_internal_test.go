package sim

import (
	"encoding/binary"
	"testing"
	"time"
)

// tzifZone returns a zone named name whose offset is std seconds east of
// UTC before the instant at (Unix seconds) and dst from it on, built from
// TZif version 2 data (RFC 8536: one transition, two local time types, no
// footer rule). No real zone changes its offset on the model's last day;
// this one can, so that a test can put a daylight-saving change where
// Prove's case 2 says it matters.
func tzifZone(t testing.TB, name string, std, dst int32, at int64) *time.Location {
	t.Helper()
	header := func(b []byte, transitions uint32) []byte {
		b = append(b, "TZif2"...)
		b = append(b, make([]byte, 15)...)
		// isutcnt, isstdcnt, leapcnt, timecnt, typecnt, charcnt.
		for _, n := range []uint32{0, 0, 0, transitions, 2, 8} {
			b = binary.BigEndian.AppendUint32(b, n)
		}
		return b
	}
	types := func(b []byte) []byte {
		b = binary.BigEndian.AppendUint32(b, uint32(std))
		b = append(b, 0, 0) // not daylight saving; designation "XST"
		b = binary.BigEndian.AppendUint32(b, uint32(dst))
		b = append(b, 1, 4) // daylight saving; designation "XDT"
		return append(b, "XST\x00XDT\x00"...)
	}
	// The version 1 block, which readers of version 2 skip, has no
	// transitions; the version 2 block has the one, with 64-bit time.
	b := types(header(nil, 0))
	b = header(b, 1)
	b = binary.BigEndian.AppendUint64(b, uint64(at))
	b = append(b, 1) // from at on, type 1 (dst)
	b = types(b)
	b = append(b, '\n', '\n') // an empty footer: no rule after the transition
	loc, err := time.LoadLocationFromTZData(name, b)
	if err != nil {
		t.Fatalf("tzifZone(%q): %v", name, err)
	}
	return loc
}

// stretchZone is UTC−1 until 10000-01-01T00:30:00Z, then UTC: at 23:30 on
// 9999-12-31 local clocks jump to 00:30, so the wall clocks 23:30:00 to
// 23:59:59 of the model's last day do not exist there.
func stretchZone(t testing.TB) *time.Location {
	return tzifZone(t, "XST", -3600, 0, time.Date(10000, 1, 1, 0, 30, 0, 0, time.UTC).Unix())
}

// StretchZone is stretchZone for the external tests.
var StretchZone = stretchZone

func TestTZifZone(t *testing.T) {
	at := time.Date(2000, 6, 1, 12, 0, 0, 0, time.UTC).Unix()
	loc := tzifZone(t, "X", -3600, 0, at)
	for _, c := range []struct {
		u    int64
		name string
		off  int
	}{{at - 1, "XST", -3600}, {at, "XDT", 0}, {at + 1e9, "XDT", 0}, {-62135596800, "XST", -3600}} {
		name, off := time.Unix(c.u, 0).In(loc).Zone()
		if name != c.name || off != c.off {
			t.Errorf("%s: %s %d, want %s %d", time.Unix(c.u, 0).UTC(), name, off, c.name, c.off)
		}
	}
}
