package simd

import _ "embed" // the modules, assembled by go generate

//go:generate go run ./gen

// The two modules as built by the encoders of module.go and vector.go
// (`go generate ./flow/internal/simd` writes them; TestEmbeddedModules checks
// they are current). The encoders are not compiled into the wasm programs:
// the bytes are all they need.
var (
	//go:embed kernels.wasm
	kernelsWasm []byte
	//go:embed vector.wasm
	vectorWasm []byte
)

// OpWords is the number of i32 words of one operation record.
const OpWords = 12

// Operation kinds of the SIMD module's run function.
const (
	OpGemm   = 1
	OpReLU   = 2
	OpMask   = 3
	OpColSum = 4
)
