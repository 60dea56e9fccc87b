package cluster

import (
	"github.com/leapcheck/leapcheck/models/internal/named"
)

// Preset is a named cluster configuration taken from a real system, with
// the source it was taken from.
type Preset struct {
	// Name is the preset's name.
	Name string
	// Source says where the configuration comes from.
	Source string
	// Config is the cluster's shape and threshold.
	Config Config
}

// Preset names, for PresetByName.
const (
	PresetAzure2012  = "azure2012"
	PresetKubernetes = "kubernetes"
)

// Presets returns the named configurations, freshly built on each call:
// azure2012 (Azure2012) and kubernetes (Kubernetes). A preset declared here
// is simulated and proven by models/sim, which builds its scenarios from
// this list.
func Presets() []Preset {
	return []Preset{
		{PresetAzure2012, `Microsoft, "Summary of Windows Azure Service Disruption on Feb 29th, 2012": about 1,000 servers; threshold and capacity are assumptions (see the package documentation)`, Azure2012()},
		{PresetKubernetes, "Kubernetes node lifecycle controller: --unhealthy-zone-threshold=0.55, at least 3 nodes; kubelet --max-pods=110", Kubernetes()},
	}
}

// PresetByName returns the preset called name, or an error listing the
// names.
func PresetByName(name string) (Preset, error) {
	p, names, ok := named.Lookup(Presets(), func(p Preset) string { return p.Name }, name)
	if !ok {
		return Preset{}, errorf(ErrConfig, "cluster: no preset named %q (have %s)", name, names)
	}
	return p, nil
}
