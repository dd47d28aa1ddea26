package api

import (
	"log"
	"log/slog"
	"regexp"
	"strings"
)

// reAddress matches a client's address in net/http's own messages
// ("http: TLS handshake error from 192.0.2.7:51234", "[2001:db8::1]:443").
var reAddress = regexp.MustCompile(`\[[0-9A-Fa-f:.%a-z0-9]+\](:[0-9]+)?|\b(?:[0-9]{1,3}\.){3}[0-9]{1,3}(:[0-9]+)?`)

// serverLog is the log of net/http's own messages, at WARN, without the
// clients' addresses: an address is personal data.
func serverLog(l *slog.Logger) *log.Logger {
	return log.New(redacted{l}, "", 0)
}

type redacted struct{ l *slog.Logger }

func (r redacted) Write(p []byte) (int, error) {
	msg := reAddress.ReplaceAllString(strings.TrimSpace(string(p)), "(adresse)")
	r.l.Warn(msg)
	return len(p), nil
}
