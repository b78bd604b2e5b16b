package data

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
)

// MaxMagnitude is the largest absolute feature value accepted. Beyond it the
// squares and products the flows, the standardisation and the Gaussian
// mixtures compute (sums of squares over a million rows, products of
// variances) could overflow float64 (about 1.8e308), which would turn
// training and scores into NaN. Stellar luminosities in erg/s (~1e38) pass.
const MaxMagnitude = 1e50

// MaxLabelValues is the most distinct label values a result lists.
const MaxLabelValues = 64

// parseValue parses one feature field. With decimalComma, "1,25" is read as
// 1.25; usedComma reports that it was.
func parseValue(field string, decimalComma bool) (v float64, usedComma bool, err error) {
	s := strings.TrimSpace(field)
	num := s
	if decimalComma && strings.IndexByte(s, ',') >= 0 {
		num = strings.Replace(s, ",", ".", 1)
		usedComma = true
	}
	v, err = strconv.ParseFloat(num, 64)
	switch {
	case errors.Is(err, strconv.ErrRange) && math.IsInf(v, 0):
		return 0, false, fmt.Errorf("%w: %s is out of range", ErrNotFinite, quoteShort(s))
	case err != nil && isMissing(s):
		return 0, false, fmt.Errorf("%w: %s (a missing value; remove the row, or untick the column)", ErrNotNumber, quoteShort(s))
	case err != nil && errors.Is(err, strconv.ErrRange):
		v = 0 // an underflow such as 1e-400: ParseFloat returns the nearest value, 0
	case err != nil:
		return 0, false, fmt.Errorf("%w: %s", ErrNotNumber, quoteShort(s))
	case math.IsNaN(v) || math.IsInf(v, 0):
		return 0, false, fmt.Errorf("%w: %s", ErrNotFinite, quoteShort(s))
	case math.Abs(v) > MaxMagnitude:
		return 0, false, fmt.Errorf("%w: %s is larger than %g in magnitude; rescale the column (e.g. take its logarithm)", ErrHugeValue, quoteShort(s), MaxMagnitude)
	}
	return v, usedComma, nil
}

// isMissing reports whether s is a common spelling of a missing value.
func isMissing(s string) bool {
	switch strings.ToLower(s) {
	case "", "na", "n/a", "null", "none", "-", "?", "nan":
		return true
	}
	return false
}

// LabelValue is one distinct value of a label column and how many rows hold it.
type LabelValue struct {
	Value string // as written in the file, without surrounding spaces
	Rows  int
}

// labelCounter collects the distinct values of a column, in first-seen order.
type labelCounter struct {
	values []LabelValue
	index  map[string]int
	more   bool // more than MaxLabelValues distinct values
}

// add counts one value.
func (c *labelCounter) add(v string) {
	if i, ok := c.index[v]; ok {
		c.values[i].Rows++
		return
	}
	if len(c.values) >= MaxLabelValues {
		c.more = true
		return
	}
	if c.index == nil {
		c.index = make(map[string]int)
	}
	c.index[v] = len(c.values)
	c.values = append(c.values, LabelValue{Value: v, Rows: 1})
}

// describe lists the values for a message: `"star" (92,658 rows), "RRLyrae" (483 rows)`.
func (c *labelCounter) describe() string {
	var b strings.Builder
	for i, v := range c.values {
		if i == 8 {
			fmt.Fprintf(&b, " and %d more", len(c.values)-8)
			break
		}
		if i > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "%s (%s)", quoteShort(v.Value), plural(v.Rows, "row"))
	}
	if c.more {
		b.WriteString(" and more")
	}
	return b.String()
}

// labelOf maps a label field to class 0 or 1. With signal == "" the value
// must be numerically 0 or 1 ("0", "1.0", "1e0"; a decimal comma if
// decimalComma). Otherwise the rows whose value equals signal (as written,
// or numerically equal) are class 1 and every other row is class 0.
func labelOf(s, signal string, decimalComma bool) (int, bool) {
	if signal != "" {
		if s == signal || strings.EqualFold(s, signal) {
			return 1, true
		}
		a, _, err1 := parseValue(s, decimalComma)
		b, _, err2 := parseValue(signal, decimalComma)
		if err1 == nil && err2 == nil && a == b {
			return 1, true
		}
		return 0, true
	}
	v, _, err := parseValue(s, decimalComma)
	switch {
	case err == nil && v == 0:
		return 0, true
	case err == nil && v == 1:
		return 1, true
	}
	return 0, false
}

// GuessSignal proposes which of a label column's values is the signal class
// when they are not 0 and 1: for two values that read as a yes/no pair
// ("true"/"false", "yes"/"no", "y"/"n", "t"/"f", "signal"/"background",
// "positive"/"negative"), the "yes" one. It returns "" when it cannot tell;
// a page should then ask which value is the signal.
func GuessSignal(values []LabelValue) string {
	if len(values) != 2 {
		return ""
	}
	yes := map[string]string{"true": "false", "yes": "no", "y": "n", "t": "f", "signal": "background",
		"positive": "negative", "pos": "neg"}
	a, b := strings.ToLower(values[0].Value), strings.ToLower(values[1].Value)
	for i, pair := range [2][2]string{{a, b}, {b, a}} {
		if no, ok := yes[pair[0]]; ok && no == pair[1] {
			return values[i].Value
		}
	}
	return ""
}
