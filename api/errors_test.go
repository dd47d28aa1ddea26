package api

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"strings"
	"testing"

	"github.com/labstack/echo/v4"

	"certidoc/classeur"
	"certidoc/documents"
	"certidoc/generator"
	"certidoc/registre"
	"certidoc/session"
)

// TestProblemFor checks the one error → status mapping on every kind of
// error the handlers and the packages below them return, wrapped as
// handlers wrap them.
func TestProblemFor(t *testing.T) {
	for _, c := range []struct {
		name   string
		err    error
		status int
		title  string
		detail string // words of the detail
	}{
		{"unknown bloc", notFound("Le bloc «\u00a0F\u00a0» n’existe pas.", []string{"A"}), 404, "Introuvable", "bloc «\u00a0F\u00a0»"},
		{"missing candidate", badRequest("Indiquez le candidat.", nil), 400, "Requête incorrecte", "Indiquez"},
		{"cross-site", fault(errCrossSite, "autre site"), 403, "Requête d’un autre site refusée", "autre site"},
		{"token", fault(errToken, "jeton"), 401, "Jeton d’accès requis", "jeton"},
		{"busy", fault(errBusy, "réessayez"), 503, "Service occupé", "réessayez"},
		{"not configured", fault(errNotConfigured, "--accrochage-id-client"), 501, "Export non configuré", "--accrochage-id-client"},
		{"identities", &requestError{kind: errIdentities, detail: "1 champ", problemes: []session.Probleme{{Chemin: "candidats[0].nom_naissance", Message: "vide"}}}, 422, "Identités à corriger", "1 champ"},
		{"invalid session", fmt.Errorf("parse session: %w", &session.Report{Problemes: []session.Probleme{{Chemin: "candidats[0].sexe", Message: "x"}}}), 422, "Session invalide", "1 problème"},
		{"malformed JSON", fmt.Errorf("parse session: %w", &session.MalformedError{Line: 3, Column: 7, Detail: "virgule"}), 400, "Requête incorrecte", "ligne 3, colonne 7"},
		{"unreadable workbook", fmt.Errorf("parse session: %w", &classeur.ImportError{Kind: errors.New("classeur: x"), Message: "Feuille manquante"}), 422, "Classeur illisible", "Feuille manquante"},
		{"workbook too large", fmt.Errorf("parse session: %w", &classeur.ImportError{Kind: classeur.ErrTooLarge, Message: "trop gros"}), 413, "Classeur trop volumineux", "trop gros"},
		{"not deliverable", fmt.Errorf("document: %w", &documents.NonDelivrableError{Ref: documents.Ref{Kind: documents.KindParchemin}, Motif: "pas de parchemin"}), 422, "Document impossible pour ce candidat", "pas de parchemin"},
		{"unknown format", fmt.Errorf("render: %w", generator.ErrFormat), 400, "Requête incorrecte", "Format inconnu"},
		{"body cut short", fmt.Errorf("read session: %w", io.ErrUnexpectedEOF), 400, "Requête incorrecte", "incomplet"},
		{"slow body", fmt.Errorf("read session: %w", os.ErrDeadlineExceeded), 408, "Requête trop lente", "trop de temps"},
		{"body too large", fmt.Errorf("read session: %w", &http.MaxBytesError{Limit: 1}), 413, "Requête trop volumineuse", "taille"},
		{"no route", echo.ErrNotFound, 404, "Introuvable", "README"},
		{"method", echo.ErrMethodNotAllowed, 405, "Méthode non autorisée", "méthode"},
		{"internal", fmt.Errorf("render: %w", context.Canceled), 500, "Erreur interne", "journal"},
		{"internal error text is not shown", errors.New("secret detail"), 500, "Erreur interne", "consignée"},
		{"registre", fmt.Errorf("revoke: %w", &registre.Error{Kind: registre.ErrRevoked, Message: "le document n° X est déjà révoqué"}), 409, "Document révoqué", "Le document n° X est déjà révoqué."},
		{"registre, a message starting with an accent", &registre.Error{Kind: registre.ErrInput, Message: "élément manquant"}, 400, "Requête incorrecte", "Élément manquant."},
		{"registre, no message", &registre.Error{Kind: registre.ErrUnavailable}, 503, "Registre indisponible", "Registre indisponible."},
	} {
		t.Run(c.name, func(t *testing.T) {
			p := problemFor(c.err)
			if p.Status != c.status || p.Title != c.title || !strings.Contains(p.Detail, c.detail) {
				t.Errorf("got %d %q %q, want %d %q with %q", p.Status, p.Title, p.Detail, c.status, c.title, c.detail)
			}
			if strings.Contains(p.Detail, "secret") {
				t.Error("an internal error's text reached the client")
			}
		})
	}
	if p := problemFor(notFound("x", []string{"A", "B"})); len(p.Valeurs) != 2 {
		t.Errorf("valeurs lost: %v", p.Valeurs)
	}
	if p := problemFor(&session.Report{Problemes: make([]session.Probleme, 2), Avertissements: make([]session.Probleme, 1)}); len(p.Problemes) != 2 || len(p.Avertissements) != 1 {
		t.Errorf("problems lost: %+v", p)
	}
}
