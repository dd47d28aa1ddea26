package fr

import (
	"sync"
	"time"
	_ "time/tzdata" // Europe/Paris even on a machine without zoneinfo (distroless)
)

// Paris returns the Europe/Paris time zone, loaded once per process: the
// zone of the dates a French certifier writes and of the CDC's timestamps.
// The zone database is embedded, so it cannot be missing.
var Paris = sync.OnceValue(func() *time.Location {
	loc, err := time.LoadLocation("Europe/Paris")
	if err != nil {
		panic("fr: embedded Europe/Paris zone: " + err.Error())
	}
	return loc
})
