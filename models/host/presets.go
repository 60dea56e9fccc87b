package host

import (
	"github.com/leapcheck/leapcheck/models/internal/named"
)

// Preset is a named restart policy taken from a real system, with the
// source it was taken from.
type Preset struct {
	// Name is the preset's name.
	Name string
	// Source says where the policy comes from.
	Source string
	// Policy is the restart policy.
	Policy Policy
}

// Preset names, for PresetByName.
const (
	PresetAzure2012  = "azure2012"
	PresetKubernetes = "kubernetes"
	PresetSystemd    = "systemd"
)

// Presets returns the named restart policies, freshly built on each call:
// azure2012 (Azure2012), kubernetes (Kubernetes) and systemd (Systemd). A
// preset declared here is simulated and proven by models/sim, which builds
// its scenarios from this list, and drawn by the fuzz targets.
func Presets() []Preset {
	return []Preset{
		{PresetAzure2012, `Microsoft, "Summary of Windows Azure Service Disruption on Feb 29th, 2012": 25-minute wait, 3 failed starts make a hardware fault`, Azure2012()},
		{PresetKubernetes, "kubelet CrashLoopBackOff: 10 s doubling to 5 min, reset after 10 min running", Kubernetes()},
		{PresetSystemd, "systemd.service(5) and systemd.unit(5) defaults: Restart=on-failure, RestartSec=100ms, TimeoutStartSec=90s, StartLimitBurst=5, StartLimitIntervalSec=10s", Systemd()},
	}
}

// PresetByName returns the preset called name, or an error listing the
// names.
func PresetByName(name string) (Preset, error) {
	p, names, ok := named.Lookup(Presets(), func(p Preset) string { return p.Name }, name)
	if !ok {
		return Preset{}, errorf(ErrPolicy, "host: no preset named %q (have %s)", name, names)
	}
	return p, nil
}
