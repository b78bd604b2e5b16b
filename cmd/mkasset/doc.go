// Command mkasset builds the web page's RR Lyrae data asset (format: flow/data/ASSET.md).
//
// Usage, from the repository root:
//
//	go run ./cmd/mkasset -o dist/data/rrlyrae.bin [-csv PATH] [-cache DIR] [-allow-other] [-timeout 10m]
//
// The data come from the first source that applies:
//
//  1. the -csv flag, else the RRLYRAE_CSV environment variable: the RR Lyrae CSV
//     (header u_g,g_r,r_i,i_z,label); an error there is final;
//  2. ../shared/data/rrlyrae/rrlyrae_combined.csv, relative to the working directory and to the
//     repository root (the nearest parent holding the flowlab go.mod);
//  3. the astroML originals, RRLyrae.fit and stripe82calibStars_v2.6.dat.gz, downloaded into the
//     cache directory (default .cache/astroml; files already there are reused) and rebuilt with
//     astroML's recipe (fits.go, catalog.go, recipe.go; see PROVENANCE.md next to the shared CSV).
//
// The result is always verified before anything is written: a CSV file's sha256, 93,141 rows
// (92,658 label 0 + 483 label 1), dim 4, names u_g g_r r_i i_z, and the table checksum
// (data.Dataset.Checksum) pinned in verify.go. Any mismatch exits with status 1.
// -allow-other skips these RR Lyrae checks so the tool can pack another valid labelled CSV.
//
// The asset is written atomically (a temporary file in the same directory, then a rename) and one
// line is printed: the output path, rows, bytes and checksum. Exit status: 0 success (or -h), 1 failure,
// 2 bad flags.
package main
