package certificateur

import (
	"encoding/json"
	"fmt"
)

// snapshot is a profile as the registre keeps it.
type snapshot struct {
	Profil
	// Exemple is kept: the example profile does not impose its identity.
	Exemple bool `json:"exemple,omitempty"`
}

// Snapshot returns the profile as the registre keeps it with a closed
// session: its JSON form, naming each image by its SHA-256, and the
// images' bytes by that name.
func (p *Profil) Snapshot() ([]byte, map[string][]byte, error) {
	data, err := json.Marshal(snapshot{Profil: *p, Exemple: p.Exemple})
	if err != nil {
		return nil, nil, fmt.Errorf("snapshot profil: %w", err)
	}
	images := map[string][]byte{}
	for _, im := range p.Images() {
		images[im.Empreinte] = im.Data
	}
	return data, images, nil
}

// FromSnapshot reads back a profile kept by the registre: its JSON form and
// its images by their SHA-256. Each image is checked again as at load.
func FromSnapshot(data []byte, images map[string][]byte) (*Profil, error) {
	var s snapshot
	if err := json.Unmarshal(data, &s); err != nil {
		return nil, fmt.Errorf("profil du certificateur enregistré illisible\u00a0: %w", err)
	}
	p := s.Profil
	p.Exemple = s.Exemple
	for _, im := range p.Images() {
		want := im.Empreinte
		if msg := im.decode(images[want]); msg != "" {
			return nil, fmt.Errorf("image %s du profil enregistré\u00a0: %s", im.Fichier, msg)
		}
		if im.Empreinte != want {
			return nil, fmt.Errorf("image %s du profil enregistré\u00a0: empreinte %s au lieu de %s", im.Fichier, im.Empreinte, want)
		}
	}
	p.Source = "registre"
	return &p, nil
}
