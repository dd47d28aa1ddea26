package api

// routes is the route table of the service.
func (s *Server) routes() {
	e := s.echo
	e.GET("/", s.getPage)
	e.GET("/assets/certidoc.css", s.getCSS)
	e.GET("/healthz", s.health)
	v1 := e.Group("/api/v1")
	v1.GET("/referentiel", s.getReferentiel)
	v1.GET("/referentiel/blocs/:bloc", s.getBloc)
	v1.GET("/grilles/:bloc/:epreuve", s.getGrille)
}
