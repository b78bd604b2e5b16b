package trainview

import "flowlab/web/app"

// trainForm is the train view's editing state: text that could not be used
// yet (with its problem), and settings changed during a run, which wait for
// the visitor to confirm discarding the run.
type trainForm struct {
	raw     map[string]string // field key → text typed that is not (yet) in the state shown
	errs    map[string]string // field key → what is wrong with raw[key]
	pending *app.State        // settings edited while training; nil when none
}

// clear forgets typed text, problems and pending settings.
func (f *trainForm) clear() { f.raw, f.errs, f.pending = nil, nil, nil }

func (f *trainForm) setRaw(key, text, problem string) {
	if f.raw == nil {
		f.raw, f.errs = map[string]string{}, map[string]string{}
	}
	f.raw[key], f.errs[key] = text, problem
}

func (f *trainForm) dropRaw(key string) {
	delete(f.raw, key)
	delete(f.errs, key)
}
