package api

import (
	"errors"

	"certidoc/accrochage"
	"certidoc/certificateur"
	"certidoc/generator"
	"certidoc/registre"
	"certidoc/verification"
	"fmt"
	"net"
	"net/netip"
	"strings"
	"time"
)

// Config holds the settings of the HTTP service.
type Config struct {
	// Addr is the address to listen on, such as 127.0.0.1:8080.
	Addr string
	// ReadTimeout, WriteTimeout and IdleTimeout bound each connection.
	ReadTimeout  time.Duration
	WriteTimeout time.Duration
	IdleTimeout  time.Duration
	// ShutdownTimeout bounds the wait for requests in flight on shutdown.
	ShutdownTimeout time.Duration
	// BodyLimit is the largest request body accepted, in bytes; UploadLimit
	// the largest workbook or multipart upload.
	BodyLimit   int64
	UploadLimit int64
	// BodyMemory bounds the bytes of the request bodies held at once:
	// each is read whole before its generation slot (so that a slow upload
	// holds none), and beyond this budget a request waits its turn like a
	// generation, then gets 503.
	BodyMemory int64
	// MaxGenerations bounds the document generations running at once;
	// QueueTimeout is how long a request waits for its turn before 503.
	MaxGenerations int
	QueueTimeout   time.Duration
	// DocxModele is the body's own base Word document (letterhead, styles),
	// nil for the embedded one.
	DocxModele []byte
	// Profil is the certifier's profile in force, Habillage its look as
	// the writers draw it (generator.NewHabillage); nil for the embedded
	// example profile.
	Profil    *certificateur.Profil
	Habillage *generator.Habillage
	// Accrochage holds the certifier's settings for the CDC export.
	Accrochage accrochage.Config
	// Verifier signs attestations and parchemins; nil without a key.
	Verifier *verification.Verifier
	// Token, when set, is required by every /api route.
	Token string
	// Registre records closed sessions and what they issued; nil without.
	Registre Registre
	// URLPublique is the public address the QR codes lead to, without a
	// trailing slash.
	URLPublique string
	// VerifierRate is how many code lookups per second one client (an IPv4
	// address, an IPv6 /64) may make (VerifierBurst at once); beyond, 429.
	VerifierRate  float64
	VerifierBurst int
	// DelaiConvocation is how many days at least the convocations must
	// reach the candidates before each sitting; fewer is a warning.
	DelaiConvocation int
	// VerifierCeiling is how many code lookups per second all clients
	// together may make; beyond, 503.
	VerifierCeiling float64
	// TrustedProxies are the reverse proxies whose X-Forwarded-For names
	// the client; without any, the header is ignored.
	TrustedProxies []netip.Prefix
}

// Registre is what the service uses of a registre: each route uses it
// through the small interface declared beside it (codeLookup for
// /verifier, lister for the listings, closer, revoker, reissuer,
// lateCounter for the metrics, stateReader for /readyz), so that a
// handler can be tried with a fake of what it uses. *registre.Registre is
// the one the command wires.
type Registre interface {
	codeLookup
	lateCounter
	lister
	closer
	revoker
	reissuer
	stateReader
}

var _ Registre = (*registre.Registre)(nil)

// DefaultConfig returns the settings used when none is given.
func DefaultConfig() Config {
	return Config{
		Addr:            "127.0.0.1:8080",
		ReadTimeout:     15 * time.Second,
		WriteTimeout:    60 * time.Second,
		IdleTimeout:     120 * time.Second,
		ShutdownTimeout: 20 * time.Second,
		BodyLimit:       64 << 20, // room for a JSON session of 5,000 candidates (bench/RESULTS.md)
		UploadLimit:     20 << 20,
		BodyMemory:      256 << 20,
		MaxGenerations:  4,
		QueueTimeout:    10 * time.Second,
		VerifierRate:    5,
		VerifierBurst:   20,
		// DelaiConvocation: fifteen days, the usual notice of a convocation.
		DelaiConvocation: 15,
		VerifierCeiling:  100,
	}
}

