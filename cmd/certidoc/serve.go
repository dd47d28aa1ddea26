package main

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"strconv"
	"strings"
	"time"

	"certidoc/api"
	"certidoc/verification"
)

const serveHelp = `certidoc serve — lance le service HTTP. Chaque option a sa variable
d’environnement (entre parenthèses) ; l’option l’emporte.

Exemple :
  certidoc serve --addr 127.0.0.1:8080
`

func runServe(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	def := api.DefaultConfig()
	fs := newFlags("serve", serveHelp, stdout)
	addr := fs.String("addr", envOr(getenv, "CERTIDOC_ADDR", def.Addr), "adresse d’écoute hôte:port (CERTIDOC_ADDR\u202f; par défaut "+def.Addr+")")
	refPath := referentielFlag(fs, getenv)
	readTimeout := fs.String("read-timeout", envOr(getenv, "CERTIDOC_READ_TIMEOUT", def.ReadTimeout.String()), "délai de lecture d’une requête (CERTIDOC_READ_TIMEOUT\u202f; par défaut "+def.ReadTimeout.String()+")")
	writeTimeout := fs.String("write-timeout", envOr(getenv, "CERTIDOC_WRITE_TIMEOUT", def.WriteTimeout.String()), "délai d’écriture d’une réponse (CERTIDOC_WRITE_TIMEOUT\u202f; par défaut "+def.WriteTimeout.String()+")")
	idleTimeout := fs.String("idle-timeout", envOr(getenv, "CERTIDOC_IDLE_TIMEOUT", def.IdleTimeout.String()), "délai d’une connexion inactive (CERTIDOC_IDLE_TIMEOUT\u202f; par défaut "+def.IdleTimeout.String()+")")
	shutdownTimeout := fs.String("shutdown-timeout", envOr(getenv, "CERTIDOC_SHUTDOWN_TIMEOUT", def.ShutdownTimeout.String()), "attente des requêtes en cours à l’arrêt (CERTIDOC_SHUTDOWN_TIMEOUT\u202f; par défaut "+def.ShutdownTimeout.String()+")")
	modelePath := modeleFlag(fs, getenv)
	profilPath := certificateurFlag(fs, getenv)
	accrochageConfig := accrochageFlags(fs, getenv)
	verif := verifierFlags(fs, getenv, "")
	bodyLimit := fs.String("body-limit", envOr(getenv, "CERTIDOC_BODY_LIMIT", strconv.FormatInt(def.BodyLimit, 10)), "taille maximale d’un corps de requête, en octets (CERTIDOC_BODY_LIMIT\u202f; par défaut "+strconv.FormatInt(def.BodyLimit, 10)+")")
	uploadLimit := fs.String("upload-limit", envOr(getenv, "CERTIDOC_UPLOAD_LIMIT", strconv.FormatInt(def.UploadLimit, 10)), "taille maximale d’un classeur ou d’un envoi de fichier, en octets (CERTIDOC_UPLOAD_LIMIT\u202f; par défaut "+strconv.FormatInt(def.UploadLimit, 10)+")")
	bodyMemory := fs.String("body-memory", envOr(getenv, "CERTIDOC_BODY_MEMORY", strconv.FormatInt(def.BodyMemory, 10)), "mémoire réservée aux corps de requête lus à la fois, en octets\u202f; au-delà, attente puis 503 (CERTIDOC_BODY_MEMORY\u202f; par défaut "+strconv.FormatInt(def.BodyMemory, 10)+")")
	maxGen := fs.String("max-generations", envOr(getenv, "CERTIDOC_MAX_GENERATIONS", strconv.Itoa(def.MaxGenerations)), "générations de documents simultanées au plus\u202f; au-delà, attente puis 503 (CERTIDOC_MAX_GENERATIONS\u202f; par défaut "+strconv.Itoa(def.MaxGenerations)+")")
	queueTimeout := fs.String("queue-timeout", envOr(getenv, "CERTIDOC_QUEUE_TIMEOUT", def.QueueTimeout.String()), "attente maximale d’une génération avant de répondre 503 (CERTIDOC_QUEUE_TIMEOUT\u202f; par défaut "+def.QueueTimeout.String()+")")
	token := fs.String("token", getenv("CERTIDOC_TOKEN"), "jeton d’accès exigé par les routes /api et la page, 16 caractères au moins\u202f; vide\u00a0: accès libre (CERTIDOC_TOKEN)")
	openReg := registreFlags(fs, getenv)
	sansRegistre := fs.Bool("sans-registre", getenv("CERTIDOC_SANS_REGISTRE") != "", "sans registre\u00a0: le service ne garde rien (CERTIDOC_SANS_REGISTRE=1)")
	verifierRate := fs.String("verifier-debit", envOr(getenv, "CERTIDOC_VERIFIER_DEBIT", strconv.FormatFloat(def.VerifierRate, 'g', -1, 64)), "vérifications de code par seconde et par client au plus, au-delà 429 (CERTIDOC_VERIFIER_DEBIT\u202f; par défaut "+strconv.FormatFloat(def.VerifierRate, 'g', -1, 64)+")")
	delai := fs.String("delai-convocation", envOr(getenv, "CERTIDOC_DELAI_CONVOCATION", strconv.Itoa(def.DelaiConvocation)), "jours au moins entre l’envoi des convocations et chaque séance\u202f; moins est un avertissement (CERTIDOC_DELAI_CONVOCATION\u202f; par défaut "+strconv.Itoa(def.DelaiConvocation)+")")
	verifierCeiling := fs.String("verifier-plafond", envOr(getenv, "CERTIDOC_VERIFIER_PLAFOND", strconv.FormatFloat(def.VerifierCeiling, 'g', -1, 64)), "vérifications de code par seconde au plus, tous clients confondus, au-delà 503 (CERTIDOC_VERIFIER_PLAFOND\u202f; par défaut "+strconv.FormatFloat(def.VerifierCeiling, 'g', -1, 64)+")")
	proxies := fs.String("proxy-de-confiance", getenv("CERTIDOC_PROXY_DE_CONFIANCE"), "`CIDR` des proxys inverses de confiance, séparés par des virgules (10.0.0.0/8,2001:db8::/32)\u00a0: leur X-Forwarded-For désigne le client de la limite de vérifications\u202f; vide\u00a0: l’en-tête est ignoré (CERTIDOC_PROXY_DE_CONFIANCE)")
	logLevel := fs.String("log-level", envOr(getenv, "CERTIDOC_LOG_LEVEL", "info"), "niveau du journal\u00a0: debug, info, warn, error (CERTIDOC_LOG_LEVEL\u202f; par défaut info)")
	if err := parse(fs, args); err != nil {
		return err
	}

	cfg := api.Config{Addr: *addr, Accrochage: accrochageConfig(), Token: *token}
	var problems []error
	var err error
	if cfg.BodyLimit, err = strconv.ParseInt(*bodyLimit, 10, 64); err != nil {
		problems = append(problems, fmt.Errorf("--body-limit «\u00a0%s\u00a0»\u00a0: attendu un nombre d’octets", *bodyLimit))
		cfg.BodyLimit = def.BodyLimit // named once, not again by Validate
	}
	if cfg.UploadLimit, err = strconv.ParseInt(*uploadLimit, 10, 64); err != nil {
		problems = append(problems, fmt.Errorf("--upload-limit «\u00a0%s\u00a0»\u00a0: attendu un nombre d’octets", *uploadLimit))
		cfg.UploadLimit = def.UploadLimit
	}
	if cfg.BodyMemory, err = strconv.ParseInt(*bodyMemory, 10, 64); err != nil {
		problems = append(problems, fmt.Errorf("--body-memory «\u00a0%s\u00a0»\u00a0: attendu un nombre d’octets", *bodyMemory))
		cfg.BodyMemory = def.BodyMemory
	}
	cfg.VerifierBurst = def.VerifierBurst
	if cfg.VerifierRate, err = strconv.ParseFloat(*verifierRate, 64); err != nil {
		problems = append(problems, fmt.Errorf("--verifier-debit «\u00a0%s\u00a0»\u00a0: attendu un nombre de vérifications par seconde", *verifierRate))
		cfg.VerifierRate = def.VerifierRate
	}
	if cfg.VerifierCeiling, err = strconv.ParseFloat(*verifierCeiling, 64); err != nil {
		problems = append(problems, fmt.Errorf("--verifier-plafond «\u00a0%s\u00a0»\u00a0: attendu un nombre de vérifications par seconde", *verifierCeiling))
		cfg.VerifierCeiling = def.VerifierCeiling
	}
	if cfg.TrustedProxies, err = api.ParseProxies(*proxies); err != nil {
		problems = append(problems, err)
	}
	if cfg.MaxGenerations, err = strconv.Atoi(*maxGen); err != nil {
		problems = append(problems, fmt.Errorf("--max-generations «\u00a0%s\u00a0»\u00a0: attendu un nombre entier", *maxGen))
		cfg.MaxGenerations = def.MaxGenerations
	}
	if cfg.DelaiConvocation, err = strconv.Atoi(*delai); err != nil {
		problems = append(problems, fmt.Errorf("--delai-convocation «\u00a0%s\u00a0»\u00a0: attendu un nombre de jours de 0 à 365", *delai))
		cfg.DelaiConvocation = def.DelaiConvocation
	}
	for _, d := range []struct {
		flag, value string
		dst         *time.Duration
		def         time.Duration
	}{
		{"--read-timeout", *readTimeout, &cfg.ReadTimeout, def.ReadTimeout},
		{"--write-timeout", *writeTimeout, &cfg.WriteTimeout, def.WriteTimeout},
		{"--idle-timeout", *idleTimeout, &cfg.IdleTimeout, def.IdleTimeout},
		{"--shutdown-timeout", *shutdownTimeout, &cfg.ShutdownTimeout, def.ShutdownTimeout},
		{"--queue-timeout", *queueTimeout, &cfg.QueueTimeout, def.QueueTimeout},
	} {
		v, err := time.ParseDuration(d.value)
		if err != nil {
			problems = append(problems, fmt.Errorf("%s «\u00a0%s\u00a0»\u00a0: durée invalide, par exemple 30s ou 2m", d.flag, d.value))
			v = d.def // named once, not again by Validate
		}
		*d.dst = v
	}
	var level slog.Level
	if err := level.UnmarshalText([]byte(*logLevel)); err != nil {
		problems = append(problems, fmt.Errorf("--log-level «\u00a0%s\u00a0»\u00a0: attendu debug, info, warn ou error", *logLevel))
	}
	if err := cfg.Validate(); err != nil {
		problems = append(problems, err)
	}
	if err := cfg.Accrochage.Validate(); err != nil {
		problems = append(problems, err)
	}
	verifier, err := verifierFromFlags(verif, cfg.Addr)
	if err != nil {
		problems = append(problems, err)
	}
	cfg.Verifier = verifier
	cfg.URLPublique = strings.TrimRight(fs.Lookup("url-publique").Value.String(), "/")
	if cfg.URLPublique == "" {
		cfg.URLPublique = "http://" + cfg.Addr
	}
	if !*sansRegistre {
		if _, err := openReg.config(); err != nil {
			problems = append(problems, err)
		}
	}
	if err := cfg.CheckExposure(!*sansRegistre); err != nil {
		problems = append(problems, err)
	}
	now, clockErr := clock(getenv)
	if clockErr != nil {
		problems = append(problems, clockErr)
	}
	if err := errors.Join(problems...); err != nil {
		return usageError{msg: strings.ReplaceAll(err.Error(), "\n", "\n  ")}
	}

	log, logs := api.NewLogger(stderr, level)
	defer logs.Close()
	refs, err := refPath.ensemble()
	if err != nil {
		return err
	}
	if cfg.DocxModele, err = loadModele(*modelePath); err != nil {
		return err
	}
	if cfg.Profil, cfg.Habillage, err = loadCertificateur(*profilPath); err != nil {
		return err
	}
	log.Info("certifier profile loaded", "raison_sociale", cfg.Profil.RaisonSociale, "file", cmp.Or(*profilPath, "example"))
	if cfg.Verifier == nil && *sansRegistre {
		log.Warn("no verification key: attestations and parchemins carry no verification code (set --cle-verification)")
	}
	for i, ref := range refs.All() {
		log.Info("referentiel loaded", "code", ref.Certification.CodeRNCP, "blocs", len(ref.Blocs), "version", ref.Version(), "default", i == 0)
		for _, w := range ref.Avertissements() {
			log.Warn("referentiel", "code", ref.Certification.CodeRNCP, "avertissement", w)
		}
	}

	if !*sansRegistre {
		reg, err := openReg.open(ctx, time.Now)
		if err != nil {
			return err
		}
		defer reg.Close()
		cfg.Registre = reg
		log.Info("registre open", "where", reg.Where())
	}

	l, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return fmt.Errorf("écoute sur %s impossible\u00a0: %v", cfg.Addr, err)
	}
	fmt.Fprintf(stdout, "certidoc écoute sur http://%s/ (Ctrl+C pour arrêter)\n", l.Addr())
	log.Info("listening", "addr", l.Addr().String())
	if err := api.NewFor(cfg, refs, log, now).Serve(ctx, l); err != nil {
		return err
	}
	log.Info("stopped")
	return nil
}

// verifierFromFlags builds the verifier; without --url-publique the codes
// lead to the address the service listens on.
func verifierFromFlags(verif func() (*verification.Verifier, error), addr string) (*verification.Verifier, error) {
	v, err := verif()
	if err != nil {
		return nil, err
	}
	if v != nil && v.URL == "" {
		v.URL = "http://" + addr
	}
	return v, nil
}
