package api

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/accessibility"
	"github.com/chromedp/chromedp"
)

// Accessibility checks of the page in headless Chromium, as a screen
// reader and a keyboard user meet it: every control has a name (computed
// by Chromium's accessibility tree), headings do not skip a level, text
// contrasts enough with its background (WCAG 2 AA), and the keyboard
// reaches the controls in order with a visible focus.

// namedRoles are the roles a user acts on: each needs an accessible name.
var namedRoles = map[string]bool{"button": true, "textbox": true, "checkbox": true, "radio": true, "combobox": true,
	"link": true, "progressbar": true, "spinbutton": true, "slider": true, "searchbox": true, "listbox": true}

// checkNames fails for every control of the page's accessibility tree
// without a name, and for a heading that skips a level (an h4 after an
// h2). It returns how many controls it checked.
func checkNames(t *testing.T, ctx context.Context) int {
	t.Helper()
	tree, err := chromedp.Call(ctx, accessibility.GetFullAXTree, accessibility.GetFullAXTreeParams{})
	if err != nil {
		t.Fatalf("accessibility tree: %v", err)
	}
	str := func(v *accessibility.Value) string {
		if v == nil {
			return ""
		}
		var s string
		if json.Unmarshal(v.Value, &s) != nil {
			return string(v.Value)
		}
		return s
	}
	controls, level := 0, 0
	for _, n := range tree.Nodes {
		if n.Ignored {
			continue
		}
		role := str(n.Role)
		if namedRoles[role] {
			controls++
			if strings.TrimSpace(str(n.Name)) == "" {
				t.Errorf("a %s has no accessible name (DOM node %d)", role, n.BackendDOMNodeID)
			}
		}
		if role == "heading" {
			for _, p := range n.Properties {
				if p.Name != accessibility.PropertyNameLevel {
					continue
				}
				var l int
				json.Unmarshal(p.Value.Value, &l)
				if level > 0 && l > level+1 {
					t.Errorf("heading «\u00a0%s\u00a0» of level %d after a heading of level %d", str(n.Name), l, level)
				}
				level = l
			}
		}
	}
	return controls
}

// contrastJS returns, for every visible element under the selector with
// text of its own, its text, colours and contrast ratio, when the ratio is
// below WCAG 2 AA: 4.5, or 3 for large text (24 px, or 18.66 px bold).
// Disabled controls are exempt. The background is the first opaque one
// among the element and its ancestors.
const contrastJS = `(() => {
  const rgb = (s) => (s.match(/[\d.]+/g) || []).map(Number);
  const lum = ([r, g, b]) => {
    const f = (c) => { c /= 255; return c <= 0.03928 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4); };
    return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
  };
  const background = (el) => {
    for (let e = el; e; e = e.parentElement) {
      const c = rgb(getComputedStyle(e).backgroundColor);
      if (c.length === 3 || (c.length === 4 && c[3] > 0.99)) return c.slice(0, 3);
    }
    return [255, 255, 255];
  };
  const out = [];
  for (const el of document.querySelectorAll(%q)) {
    const own = [...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim() !== "");
    if (!own || el.closest("[hidden]") || el.closest(":disabled") || !el.getClientRects().length) continue;
    const st = getComputedStyle(el);
    if (st.visibility === "hidden" || st.display === "none") continue;
    const fg = rgb(st.color).slice(0, 3), bg = background(el);
    const [a, b] = [lum(fg), lum(bg)].sort((x, y) => y - x);
    const ratio = (a + 0.05) / (b + 0.05);
    const size = parseFloat(st.fontSize), bold = Number(st.fontWeight) >= 700;
    const want = size >= 24 || (bold && size >= 18.66) ? 3 : 4.5;
    if (ratio < want) out.push(el.tagName + " «" + el.textContent.trim().slice(0, 40) + "» " + st.color + " on rgb(" + bg.join(",") + "): " + ratio.toFixed(2) + " < " + want);
  }
  return out;
})()`

// checkContrast fails for each text under selector that contrasts too
// little with its background, and returns how many it checked.
func checkContrast(t *testing.T, ctx context.Context, selector string) {
	t.Helper()
	q, _ := json.Marshal(selector + " *")
	faults, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](strings.Replace(contrastJS, "%q", string(q), 1)))
	if err != nil {
		t.Fatalf("contrast: %v", err)
	}
	for _, f := range faults {
		t.Errorf("contrast: %s", f)
	}
}

// tabOrder presses Tab from the element of id from, n times, and returns
// the id of each element the focus lands on; it fails for an element
// that shows no focus (no outline).
func tabOrder(t *testing.T, ctx context.Context, from string, n int) []string {
	t.Helper()
	if err := chromedp.Do(ctx, chromedp.Focus(chromedp.ID(from))); err != nil {
		t.Fatalf("focus %s: %v", from, err)
	}
	var ids []string
	for range n {
		if err := chromedp.Do(ctx, chromedp.KeyEvent("\t")); err != nil {
			t.Fatal(err)
		}
		got, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`(() => {
  const el = document.activeElement, st = getComputedStyle(el);
  return [el.id || el.tagName, st.outlineStyle, st.outlineWidth];
})()`))
		if err != nil {
			t.Fatal(err)
		}
		if got[1] == "none" || got[2] == "0px" {
			t.Errorf("%s shows no focus (outline %s %s) after %v", got[0], got[1], got[2], ids)
		}
		ids = append(ids, got[0])
	}
	return ids
}

// inOrder tells whether want appear in got in that order, others between.
func inOrder(got, want []string) error {
	i := 0
	for _, g := range got {
		if i < len(want) && g == want[i] {
			i++
		}
	}
	if i < len(want) {
		return fmt.Errorf("the keyboard reaches %v, not %s after %v", got, want[i], want[:i])
	}
	return nil
}

// checkLabels fails for every visible field (input, select, textarea, but
// buttons) without a label of its own: Chromium names a file field after
// its button ("Choose File"), which says nothing of what to choose.
func checkLabels(t *testing.T, ctx context.Context) {
	t.Helper()
	bare, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`[...document.querySelectorAll("input, select, textarea")]
  .filter((el) => !["hidden", "submit", "button", "reset"].includes(el.type) && !el.closest("[hidden]"))
  .filter((el) => !el.labels.length && !el.getAttribute("aria-label") && !el.getAttribute("aria-labelledby"))
  .map((el) => el.id || el.name || el.type)`))
	if err != nil {
		t.Fatalf("labels: %v", err)
	}
	for _, id := range bare {
		t.Errorf("the field %s has no label", id)
	}
}
