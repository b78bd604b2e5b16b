package protocol

import (
	"reflect"
	"testing"
)

// FuzzDecode feeds Decode any kind, header and payload sizes: it must
// return a message or an error, never panic, and a message it returns must
// survive Encode and Decode unchanged. The seeds are every kind's sample
// message as it crosses the wire.
func FuzzDecode(f *testing.F) {
	for _, m := range samples() {
		w, err := Encode(m)
		if err != nil {
			f.Fatal(err)
		}
		var sizes []byte
		for _, p := range w.Payloads {
			sizes = append(sizes, byte(len(p)))
		}
		f.Add(string(w.Kind), w.Header, sizes)
	}
	f.Add("snapshot", []byte(`{"model":{"members":[null,{"params":[1]},{}]}}`), []byte{3, 1, 0})
	f.Add("evaluate", []byte(`{"n":-1,"models":[{},null]}`), []byte{})
	f.Add("init", []byte(`{"nTrain":4611686018427387904,"config":{"dim":4}}`), []byte{0, 0})
	f.Fuzz(func(t *testing.T, kind string, header, sizes []byte) {
		w := Wire{Kind: Kind(kind), Header: header}
		for i, n := range sizes {
			p := make([]float64, n)
			for j := range p {
				p[j] = float64(i) + float64(j)/8
			}
			w.Payloads = append(w.Payloads, p)
		}
		m, err := Decode(w)
		if err != nil {
			return
		}
		again, err := Encode(m)
		if err != nil {
			t.Fatalf("a decoded %s does not encode: %v", kind, err)
		}
		back, err := Decode(again)
		if err != nil {
			t.Fatalf("a decoded %s, encoded again, does not decode: %v", kind, err)
		}
		if !reflect.DeepEqual(back, m) {
			t.Fatalf("%s changed on a second round trip:\n%+v\n%+v", kind, back, m)
		}
	})
}
