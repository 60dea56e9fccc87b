// Package proof is leapcheck's proof engine: one place for the claim a
// preset makes about its issuance dates, the per-date judgement that decides
// each date, the sweep that judges every date of a range (on several cores,
// in shards that run on several machines), and the result that merges
// shards and says, in words and in JSON, whether the claim held.
//
// # The concept
//
// A Subject is something proved over issuance dates: a Name, a Claim (the
// dates it fails on, stated as data from the subject's own arithmetic) and
// a Judge that decides one date. Package sim judges whether certificates
// issued on a date lead to a boot-failure cascade (sim.ProofPreset.Subject),
// package renew whether they are renewed before they expire
// (renew.Preset.Subject), and package cert whether they can be issued at
// all (cert.Preset.Subject). A user proves a setup of their own the same
// way: build its Subject and Sweep it from a Go test (see the Example).
//
// Sweep judges every date of a range, in order within chunks of consecutive
// days, and compares each verdict with the claim: a date that fails but is
// not claimed is Unexpected, a claimed date that does not fail is Missed,
// and a subject passes when both are zero. A claim that cannot fail is not
// a proof, so the presets that claim failing dates (the 2012 guest agent
// on every February 29) check the judge as much as the judge checks them.
//
// # What a Judge promises
//
// A Verdict covers every instant of its date at which issuance can happen,
// not a sample: the judgement of a date is the worst outcome over all
// 86,400 whole seconds of it (certificate times have one-second precision,
// RFC 5280, so a sub-second issuance is judged at the second its NotBefore
// is truncated to) and over every random draw of the subject (jitter,
// randomised timers). A Judge that looks at finitely many instants states,
// beside its code, why they cover the rest: the instants where its outcome
// can change and why the outcome between them is decided by them. The
// judges in this module say so in their doc comments, and their tests
// compare them with a brute force over every second of sampled dates.
//
// # Determinism and goroutines
//
// This is the one package under models/ that starts goroutines: Sweep runs
// its chunks on Options.Workers goroutines. A Judge must therefore be safe
// for concurrent use (the provers of sim and renew are read-only after they
// are built). The Result does not depend on the number of workers or on
// their scheduling: chunks are merged in range order.
package proof
