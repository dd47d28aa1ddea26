package api

// routes is the route table of the service.
func (s *Server) routes() {
	e := s.echo
	e.GET("/", s.getPage)
	e.GET("/assets/certidoc.css", s.getAsset("certidoc.css", "text/css; charset=utf-8"))
	e.GET("/assets/certidoc.js", s.getAsset("certidoc.js", "text/javascript; charset=utf-8"))
	e.GET("/healthz", s.health)
	e.GET("/verifier", s.getVerifierForm)
	e.GET("/verifier/:code", s.getVerifier)
	v1 := e.Group("/api/v1")
	v1.GET("/referentiel", s.getReferentiel)
	v1.GET("/referentiel/blocs/:bloc", s.getBloc)
	v1.GET("/grilles/:bloc/:epreuve", s.getGrille)
	// The jury's papers, from a session posted as JSON or as a workbook, in
	// the body or as the multipart field "fichier".
	v1.POST("/valider", s.postValider)
	v1.POST("/proces-verbal", s.postPV)
	v1.POST("/grilles/:bloc/:epreuve", s.postGrille)
	v1.POST("/attestations/:bloc", s.postAttestation)
	v1.POST("/parchemins", s.postParchemin)
	v1.POST("/notifications", s.postNotification)
	v1.POST("/dossier", s.postDossier)
	// The entry workbook, its import, and the results for other systems.
	v1.GET("/classeur", s.getClasseur)
	v1.POST("/classeur", s.postClasseur)
	v1.POST("/import", s.postImport)
	v1.POST("/resultats", s.postResultats)
	v1.POST("/accrochage", s.postAccrochage)
}
