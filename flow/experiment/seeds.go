package experiment

import "math/rand/v2"

// Streams of the PCG generator used for each purpose, so that one seed gives
// independent, reproducible randomness everywhere.
const (
	streamSplit   = 0x5EED5
	streamInit    = 0x1000 // + class
	streamShuffle = 0x2000 // + class
	streamGMM     = 0x3000
	streamSample  = 0x4000
)

// SplitRNG returns the generator that splits the data for seed.
func SplitRNG(seed uint64) *rand.Rand { return rand.New(rand.NewPCG(seed, streamSplit)) }

// InitRNG returns the generator that initialises the flow of a class.
func InitRNG(seed uint64, class int) *rand.Rand {
	return rand.New(rand.NewPCG(seed, streamInit+uint64(class)))
}

// memberStream is the step between the streams of an ensemble's members: member
// m of class c inits from streamInit + c + m·memberStream (and shuffles likewise),
// below the next purpose's streams for m < flow.MaxMembers.
const memberStream = 0x100

// MemberInitRNG is InitRNG for member m of an ensemble; member 0's is InitRNG.
func MemberInitRNG(seed uint64, class, m int) *rand.Rand {
	return rand.New(rand.NewPCG(seed, streamInit+uint64(class)+uint64(m)*memberStream))
}

// MemberShuffleRNG is ShuffleRNG for member m of an ensemble; member 0's is ShuffleRNG.
func MemberShuffleRNG(seed uint64, class, m int) *rand.Rand {
	return rand.New(rand.NewPCG(seed, streamShuffle+uint64(class)+uint64(m)*memberStream))
}

// ShuffleRNG returns the generator that orders the mini-batches of a class.
func ShuffleRNG(seed uint64, class int) *rand.Rand {
	return rand.New(rand.NewPCG(seed, streamShuffle+uint64(class)))
}

// GMMRNG returns the generator that initialises the GMM baseline.
func GMMRNG(seed uint64) *rand.Rand { return rand.New(rand.NewPCG(seed, streamGMM)) }

// SampleRNG returns the generator of base samples shown by the inspector.
func SampleRNG(seed uint64) *rand.Rand { return rand.New(rand.NewPCG(seed, streamSample)) }
