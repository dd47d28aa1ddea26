package registre

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"maps"
	"slices"
	"strings"
)

// Profil is the certifier's profile in force when a session was closed, as
// the registre keeps it: its JSON form, naming its images by their
// SHA-256, and those images' bytes. The registre stores it as it is given;
// package certificateur makes and reads it.
type Profil struct {
	Contenu []byte
	Images  map[string][]byte // by the hexadecimal SHA-256 of the bytes
}

// empreinte is the SHA-256 of the profile's JSON form.
func (p *Profil) empreinte() string {
	sum := sha256.Sum256(p.Contenu)
	return hex.EncodeToString(sum[:])
}

// saveProfil records a profile and its images, each once.
func saveProfil(ctx context.Context, tx watchedTx, p *Profil) (string, error) {
	if p == nil {
		return "", nil
	}
	for sum, data := range p.Images {
		got := sha256.Sum256(data)
		if hex.EncodeToString(got[:]) != sum {
			return "", newError(ErrInput, nil, "image du profil mal nommée (empreinte %s)", sum)
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO images (empreinte, donnees) VALUES ($1, $2) ON CONFLICT (empreinte) DO NOTHING`,
			sum, base64.StdEncoding.EncodeToString(data)); err != nil {
			return "", classify(err)
		}
	}
	sum := p.empreinte()
	if _, err := tx.ExecContext(ctx, `INSERT INTO profils (empreinte, contenu, images) VALUES ($1, $2, $3) ON CONFLICT (empreinte) DO NOTHING`,
		sum, string(p.Contenu), strings.Join(slices.Sorted(maps.Keys(p.Images)), " ")); err != nil {
		return "", classify(err)
	}
	return sum, nil
}

// Profil returns the profile a closing was made with, nil for a closing
// made without one (before profiles were kept).
func (r *Registre) Profil(ctx context.Context, c *Closing) (_ *Profil, err error) {
	ctx, w := r.watch(ctx)
	defer w.end(&err)
	if c.Profil == "" {
		return nil, nil
	}
	var contenu, images string
	err = r.db.QueryRowContext(ctx, `SELECT contenu, images FROM profils WHERE empreinte = $1`, c.Profil).Scan(&contenu, &images)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, newError(ErrCorrupt, nil, "le profil du certificateur de la session %s (version %d) manque dans le registre", c.Session, c.Version)
	}
	if err != nil {
		return nil, classify(err)
	}
	p := &Profil{Contenu: []byte(contenu), Images: map[string][]byte{}}
	for _, sum := range strings.Fields(images) {
		var data string
		err := r.db.QueryRowContext(ctx, `SELECT donnees FROM images WHERE empreinte = $1`, sum).Scan(&data)
		if err != nil {
			if errors.Is(err, sql.ErrNoRows) {
				return nil, newError(ErrCorrupt, nil, "une image du profil de la session %s manque dans le registre", c.Session)
			}
			return nil, classify(err)
		}
		b, err := base64.StdEncoding.DecodeString(data)
		if err != nil {
			return nil, newError(ErrCorrupt, err, "une image du profil de la session %s est illisible dans le registre", c.Session)
		}
		p.Images[sum] = b
	}
	return p, nil
}
