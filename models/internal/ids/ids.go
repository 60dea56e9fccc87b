// Package ids holds the identifier types that the host and cluster models
// share, so that a server or a VM has one type across host, cluster and the
// simulator that wires them together. host and cluster export them under
// their own names as aliases (host.VMID and cluster.VMID are the same type),
// which keeps the two models independent of each other.
package ids

// ServerID identifies a server of a cluster: 0 … servers−1 (cluster.NoServer,
// −1, is "no server").
type ServerID int

// VMID identifies a VM.
type VMID int
