package renew

import (
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/leapcheck/leapcheck/models/cert"
)

// ClientEventKind is the kind of an input to Client.Step.
type ClientEventKind uint8

// Client events.
const (
	// Boot: the client starts without a certificate.
	Boot ClientEventKind = iota + 1
	// TimerFired: the timer the client set (SetTimer) is due.
	TimerFired
	// Issued: the CA answered the client's request with Event.Cert.
	Issued
	// Refused: the CA refused the request (Event.Reason: an outage or the
	// rate limit).
	Refused
)

var clientEventNames = [...]string{Boot: "boot", TimerFired: "timer", Issued: "issued", Refused: "refused"}

// String returns the kind's name.
func (k ClientEventKind) String() string {
	if k >= Boot && k <= Refused {
		return clientEventNames[k]
	}
	return fmt.Sprintf("ClientEventKind(%d)", uint8(k))
}

// ClientEvent is an input to Client.Step.
type ClientEvent struct {
	Kind   ClientEventKind
	Cert   cert.Validity // Issued
	Reason string        // Refused
}

// ActionKind is the kind of an output of Client.Step.
type ActionKind uint8

// Client actions.
const (
	// RequestCertificate: ask the CA for a certificate now.
	RequestCertificate ActionKind = iota + 1
	// SetTimer: deliver TimerFired at Action.At (replacing any earlier
	// timer).
	SetTimer
)

// Action is an output of Client.Step.
type Action struct {
	Kind ActionKind
	At   time.Time // SetTimer
}

// Client is one renewal client as a pure state machine, in the manner of
// host.State: Step takes an event and the current instant and returns the
// next Client and the actions to take; the caller owns the clock, the
// timers and the CA. A Client is a value and Step never changes the one it
// is called on. Its randomness (jitter, ARI's choice in the window, timer
// delays) comes from its seed only.
type Client struct {
	policy   Policy
	seed     uint64
	rng      rand.PCG
	cert     cert.Validity
	has      bool
	due      time.Time
	failures int
	timer    time.Time
}

// NewClient returns a client following p with randomness seeded by seed.
// Error: p invalid.
func NewClient(p Policy, seed uint64) (Client, error) {
	if err := p.Validate(); err != nil {
		return Client{}, err
	}
	return Client{policy: p, seed: seed, rng: *rand.NewPCG(seed, 0x72656e6577)}, nil
}

// Policy returns the client's policy.
func (c Client) Policy() Policy { return c.policy }

// Cert returns the certificate the client holds, and false before its
// first issuance.
func (c Client) Cert() (cert.Validity, bool) { return c.cert, c.has }

// Due returns when the held certificate becomes due (zero before the
// first issuance).
func (c Client) Due() time.Time { return c.due }

// Failures returns the number of consecutive refused requests.
func (c Client) Failures() int { return c.failures }

// Timer returns the pending timer, zero if none.
func (c Client) Timer() time.Time { return c.timer }

// Step applies ev at now. It returns an error wrapping ErrSchedule when
// the client cannot compute when to renew a certificate it was just
// issued (the returned Client holds the certificate and sets no timer: it
// will never renew), ErrRange when its next run would be after 9999, and
// ErrConfig for an event it does not know.
func (c Client) Step(ev ClientEvent, now time.Time) (Client, []Action, error) {
	u := now.Unix()
	switch ev.Kind {
	case Boot:
		c.timer = time.Time{}
		return c, []Action{{Kind: RequestCertificate}}, nil
	case Issued:
		c.cert, c.has, c.failures = ev.Cert, true, 0
		rng := rand.New(&c.rng)
		d, err := c.policy.due(ev.Cert.NotBefore.Unix(), ev.Cert.NotAfter.Unix(), rng.Float64())
		if err != nil {
			c.due, c.timer = time.Time{}, time.Time{}
			return c, nil, err
		}
		c.due = time.Unix(d, 0).UTC()
		return c.wakeAt(max(d, u+1))
	case TimerFired:
		if !c.has || now.Unix() >= c.due.Unix() {
			c.timer = time.Time{}
			return c, []Action{{Kind: RequestCertificate}}, nil
		}
		return c.wakeAt(max(c.due.Unix(), u+1))
	case Refused:
		c.failures++
		if c.policy.Retry.AtNextWake {
			return c.wakeAt(u + 1)
		}
		wait := c.policy.Retry.backoff(c.failures)
		if n := int64(c.policy.Retry.Random / time.Second); n > 1 {
			wait += rand.New(&c.rng).Int64N(n)
		}
		c.timer = time.Unix(u+wait, 0).UTC()
		return c, []Action{{Kind: SetTimer, At: c.timer}}, nil
	}
	return c, nil, configError(ev.Kind.String(), fmt.Sprintf("client %s: unknown event %v", c.policy.Name, ev.Kind))
}

// wakeAt sets the timer to the client's first run at or after x.
func (c Client) wakeAt(x int64) (Client, []Action, error) {
	r, err := c.policy.Wake.nextRun(x, c.seed)
	if err != nil {
		c.timer = time.Time{}
		return c, nil, err
	}
	c.timer = time.Unix(r, 0).UTC()
	return c, []Action{{Kind: SetTimer, At: c.timer}}, nil
}
