package main

import (
	"fmt"
	"os"
	"runtime/debug"
	"unicode/utf8"

	"github.com/vugu/vugu"
)

// maxRenderString is the longest text or attribute value handed to vugu's
// renderer. Its instruction buffer holds 16 KiB and an instruction that does
// not fit stops the render (and with it, the program), so anything longer —
// a 17,000-character column name, a whole file shown as one header — is
// shortened before it gets there.
const maxRenderString = 8000

// handlerGuard is the last line of defence of the page: it wraps every DOM
// event handler of a build so that a panic in a UI action is recovered and
// reported instead of stopping the Go program, and it shortens every string
// that would not fit vugu's render buffer. It is applied to each build's
// output before it is rendered.
type handlerGuard struct {
	// onPanic reports a recovered panic; it runs with the render lock held,
	// as the handler did.
	onPanic func(what string, recovered any)
	// seen holds the nodes already guarded: vugu reuses the output of
	// components that did not change, and a handler must be wrapped once.
	seen map[*vugu.VGNode]struct{}
}

// guard wraps the handlers and shortens the strings of every node of r not
// seen in the previous build.
func (g *handlerGuard) guard(r *vugu.BuildResults) {
	if r == nil || r.Out == nil {
		return
	}
	next := make(map[*vugu.VGNode]struct{}, len(g.seen))
	var visit func(n *vugu.VGNode)
	visit = func(n *vugu.VGNode) {
		for ; n != nil; n = n.NextSibling {
			if _, done := next[n]; done {
				continue
			}
			next[n] = struct{}{}
			if _, old := g.seen[n]; !old {
				g.guardNode(n)
			}
			if n.Component != nil {
				if out := r.ResultFor(n.Component); out != nil {
					for _, m := range out.Out {
						visit(m)
					}
				}
			}
			visit(n.FirstChild)
		}
	}
	for _, n := range r.Out.Out {
		visit(n)
	}
	g.seen = next
}

func (g *handlerGuard) guardNode(n *vugu.VGNode) {
	n.Data = clipRender(n.Data)
	for i := range n.Attr {
		n.Attr[i].Val = clipRender(n.Attr[i].Val)
	}
	if n.InnerHTML != nil && len(*n.InnerHTML) > maxRenderString {
		s := clipRender(*n.InnerHTML)
		n.InnerHTML = &s
	}
	for i := range n.DOMEventHandlerSpecList {
		spec := &n.DOMEventHandlerSpecList[i]
		if f := spec.Func; f != nil {
			what := spec.EventType
			spec.Func = func(e vugu.DOMEvent) {
				defer g.recover(what)
				f(e)
			}
		}
	}
}

// recover reports a panic of the deferring function, if any.
func (g *handlerGuard) recover(what string) {
	if r := recover(); r != nil {
		logPanic("handling a "+what+" event", r)
		if g.onPanic != nil {
			g.onPanic(what, r)
		}
	}
}

// clipRender shortens s to at most maxRenderString bytes, cutting at a rune
// boundary and saying how long it was.
func clipRender(s string) string {
	if len(s) <= maxRenderString {
		return s
	}
	return clipText(s, maxRenderString-40)
}

// clipText shortens s to about n bytes at a rune boundary, ending in
// "… (N characters)" when it cut.
func clipText(s string, n int) string {
	if len(s) <= n {
		return s
	}
	cut := n
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + fmt.Sprintf("… (%s characters)", groupThousands(utf8.RuneCountInString(s)))
}

// logPanic writes a recovered panic and its stack to the browser console.
func logPanic(what string, r any) {
	fmt.Fprintf(os.Stderr, "flowlab: recovered from a panic while %s: %v\n%s", what, r, debug.Stack())
}
