// Package templates holds what a certifier may replace in the look of its
// documents: modele.docx, the base Word document of every DOCX (styles, page
// setup, letterhead). The documents themselves are described in package
// documents.
package templates
