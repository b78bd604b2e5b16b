package client

import "testing"

func TestBenchRequest(t *testing.T) {
	for _, w := range BenchWorkloads {
		req, err := benchRequest(BenchSpec{Workload: w, Batch: 1000, Steps: 3, Workers: 2, WarmupSeconds: 2})
		if err != nil || req.Config.Dim != 4 || req.Batch != 1000 || req.Workers != 2 || req.WarmupSeconds != 2 {
			t.Errorf("%s: %+v, %v", w, req, err)
		}
	}
	if req, _ := benchRequest(BenchSpec{Workload: "paper-made", Batch: 1, Steps: 1, Workers: 1}); req.Config.Units != 200 || req.Config.Hidden != 2 {
		t.Errorf("paper MADE is not Table II: %+v", req.Config)
	}
	for _, bad := range []BenchSpec{{Workload: "gan", Batch: 1, Steps: 1, Workers: 1}, {Workload: "paper-made", Batch: 0, Steps: 1, Workers: 1}, {Workload: "paper-made", Batch: 1, Steps: 1, Workers: 0}, {Workload: "paper-made", Batch: 1, Steps: 1, Workers: 1, WarmupSeconds: -1}} {
		if _, err := benchRequest(bad); err == nil {
			t.Errorf("%+v accepted", bad)
		}
	}
}
