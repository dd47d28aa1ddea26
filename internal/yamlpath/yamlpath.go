// Package yamlpath names a place in a YAML document the way the loaders'
// problems do: a path of keys and indexes written out
// ("blocs[1].epreuves[0]"), and the line of the file it points to. The
// référentiel's loader and the certifier's profile's share it.
package yamlpath

import (
	"fmt"
	"strings"

	"gopkg.in/yaml.v3"
)

// Format writes a path of keys (strings) and indexes (ints) such as
// blocs[1].epreuves[0].competences[2].
func Format(path []any) string {
	var b strings.Builder
	for _, s := range path {
		switch s := s.(type) {
		case int:
			fmt.Fprintf(&b, "[%d]", s)
		default:
			if b.Len() > 0 {
				b.WriteByte('.')
			}
			fmt.Fprint(&b, s)
		}
	}
	return b.String()
}

// Line finds the line of the deepest node of path that exists in the YAML
// tree root (a document node), so that a problem can point into the file;
// 0 without a tree.
func Line(root *yaml.Node, path []any) int {
	if root == nil || root.Kind != yaml.DocumentNode || len(root.Content) == 0 {
		return 0
	}
	n := root.Content[0]
	line := n.Line
	for _, s := range path {
		var next *yaml.Node
		switch s := s.(type) {
		case string:
			if n.Kind == yaml.MappingNode {
				for i := 0; i+1 < len(n.Content); i += 2 {
					if n.Content[i].Value == s {
						next = n.Content[i+1]
						break
					}
				}
			}
		case int:
			if n.Kind == yaml.SequenceNode && s < len(n.Content) {
				next = n.Content[s]
			}
		}
		if next == nil {
			return line
		}
		n, line = next, next.Line
	}
	return line
}
