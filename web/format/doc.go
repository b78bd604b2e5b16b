// Package format writes numbers and words for people, the same way in
// every view: digit groups, plurals.
package format
