package reedition

import (
	"context"

	"certidoc/accrochage"
	"certidoc/referentiel"
	"certidoc/registre"
	"certidoc/session"
)

// Accrochage returns the flux's share of each session of ref's
// certification whose holders of a current, unrevoked parchemin were
// deliberated between du and au (inclusive), read from the sessions'
// snapshots, and the numbers of those parchemins (for
// registre.Registre.Declarer once the flux is written). A flux reports one
// certification: the holders of others wait for theirs.
func Accrochage(ctx context.Context, r *registre.Registre, ref *referentiel.Referentiel, du, au string) ([]accrochage.Lot, []string, error) {
	holders, err := r.Titulaires(ctx, ref.Certification.CodeRNCP, du, au)
	if err != nil {
		return nil, nil, err
	}
	bySession := map[string]map[string]string{} // session → candidate → parchemin number
	var order []string
	for _, e := range holders {
		if bySession[e.Session] == nil {
			bySession[e.Session] = map[string]string{}
			order = append(order, e.Session)
		}
		bySession[e.Session][e.Candidat] = e.Numero
	}
	var lots []accrochage.Lot
	var numeros []string
	for _, id := range order {
		c, err := r.Session(ctx, id)
		if err != nil {
			return nil, nil, err
		}
		s, d, err := c.Snapshot(ref)
		if err != nil {
			return nil, nil, err
		}
		part := &session.Resultats{}
		for _, rc := range d.Candidats {
			if n, ok := bySession[id][rc.Candidat.Numero]; ok && rc.Resultat == session.Totale {
				part.Candidats = append(part.Candidats, rc)
				numeros = append(numeros, n)
			}
		}
		lots = append(lots, accrochage.Lot{Session: s, Resultats: part})
	}
	return lots, numeros, nil
}
