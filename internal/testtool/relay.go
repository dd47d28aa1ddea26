package testtool

import (
	"io"
	"net"
	"sync"
	"time"
)

// Relay forwards the TCP connections made to a loopback address to a
// server, and can make that server silent: while silenced, it accepts
// connections and reads what clients send, but nothing reaches the server
// and nothing comes back, as with a server whose processes are stopped
// (the kernel still accepts, nobody answers) or a network that drops
// every packet. The tests and the attack replay put it between certidoc
// and PostgreSQL.
type Relay struct {
	target string
	ln     net.Listener

	mu     sync.Mutex
	cond   *sync.Cond
	silent bool
	slow   time.Duration // added to every chunk relayed
	closed bool
	conns  map[net.Conn]bool
	wg     sync.WaitGroup
}

// NewRelay listens on a free loopback port and relays to target (host:port).
func NewRelay(target string) (*Relay, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	r := &Relay{target: target, ln: ln, conns: map[net.Conn]bool{}}
	r.cond = sync.NewCond(&r.mu)
	r.wg.Add(1)
	go r.accept()
	return r, nil
}

// Addr is the relay's address, host:port.
func (r *Relay) Addr() string { return r.ln.Addr().String() }

// Silence makes the server silent (true) or lets it answer again (false):
// what was held is then delivered.
func (r *Relay) Silence(on bool) {
	r.mu.Lock()
	r.silent = on
	r.mu.Unlock()
	r.cond.Broadcast()
}

// Close stops the relay and cuts every connection.
func (r *Relay) Close() error {
	r.mu.Lock()
	r.closed = true
	for c := range r.conns {
		c.Close()
	}
	r.mu.Unlock()
	r.cond.Broadcast()
	err := r.ln.Close()
	r.wg.Wait()
	return err
}

// Slow delays every chunk relayed, either way, by d: a slow network, a
// server under load. 0 relays at once.
func (r *Relay) Slow(d time.Duration) {
	r.mu.Lock()
	r.slow = d
	r.mu.Unlock()
}

// wait blocks while the server is silent, then for the relay's slowness;
// false when the relay closed.
func (r *Relay) wait() bool {
	r.mu.Lock()
	for r.silent && !r.closed {
		r.cond.Wait()
	}
	closed, slow := r.closed, r.slow
	r.mu.Unlock()
	if slow > 0 && !closed {
		time.Sleep(slow)
	}
	return !closed
}

func (r *Relay) track(c net.Conn) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.closed {
		c.Close()
		return false
	}
	r.conns[c] = true
	return true
}

func (r *Relay) untrack(c net.Conn) {
	c.Close()
	r.mu.Lock()
	delete(r.conns, c)
	r.mu.Unlock()
}

func (r *Relay) accept() {
	defer r.wg.Done()
	for {
		c, err := r.ln.Accept()
		if err != nil {
			return
		}
		if !r.track(c) {
			return
		}
		r.wg.Add(1)
		go func() {
			defer r.wg.Done()
			defer r.untrack(c)
			if !r.wait() { // a silent server does not even greet
				return
			}
			s, err := net.Dial("tcp", r.target)
			if err != nil || !r.track(s) {
				return
			}
			defer r.untrack(s)
			done := make(chan struct{}, 2)
			go func() { r.pipe(s, c); s.Close(); c.Close(); done <- struct{}{} }()
			r.pipe(c, s)
			s.Close()
			c.Close()
			<-done
		}()
	}
}

// pipe copies src to dst, holding every read while the server is silent.
func (r *Relay) pipe(dst io.Writer, src io.Reader) {
	buf := make([]byte, 32<<10)
	for {
		n, err := src.Read(buf)
		if n > 0 {
			if !r.wait() {
				return
			}
			if _, werr := dst.Write(buf[:n]); werr != nil {
				return
			}
		}
		if err != nil {
			return
		}
	}
}
