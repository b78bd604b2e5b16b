// Package inspectview is the flow inspector (View, view.vugu): points
// tracked through a class flow layer by layer on a canvas drawn by
// assets/inspector.js, what every layer does (Layers), the density
// heatmap, and the likelihood ledger of one star (Ledger). Its memory across
// view switches (choices, computed scenes, the ledger's star) is an
// inspectMemo kept in the App.
package inspectview
