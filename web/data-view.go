package main

// DataView shows the dataset in use and lets the visitor choose another.
// dataview.vugu is its template.
type DataView struct {
	App *App
}

// Summary describes the dataset in use; call it only when App.Data is set.
func (c *DataView) Summary() DatasetSummary { return summarize(c.App.Data) }
