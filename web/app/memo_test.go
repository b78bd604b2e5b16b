package app

import "testing"

// TestMemo checks that a view memory is made once per type and App, and
// that two types never share one.
func TestMemo(t *testing.T) {
	type one struct{ n int }
	type two struct{ n int }
	a, b := NewApp(""), NewApp("")
	made := 0
	mk := func() *one { made++; return &one{n: made} }
	m := Memo(a, mk)
	m.n = 40
	if again := Memo(a, mk); again != m || again.n != 40 || made != 1 {
		t.Errorf("second Memo: %p (n %d) after %p, made %d times", again, again.n, m, made)
	}
	if other := Memo(b, mk); other == m || made != 2 {
		t.Errorf("another App shares the memory")
	}
	if w := Memo(a, func() *two { return &two{n: -1} }); w.n != -1 {
		t.Errorf("another type got %+v", w)
	}
}
