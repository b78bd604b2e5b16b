package app

// SetEval is setEval, for the tests.
func (a *App) SetEval(e *Evaluation) { a.setEval(e) }

// ScoringsEnded counts the background scorings that ended, for the tests.
func (a *App) ScoringsEnded() int { return a.scoringsEnded }
