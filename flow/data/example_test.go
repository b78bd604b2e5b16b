package data_test

import (
	"bytes"
	"errors"
	"fmt"
	"math/rand/v2"
	"strings"

	"flowlab/flow/data"
)

func ExampleParseCSV() {
	in := "u_g,g_r,r_i,i_z,label\n1.25,0.39,0.137,0.062,0\n1.126,0.065,-0.017,-0.058,1\n"
	d, err := data.ParseCSV(strings.NewReader(in), data.CSVOptions{})
	if err != nil {
		fmt.Println(err)
		return
	}
	n0, n1 := d.Counts()
	fmt.Println(d.Names, d.Len(), n0, n1, d.Row(1))

	_, err = data.ParseCSV(strings.NewReader("u_g,g_r,label\n1,abc,0\n"), data.CSVOptions{})
	var pe *data.ParseError
	fmt.Println(err, errors.Is(err, data.ErrNotNumber), errors.As(err, &pe) && pe.Line == 2)
	// Output:
	// [u_g g_r r_i i_z] 2 1 1 [1.126 0.065 -0.017 -0.058]
	// data: line 2, column "g_r": not a number: "abc" true true
}

func ExampleSplit() {
	d, _ := data.Toy("moons", 1000, 0.1, rand.New(rand.NewPCG(1, 2)))
	train, test, valid := data.Split(d, data.PaperSplit, rand.New(rand.NewPCG(3, 4)))
	fmt.Println(train.Len(), test.Len(), valid.Len())
	// Output: 800 100 100
}

func ExampleEncodeAsset() {
	d := &data.Dataset{Names: []string{"x1", "x2"}, Dim: 2, X: []float64{0.1, 2, 3, 4}, Y: []int{0, 1}}
	var buf bytes.Buffer
	if err := data.EncodeAsset(&buf, d); err != nil {
		fmt.Println(err)
		return
	}
	back, err := data.DecodeAsset(buf.Bytes())
	// 24 header + 2×(2+2) names + (2+5) "label" + 4×4 values + 2 labels + 8 CRC-64 = 65 bytes.
	fmt.Println(buf.Len(), back.X[0] == float64(float32(0.1)), back.Checksum() == d.Checksum(), err)
	// Output: 65 true true <nil>
}
