package fuzz

import "os"

// PlantEnv is the environment variable that makes a fuzz target run with a
// planted bug in its oracle: LEAPCHECK_PLANT=<name of a Plant>. Unset, the
// targets use the real oracles.
const PlantEnv = "LEAPCHECK_PLANT"

func plantedCalendar() CalendarOracles {
	return CalendarOracles{}
}

var _ = os.Getenv

func plantedCert() CertOracles { return CertOracles{} }

func plantedHost() HostOracles { return HostOracles{} }

func plantedCluster() ClusterOracles { return ClusterOracles{} }

func plantedSim() SimOracles { return SimOracles{} }
