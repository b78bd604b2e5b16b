package inspectview

import (
	"flowlab/flow"
	"flowlab/flow/data"
	"flowlab/web/app"
	"flowlab/web/browser"
)

// inspectMemo is the inspector's state that outlives the component: vugu
// drops a view's component when another view is shown, and the visitor's
// choices and the computed scene should still be there on return. One memo
// in its App (app.Memo); read and written under the App's render lock.
type inspectMemo struct {
	Matrix bool    // all feature pairs (else State.PairX/PairY enlarged)
	Follow bool    // keep each feature on its own axis through permutations
	Heat   bool    // draw the density heatmap (2-D data)
	Ghost  bool    // draw the reference cloud (data or base Gaussian)
	Points bool    // draw the tracked points
	Speed  float64 // play speed, 1 = one layer in 0.9 s

	Playing    bool // the canvas is animating a Play
	autoplayed bool // the one automatic Play of this visit was offered

	scenes    []keyedScene // the last few scenes computed, newest last
	live      liveShown    // the newest scene of the flows training now (see live.go)
	computing *sceneKey    // the scene being computed, nil if none
	sceneErr  string

	// Star is the star in the likelihood ledger, nil if none; starFlows are
	// the flows it was computed with.
	Star      *LedgerEntry
	starFlows [2]*flow.Flow
	starID    int // bumped when Star changes
	// Hint is a one-line message after a click that picked no star.
	Hint string

	worstFor *app.Evaluation // the evaluation worst was computed for
	worstCut float64         // and the cut
	worst    []WorstStar
}

// WorstStar is one validation star the classifier gets badly wrong.
type WorstStar struct {
	Row   int     // index in the validation split
	Label int     // its true class
	T     float64 // its statistic
}

// keyedScene is a computed scene and what it was computed from.
type keyedScene struct {
	key   sceneKey
	scene *InspectScene
}

// maxScenes is how many scenes the memo keeps, so that switching class or
// direction back and forth does not recompute.
const maxScenes = 4

// scene returns the cached scene for key, or nil.
func (m *inspectMemo) scene(key sceneKey) *InspectScene {
	for _, ks := range m.scenes {
		if ks.key == key {
			return ks.scene
		}
	}
	return nil
}

// addScene caches s for key, forgetting the oldest scene beyond maxScenes
// and any scene of flows no longer shown.
func (m *inspectMemo) addScene(key sceneKey, s *InspectScene, flows [2]*flow.Flow) {
	keep := m.scenes[:0]
	for _, ks := range m.scenes {
		if ks.key != key && (ks.key.flow == flows[0] || ks.key.flow == flows[1]) {
			keep = append(keep, ks)
		}
	}
	m.scenes = append(keep, keyedScene{key, s})
	if len(m.scenes) > maxScenes {
		m.scenes = m.scenes[len(m.scenes)-maxScenes:]
	}
}

// sceneKey identifies what a scene was computed from.
type sceneKey struct {
	flow    *flow.Flow
	data    *data.Dataset
	class   int
	reverse bool
	seed    uint64
}

// memoFor returns a's inspector memo, creating it with the defaults.
func memoFor(a *app.App) *inspectMemo {
	return app.Memo(a, func() *inspectMemo {
		// A phone is too narrow for the scatter matrix: one pair, enlarged.
		return &inspectMemo{Matrix: !browser.Current.NarrowScreen(), Follow: true, Heat: true, Ghost: true, Points: true, Speed: 1}
	})
}
