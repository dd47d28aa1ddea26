package api

import (
	"math"
	"net/http"
	"net/netip"
	"strings"
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// lookupClients bounds the clients the lookup limiter remembers; beyond,
// the one unseen for longest is forgotten. About 100 bytes each: a few
// megabytes whatever the number of source addresses.
const lookupClients = 1 << 16

// maxForwardedHops bounds the X-Forwarded-For entries read right to left
// through trusted proxies.
const maxForwardedHops = 16

// lookupLimiter bounds the code lookups of the verification page: each
// client (an IPv4 address, an IPv6 /64: what one host or one home gets)
// has a bucket of burst lookups refilled at rate a second, and all clients
// together at most ceiling a second. A client is the connection's address,
// or, from a trusted proxy, the right-most address of X-Forwarded-For that
// is not a trusted proxy.
type lookupLimiter struct {
	rate, burst float64
	proxies     []netip.Prefix
	global      *rate.Limiter
	start       time.Time // the clock of the buckets: nanoseconds since start

	mu      sync.Mutex
	max     int
	clients map[netip.Addr]int32 // → index in buckets
	buckets []bucket
	// The buckets in order of last use, linked by index: newest first,
	// oldest last (-1 when none).
	newest, oldest int32
}

// bucket is one client's lookups left, as of at.
type bucket struct {
	client     netip.Addr
	tokens     float64
	at         int64
	prev, next int32 // toward newest, toward oldest
}

func newLookupLimiter(perClient float64, burst int, ceiling float64, proxies []netip.Prefix, clients int) *lookupLimiter {
	return &lookupLimiter{
		rate: perClient, burst: float64(burst), proxies: proxies,
		global: rate.NewLimiter(rate.Limit(ceiling), max(1, int(math.Ceil(ceiling)))),
		start:  time.Now(), max: clients, clients: make(map[netip.Addr]int32),
		newest: -1, oldest: -1,
	}
}

// allowClient takes one lookup from the client's bucket.
func (l *lookupLimiter) allowClient(client netip.Addr) bool {
	now := int64(time.Since(l.start))
	l.mu.Lock()
	defer l.mu.Unlock()
	i, known := l.clients[client]
	switch {
	case known:
		b := &l.buckets[i]
		b.tokens = min(l.burst, b.tokens+l.rate*float64(now-b.at)/float64(time.Second))
		b.at = now
		l.unlink(i)
	case len(l.buckets) < l.max:
		i = int32(len(l.buckets))
		l.buckets = append(l.buckets, bucket{client: client, tokens: l.burst, at: now})
		l.clients[client] = i
	default: // the table is full: forget the client unseen for longest
		i = l.oldest
		l.unlink(i)
		delete(l.clients, l.buckets[i].client)
		l.buckets[i] = bucket{client: client, tokens: l.burst, at: now}
		l.clients[client] = i
	}
	l.pushNewest(i)
	b := &l.buckets[i]
	if b.tokens < 1 {
		return false
	}
	b.tokens--
	return true
}

func (l *lookupLimiter) unlink(i int32) {
	b := &l.buckets[i]
	if b.prev >= 0 {
		l.buckets[b.prev].next = b.next
	} else {
		l.newest = b.next
	}
	if b.next >= 0 {
		l.buckets[b.next].prev = b.prev
	} else {
		l.oldest = b.prev
	}
}

func (l *lookupLimiter) pushNewest(i int32) {
	b := &l.buckets[i]
	b.prev, b.next = -1, l.newest
	if l.newest >= 0 {
		l.buckets[l.newest].prev = i
	}
	l.newest = i
	if l.oldest < 0 {
		l.oldest = i
	}
}

// allowAll takes one lookup from what all clients may make together.
func (l *lookupLimiter) allowAll() bool { return l.global.Allow() }

// client is who sends r, as the limiter counts clients.
func (l *lookupLimiter) client(r *http.Request) netip.Addr {
	peer, ok := parseHop(r.RemoteAddr)
	if !ok {
		return netip.Addr{} // not an IP connection: one shared bucket
	}
	if l.trusted(peer) {
		peer = l.forwarded(r.Header.Values("X-Forwarded-For"), peer)
	}
	return clientKey(peer)
}

// forwarded walks X-Forwarded-For from the right (what the nearest proxy
// added) through trusted proxies and returns the first address that is
// not one: the client as the last trusted proxy saw it. What stands left
// of it is the client's own words. An entry that is not an address, or a
// chain longer than maxForwardedHops, stops the walk at the last trusted
// proxy.
func (l *lookupLimiter) forwarded(values []string, proxy netip.Addr) netip.Addr {
	hops := 0
	for i := len(values) - 1; i >= 0; i-- {
		v := values[i]
		for v != "" {
			item := v
			if j := strings.LastIndexByte(v, ','); j >= 0 {
				item, v = v[j+1:], v[:j]
			} else {
				v = ""
			}
			item = strings.TrimSpace(item)
			if item == "" {
				continue
			}
			if hops++; hops > maxForwardedHops {
				return proxy
			}
			a, ok := parseHop(item)
			if !ok {
				return proxy
			}
			if !l.trusted(a) {
				return a
			}
			proxy = a
		}
	}
	return proxy
}

func (l *lookupLimiter) trusted(a netip.Addr) bool {
	for _, p := range l.proxies {
		if p.Contains(a) {
			return true
		}
	}
	return false
}

// parseHop reads an address as a connection or X-Forwarded-For gives it:
// 192.0.2.1, 192.0.2.1:443, 2001:db8::1, [2001:db8::1]:443, [2001:db8::1].
func parseHop(s string) (netip.Addr, bool) {
	if ap, err := netip.ParseAddrPort(s); err == nil {
		return ap.Addr().Unmap().WithZone(""), true
	}
	a, err := netip.ParseAddr(strings.TrimSuffix(strings.TrimPrefix(s, "["), "]"))
	if err != nil {
		return netip.Addr{}, false
	}
	return a.Unmap().WithZone(""), true
}

// clientKey is the client an address belongs to: an IPv4 address itself,
// an IPv6 address's /64.
func clientKey(a netip.Addr) netip.Addr {
	if a.Is6() {
		p, _ := a.Prefix(64)
		return p.Addr()
	}
	return a
}
