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
	gen := s.limitGenerations // routes that make documents
	v1.GET("/grilles/:bloc/:epreuve", s.getGrille, gen)
	// The jury's papers, from a session posted as JSON or as a workbook, in
	// the body or as the multipart field "fichier".
	v1.POST("/valider", s.postValider, gen)
	v1.POST("/proces-verbal", s.postPV, gen)
	v1.POST("/grilles/:bloc/:epreuve", s.postGrille, gen)
	v1.POST("/attestations/:bloc", s.postAttestation, gen)
	v1.POST("/parchemins", s.postParchemin, gen)
	v1.POST("/notifications", s.postNotification, gen)
	v1.POST("/dossier", s.postDossier, gen)
	// The entry workbook, its import, and the results for other systems.
	v1.GET("/classeur", s.getClasseur, gen)
	v1.POST("/classeur", s.postClasseur, gen)
	v1.POST("/import", s.postImport, gen)
	v1.POST("/resultats", s.postResultats, gen)
	v1.POST("/accrochage", s.postAccrochage, gen)
}