// Validate reports every invalid setting at once, naming its flag.
func (c Config) Validate() error {
	var errs []error
	if _, _, err := net.SplitHostPort(c.Addr); err != nil {
		errs = append(errs, fmt.Errorf("--addr «\u00a0%s\u00a0»\u00a0: adresse invalide, attendu hôte:port, par exemple 127.0.0.1:8080", c.Addr))
	}
	for _, d := range []struct {
		flag string
		v    time.Duration
	}{
		{"--read-timeout", c.ReadTimeout},
		{"--write-timeout", c.WriteTimeout},
		{"--idle-timeout", c.IdleTimeout},
		{"--shutdown-timeout", c.ShutdownTimeout},
	} {
		if d.v <= 0 {
			errs = append(errs, fmt.Errorf("%s\u00a0: durée %s invalide, attendu une durée positive, par exemple 30s", d.flag, d.v))
		}
	}
	if c.MaxGenerations < 1 {
		errs = append(errs, fmt.Errorf("--max-generations\u00a0: %d, attendu au moins 1", c.MaxGenerations))
	}
	if c.QueueTimeout <= 0 {
		errs = append(errs, fmt.Errorf("--queue-timeout\u00a0: durée %s invalide, attendu une durée positive", c.QueueTimeout))
	}
	if c.Token != "" && len(c.Token) < 16 {
		errs = append(errs, fmt.Errorf("--token\u00a0: %d caractères, 16 au moins (par exemple\u00a0: openssl rand -hex 16)", len(c.Token)))
	}
	if c.VerifierRate <= 0 || c.VerifierBurst < 1 {
		errs = append(errs, fmt.Errorf("--verifier-debit\u00a0: %g vérifications par seconde, attendu un nombre positif", c.VerifierRate))
	}
	if !(c.VerifierCeiling > 0) {
		errs = append(errs, fmt.Errorf("--verifier-plafond\u00a0: %g vérifications par seconde, attendu un nombre positif", c.VerifierCeiling))
	}
	if c.BodyLimit <= 0 {
		errs = append(errs, fmt.Errorf("--body-limit\u00a0: %d octets, attendu un nombre positif", c.BodyLimit))
	}
	if c.UploadLimit <= 0 {
		errs = append(errs, fmt.Errorf("--upload-limit\u00a0: %d octets, attendu un nombre positif", c.UploadLimit))
	}
	if c.DelaiConvocation < 0 || c.DelaiConvocation > 365 {
		errs = append(errs, fmt.Errorf("--delai-convocation\u00a0: %d\u00a0jours, attendu un nombre de jours de 0 à 365", c.DelaiConvocation))
	}
	if c.BodyMemory < max(c.BodyLimit, c.UploadLimit) {
		errs = append(errs, fmt.Errorf("--body-memory\u00a0: %d octets, attendu au moins la plus grande des limites --body-limit et --upload-limit (%d octets)", c.BodyMemory, max(c.BodyLimit, c.UploadLimit)))
	}
	return errors.Join(errs...)
}

// CheckExposure refuses to serve on an address other machines reach
// without a token while the service holds a privilege: a verification key
// signs documents (anyone reaching the service could mint a parchemin that
// verifies), or the registre keeps personal data. Each privilege is one
// condition of the list; the message names every one that holds.
func (c Config) CheckExposure(registre bool) error {
	if c.Token != "" || loopback(c.Addr) {
		return nil
	}
	var why []string
	for _, p := range []struct {
		holds bool
		what  string
	}{
		{c.Verifier != nil, "--cle-verification (CERTIDOC_CLE_VERIFICATION) fait signer les attestations et parchemins"},
		{registre, "le registre est activé (il garde des données personnelles\u202f; --sans-registre le coupe)"},
	} {
		if p.holds {
			why = append(why, p.what)
		}
	}
	if len(why) == 0 {
		return nil
	}
	return fmt.Errorf("--addr %s\u00a0: adresse accessible depuis d’autres machines sans jeton d’accès, alors que %s\u202f; donnez un jeton avec --token (CERTIDOC_TOKEN), ou écoutez sur 127.0.0.1", c.Addr, strings.Join(why, ", et que "))
}

// loopback tells whether an address listens on the loopback interface only.
func loopback(addr string) bool {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return false
	}
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// ParseProxies reads the value of --proxy-de-confiance: addresses or
// networks in CIDR notation, separated by commas (10.0.0.0/8,
// 2001:db8::/32, 192.0.2.10). The error, in French, names every value it
// cannot read.
func ParseProxies(v string) ([]netip.Prefix, error) {
	var out []netip.Prefix
	var bad []string
	for item := range strings.SplitSeq(v, ",") {
		item = strings.TrimSpace(item)
		if item == "" {
			continue
		}
		if p, err := netip.ParsePrefix(item); err == nil {
			out = append(out, p.Masked())
			continue
		}
		if a, err := netip.ParseAddr(item); err == nil && a.Zone() == "" {
			out = append(out, netip.PrefixFrom(a.Unmap(), a.Unmap().BitLen()))
			continue
		}
		bad = append(bad, "«\u00a0"+item+"\u00a0»")
	}
	switch {
	case len(bad) == 1:
		return out, fmt.Errorf("--proxy-de-confiance\u00a0: %s n’est ni une adresse IP ni un réseau CIDR\u202f; attendu par exemple 10.0.0.0/8,2001:db8::/32 ou 192.0.2.10", bad[0])
	case len(bad) > 1:
		return out, fmt.Errorf("--proxy-de-confiance\u00a0: %s ne sont ni des adresses IP ni des réseaux CIDR\u202f; attendu par exemple 10.0.0.0/8,2001:db8::/32 ou 192.0.2.10", strings.Join(bad, ", "))
	}
	return out, nil
}
