package api

import (
	"github.com/labstack/echo/v4"

	"certidoc/documents"
)

// routes is the route table of the service.
// Every GET route also answers HEAD (the same headers, no body).
// A route's middleware are composed with its handler once, not by echo on
// every request.
func (s *Server) routes() {
	e := s.echo
	get := func(g interface {
		GET(string, echo.HandlerFunc, ...echo.MiddlewareFunc) *echo.Route
		HEAD(string, echo.HandlerFunc, ...echo.MiddlewareFunc) *echo.Route
	}, path string, h echo.HandlerFunc, m ...echo.MiddlewareFunc) {
		h = compose(h, m...)
		g.GET(path, h)
		g.HEAD(path, h)
	}
	get(e, "/", s.getPage)
	get(e, "/assets/certidoc.css", s.getAsset("certidoc.css", "text/css; charset=utf-8"))
	get(e, "/assets/certidoc.js", s.getAsset("certidoc.js", "text/javascript; charset=utf-8"))
	get(e, "/assets/avant.js", s.getAsset("avant.js", "text/javascript; charset=utf-8"))
	get(e, "/healthz", s.health)
	get(e, "/readyz", s.ready)
	get(e, "/metrics", s.met.handler())
	get(e, "/verifier", s.getVerifierForm)
	get(e, "/verifier/:code", s.getVerifier, s.limitLookups())
	// Every /api route asks for the token when one is set.
	v1 := e.Group("/api/v1")
	post := func(path string, h echo.HandlerFunc, m ...echo.MiddlewareFunc) { v1.POST(path, compose(h, m...)) }
	auth := s.requireToken
	get(v1, "/openapi.json", s.getOpenAPI, auth)
	get(v1, "/certifications", s.getCertifications, auth)
	// The certifier's profile in force, and what it looks like on paper.
	get(v1, "/certificateur", s.getCertificateur, auth)
	get(v1, "/certificateur/apercu", s.getApercu, auth, s.limitGenerations)
	gen := s.limitGenerations // routes that make documents
	// Each certification's routes, under /certifications/{code}; today's,
	// without the prefix, are the default certification's. A session
	// posted to today's routes follows the certification it names.
	for _, p := range []string{"", "/certifications/:code"} {
		get(v1, p+"/referentiel", s.getReferentiel, auth)
		get(v1, p+"/referentiel/blocs/:bloc", s.getBloc, auth)
		get(v1, p+"/grilles/:bloc/:epreuve", s.getGrille, auth, gen)
		// The jury's papers, from a session posted as JSON or as a workbook, in
		// the body or as the multipart field "fichier".
		post(p+"/valider", s.postValider, auth, gen)
		post(p+"/proces-verbal", s.postPV, auth, gen)
		post(p+"/grilles/:bloc/:epreuve", s.postCandidateDocument(documents.KindGrille), auth, gen)
		post(p+"/attestations/:bloc", s.postCandidateDocument(documents.KindAttestation), auth, gen)
		post(p+"/parchemins", s.postCandidateDocument(documents.KindParchemin), auth, gen)
		post(p+"/notifications", s.postCandidateDocument(documents.KindNotification), auth, gen)
		post(p+"/dossier", s.postDossier, auth, gen)
		// The papers before the jury, from a session with a planning.
		post(p+"/convocations", s.postConvocation, auth, gen)
		post(p+"/emargements", s.postEmargement, auth, gen)
		post(p+"/planning", s.postPlanning, auth, gen)
		post(p+"/avant-session", s.postAvantSession, auth, gen)
		// The entry workbook, its import, and the results for other systems.
		get(v1, p+"/classeur", s.getClasseur, auth, gen)
		post(p+"/classeur", s.postClasseur, auth, gen)
		post(p+"/import", s.postImport, auth, gen)
		post(p+"/resultats", s.postResultats, auth, gen)
		post(p+"/accrochage", s.postAccrochage, auth, gen)
	}
	// The registre: closed sessions, what they issued, revocations, duplicatas.
	post("/registre/sessions", s.postRegistreSession, auth, gen)
	get(v1, "/registre/sessions", s.getRegistreSessions, auth)
	get(v1, "/registre/sessions/:id/dossier", s.getRegistreDossier, auth, gen)
	get(v1, "/registre/documents", s.getRegistreDocuments, auth)
	get(v1, "/registre/a-declarer", s.getRegistreARetard, auth)
	post("/registre/documents/:numero/revocation", s.postRevocation, auth, smallBody)
	get(v1, "/registre/documents/:numero/duplicata", s.getDuplicata, auth, gen)
}
