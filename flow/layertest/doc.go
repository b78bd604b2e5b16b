// Package layertest checks that a flow.Layer is a correct bijection with the
// right log-determinant and exact gradients: one property check shared by
// every layer type, in the spirit of zuko's transform tests.
package layertest
