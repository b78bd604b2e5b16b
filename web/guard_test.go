package main

import (
	"strings"
	"testing"

	"github.com/vugu/vugu"
)

// TestHandlerGuard wraps a panicking handler: calling it reports the panic
// instead of propagating it, and a second build wraps no handler twice.
func TestHandlerGuard(t *testing.T) {
	var reported []string
	g := &handlerGuard{onPanic: func(what string, r any) { reported = append(reported, what) }}
	calls := 0
	long := strings.Repeat("a", 17000)
	child := &vugu.VGNode{Type: vugu.TextNode, Data: long}
	btn := &vugu.VGNode{Type: vugu.ElementNode, Data: "button", FirstChild: child,
		Attr: []vugu.VGAttribute{{Key: "title", Val: long}},
		DOMEventHandlerSpecList: []vugu.DOMEventHandlerSpec{{EventType: "click", Func: func(vugu.DOMEvent) {
			calls++
			panic("an action failed")
		}}}}
	res := &vugu.BuildResults{Out: &vugu.BuildOut{Out: []*vugu.VGNode{btn}}}
	g.guard(res)
	g.guard(res) // vugu reuses unchanged output: must not wrap again
	btn.DOMEventHandlerSpecList[0].Func(nil)
	if calls != 1 || len(reported) != 1 || reported[0] != "click" {
		t.Errorf("calls %d, reported %v", calls, reported)
	}
	if len(child.Data) > maxRenderString || len(btn.Attr[0].Val) > maxRenderString {
		t.Errorf("strings of %d and %d bytes reach the renderer", len(child.Data), len(btn.Attr[0].Val))
	}
	if !strings.Contains(child.Data, "17,000 characters") {
		t.Errorf("the shortened text does not say how long it was: %q", child.Data[len(child.Data)-40:])
	}
}
