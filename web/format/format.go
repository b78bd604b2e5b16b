package format

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Thousands formats n in base 10 with a comma between groups of three
// digits: 92658 → "92,658", -1234567 → "-1,234,567".
func Thousands(n int) string {
	s := strconv.Itoa(n)
	sign := ""
	if s[0] == '-' {
		sign, s = "-", s[1:]
	}
	out := make([]byte, 0, len(s)+len(s)/3)
	for i := range len(s) {
		if i > 0 && (len(s)-i)%3 == 0 {
			out = append(out, ',')
		}
		out = append(out, s[i])
	}
	return sign + string(out)
}

// Plural returns word for n == 1 and word+"s" otherwise.
func Plural(n int, word string) string {
	if n == 1 {
		return word
	}
	return word + "s"
}

// Brief formats x briefly: 0.001, 1e-6, 100000.
func Brief(x float64) string {
	t := strconv.FormatFloat(x, 'g', -1, 64)
	if i := strings.Index(t, "e"); i >= 0 {
		mant, exp := t[:i], t[i+1:]
		sign := ""
		if exp[0] == '-' || exp[0] == '+' {
			if exp[0] == '-' {
				sign = "-"
			}
			exp = exp[1:]
		}
		exp = strings.TrimLeft(exp, "0")
		t = mant + "e" + sign + exp
	}
	return t
}

// Bytes writes a size in bytes for people: "812 bytes", "4.2 MB".
func Bytes(n int) string {
	switch {
	case n < 1000:
		return fmt.Sprintf("%d %s", n, Plural(n, "byte"))
	case n < 1_000_000:
		return fmt.Sprintf("%.1f kB", float64(n)/1e3)
	}
	return fmt.Sprintf("%.1f MB", float64(n)/1e6)
}

// Fixed formats x with digits decimals, "—" when x is not a number.
func Fixed(x float64, digits int) string {
	if math.IsNaN(x) {
		return "—"
	}
	return strconv.FormatFloat(x, 'f', digits, 64)
}

// Capitalize returns s with its first letter in upper case ("class 0" →
// "Class 0"), for a name that starts a label.
func Capitalize(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	if n == 0 {
		return s
	}
	return string(unicode.ToUpper(r)) + s[n:]
}
