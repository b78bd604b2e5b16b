// Package trainview is the Train view (View, view.vugu): the preset and
// settings form (Settings), the run's progress, speed and health (Run), and
// the live loss curves (LossChart). The settings' ranges come from the one
// field table in package app; the batch-loss trace is recorded by the app.
package trainview
