package main

// pageState is the page's state as window.flowlab shows it to end-to-end
// tests and to curious users in the console. Tests wait on Ready or Error,
// never on time.
type pageState struct {
	// Ready is true once the dataset is loaded and its summary rendered.
	Ready bool
	// Status is the text of the status line; Error the error message, or "".
	Status, Error string
	// Dataset is the summary of the loaded data, nil before it is loaded.
	Dataset *DatasetSummary
}

// jsObject converts s to the plain map that becomes window.flowlab:
// {ready, status, error, dataset: null | {rows, background, rrLyrae, features: [names]}}.
// It holds only types js.ValueOf accepts.
func (s pageState) jsObject() map[string]any {
	obj := map[string]any{
		"ready":   s.Ready,
		"status":  s.Status,
		"error":   s.Error,
		"dataset": nil,
	}
	if d := s.Dataset; d != nil {
		names := make([]any, len(d.Features))
		for i, f := range d.Features {
			names[i] = f.Name
		}
		obj["dataset"] = map[string]any{
			"rows":       d.Rows,
			"background": d.Background,
			"rrLyrae":    d.RRLyrae,
			"features":   names,
		}
	}
	return obj
}
