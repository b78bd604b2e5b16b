package app

// memoKey is the key of a view memory of type T in App.memos: one memory
// per type.
type memoKey[T any] struct{}

// Memo returns the view memory of type T that a keeps, made by mk the first
// time it is asked for. vugu drops a view's component while another view is
// shown, so what a view must remember across a switch (choices, caches, the
// file being read) lives in its App, typed by the view's own package.
func Memo[T any](a *App, mk func() *T) *T {
	a.memoMu.Lock()
	defer a.memoMu.Unlock()
	if m, ok := a.memos[memoKey[T]{}].(*T); ok {
		return m
	}
	m := mk()
	if a.memos == nil {
		a.memos = map[any]any{}
	}
	a.memos[memoKey[T]{}] = m
	return m
}
