package fuzz

import (
	"testing"
)

func FuzzParseDate(f *testing.F) {
	o := plantedCalendar()
	f.Fuzz(func(t *testing.T, s string) {
		if err := o.CheckParseDate(s); err != nil {
			t.Fatal(err)
		}
	})
}

func FuzzNewDate(f *testing.F) {
	o := plantedCalendar()
	f.Fuzz(func(t *testing.T, y, m, d int) {
		if err := o.CheckNewDate(y, m, d); err != nil {
			t.Fatal(err)
		}
	})
}

func FuzzDayNumber(f *testing.F) {
	o := plantedCalendar()
	f.Fuzz(func(t *testing.T, n int64) {
		if err := o.CheckDayNumber(n); err != nil {
			t.Fatal(err)
		}
	})
}

func FuzzAddYears(f *testing.F) {
	o := plantedCalendar()
	f.Fuzz(func(t *testing.T, y, m, d, hh, mm, ss, ns, offsetMinutes, n int, policy uint8) {
		if err := o.CheckAddYears(AddArgs{y, m, d, hh, mm, ss, ns, offsetMinutes, n, policy}); err != nil {
			t.Fatal(err)
		}
	})
}

func FuzzAddMonths(f *testing.F) {
	o := plantedCalendar()
	f.Fuzz(func(t *testing.T, y, m, d, hh, mm, ss, ns, offsetMinutes, n int, policy uint8) {
		if err := o.CheckAddMonths(AddArgs{y, m, d, hh, mm, ss, ns, offsetMinutes, n, policy}); err != nil {
			t.Fatal(err)
		}
	})
}

func FuzzCertEncode(f *testing.F) {
	o := plantedCert()
	f.Fuzz(func(t *testing.T, sec int64) {
		if err := o.CheckCertEncode(sec); err != nil {
			t.Fatal(err)
		}
	})
}

func FuzzCertDecode(f *testing.F) {
	o := plantedCert()
	f.Fuzz(func(t *testing.T, tag uint8, s string) {
		if err := o.CheckCertDecode(tag, s); err != nil {
			t.Fatal(err)
		}
	})
}

func FuzzCertIssue(f *testing.F) {
	o := plantedCert()
	f.Fuzz(func(t *testing.T, sec int64) {
		if err := o.CheckCertIssue(sec); err != nil {
			t.Fatal(err)
		}
	})
}

func FuzzHost(f *testing.F) {
	o := plantedHost()
	f.Fuzz(func(t *testing.T, data []byte) {
		if err := o.CheckHost(data); err != nil {
			t.Fatal(err)
		}
	})
}

func FuzzCluster(f *testing.F) {
	o := plantedCluster()
	f.Fuzz(func(t *testing.T, data []byte) {
		if err := o.CheckCluster(data); err != nil {
			t.Fatal(err)
		}
	})
}

func FuzzSim(f *testing.F) {
	o := plantedSim()
	f.Fuzz(func(t *testing.T, startSec int64, seed uint64, preset, servers, vmsPerServer uint8) {
		if err := o.CheckSim(startSec, seed, preset, servers, vmsPerServer); err != nil {
			t.Fatal(err)
		}
	})
}
