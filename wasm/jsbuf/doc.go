// Package jsbuf moves protocol messages across postMessage: a JS object
// {kind, json, f64: [Float64Array…]} whose number arrays are copied with one
// js.CopyBytesToJS/CopyBytesToGo call each and listed for transfer.
package jsbuf
