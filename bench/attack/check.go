package main

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"unicode/utf8"
)

// malformed returns why an answer's body does not hold what its
// Content-Type says, or "".
func (a *attack) malformed(ans answer) string {
	ct := ans.header.Get("Content-Type")
	b := ans.body
	switch {
	case strings.HasPrefix(ct, "application/pdf"):
		return checkPDF(b)
	case strings.HasPrefix(ct, "application/zip"):
		return checkZip(b, true)
	case strings.Contains(ct, "wordprocessingml"):
		if msg := checkZip(b, false); msg != "" {
			return msg
		}
		return checkPartXML(b, "word/document.xml")
	case strings.Contains(ct, "spreadsheetml"):
		return checkZip(b, false)
	case strings.Contains(ct, "xml"):
		if msg := checkXML(b); msg != "" {
			return msg
		}
		return a.checkXSD(b)
	case strings.Contains(ct, "json"):
		if !json.Valid(b) {
			return "JSON illisible"
		}
	case strings.HasPrefix(ct, "text/"):
		if !utf8.Valid(b) {
			return "texte qui n’est pas en UTF-8"
		}
	}
	return ""
}

func checkPDF(b []byte) string {
	if !bytes.HasPrefix(b, []byte("%PDF-")) {
		return "PDF sans en-tête %PDF-"
	}
	if !bytes.Contains(b[max(0, len(b)-64):], []byte("%%EOF")) {
		return "PDF sans %%EOF final (coupé)"
	}
	return ""
}

// checkZip reads every entry (their CRC too) and refuses a name twice; a
// dossier's PDFs must be PDFs.
func checkZip(b []byte, dossier bool) string {
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		return "ZIP illisible : " + err.Error()
	}
	seen := map[string]bool{}
	for _, f := range zr.File {
		if seen[f.Name] {
			return "entrée en double : " + f.Name
		}
		seen[f.Name] = true
		if strings.Contains(f.Name, "..") || strings.HasPrefix(f.Name, "/") {
			return "chemin dangereux : " + f.Name
		}
		rc, err := f.Open()
		if err != nil {
			return f.Name + " : " + err.Error()
		}
		data, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			return f.Name + " : " + err.Error()
		}
		if dossier && strings.HasSuffix(f.Name, ".pdf") {
			if msg := checkPDF(data); msg != "" {
				return f.Name + " : " + msg
			}
		}
		if dossier && strings.HasSuffix(f.Name, ".docx") {
			if msg := checkPartXML(data, "word/document.xml"); msg != "" {
				return f.Name + " : " + msg
			}
		}
	}
	return ""
}

func checkPartXML(b []byte, part string) string {
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		return "ZIP illisible : " + err.Error()
	}
	for _, f := range zr.File {
		if f.Name != part {
			continue
		}
		rc, err := f.Open()
		if err != nil {
			return err.Error()
		}
		defer rc.Close()
		data, _ := io.ReadAll(rc)
		if msg := checkXML(data); msg != "" {
			return part + " : " + msg
		}
		return ""
	}
	return part + " absent"
}

// checkXML tells whether b is well-formed XML.
func checkXML(b []byte) string {
	d := xml.NewDecoder(bytes.NewReader(b))
	for {
		_, err := d.Token()
		if err == io.EOF {
			return ""
		}
		if err != nil {
			return "XML mal formé : " + err.Error()
		}
	}
}

// checkXSD validates an accrochage flux against the schema with xmllint,
// when both are at hand.
func (a *attack) checkXSD(b []byte) string {
	if a.xsd == "" {
		return ""
	}
	xmllint, err := exec.LookPath("xmllint")
	if err != nil {
		return ""
	}
	dir, err := os.MkdirTemp("", "attack-xsd-")
	if err != nil {
		return ""
	}
	defer os.RemoveAll(dir)
	p := filepath.Join(dir, "flux.xml")
	if err := os.WriteFile(p, b, 0o600); err != nil {
		return ""
	}
	out, err := exec.Command(xmllint, "--noout", "--schema", a.xsd, p).CombinedOutput()
	if err != nil {
		return fmt.Sprintf("XML non conforme au XSD : %.300s", out)
	}
	return ""
}
