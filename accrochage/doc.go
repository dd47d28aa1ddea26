// Package accrochage writes the holders' report to the Caisse des Dépôts
// ("accrochage"): one cpf:flux listing a passageCertification for each
// candidate who obtained the whole certification in the session, valid
// against the CDC's XSD (testdata/cdc-cpf-accrochage-1.1.2.xsd). Before
// writing, Check lists every missing or ill-formed identity field, since the
// CDC rejects a whole file for one bad record.
package accrochage
