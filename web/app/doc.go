// Package app is the page's state and the actions the views call: the URL
// hash state and its field table, the dataset in use, the training run, the
// shown classifier and its evaluation. It knows nothing of the DOM: the root
// package gives it a render lock (Locker), a way to start workers
// (ConnFactory) and the browser's few facts (Cores, Yield).
package app
