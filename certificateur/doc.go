// Package certificateur reads the certifier's profile: what belongs to the
// body and not to a session — its legal name, address, SIRET and website,
// its logo and accent colour, its signatories with their scanned signature
// and stamp, its appeal route and the texts it writes itself (the letter's
// formulas, the parchemin's and the attestation's, the footer line).
//
// A profile is one YAML file (profil.schema.json describes it, embedded as
// Schema); LoadFile reads and checks it whole at start-up — every image decoded and measured, every
// text's placeholders known — so that nothing about it can fail later, at
// generation. The example profile (exemple.yaml, what the example session
// uses) is embedded: a service started without a profile needs nothing.
//
// Profil.Appliquer gives a session the profile's identity and signatory;
// package documents prints the texts and the signature images; package
// generator draws the logo and the colour (Habillage).
package certificateur
