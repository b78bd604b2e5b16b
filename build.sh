#!/usr/bin/env bash
# Flow Lab: build, serve and test the static site. Run `./build.sh help`.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"

DIST=dist
LOGS=.cache/test-logs

usage() {
	cat <<'EOF'
Usage: ./build.sh [verb]

Verbs:
  build         (default) build the static site into dist/: index.html,
                app.wasm (the vugu UI), worker.wasm + worker.js (training
                workers), wasm_exec.js, assets/, data/rrlyrae.bin, the
                pretrained flows, the web app manifest and icons, and the
                service worker sw.js (precaching all of it); gzip and brotli
                twins of the large files; print a size table
  serve [PORT]  build, then serve dist/ on http://127.0.0.1:PORT/ (default 8080)
  test          everything, continuing after failures: vugu code freshness,
                gofmt, go vet, go test (native, and every package as wasm in Node),
                a fresh build, browser tests in e2e/; ends with "N passed, N failed"
  bench [load|train]
                build, then print the load table (bytes sent and time to a
                usable Data view over an emulated 10 Mbit/s, 40 ms link: first
                visit, second visit, offline) and the training-throughput
                table: native, wasm in Node, and Web Workers in headless
                Chromium (1 and N workers), plus the quick preset's
                click-to-metrics time; `load` or `train` runs one of them
  clean         remove dist/ and e2e/screenshots/
  help          this text

Needs Go (the version in go.mod). `test` also needs Node.js 20+ and
/usr/bin/chromium (`apt-get install chromium`); it runs `npm ci` in e2e/ when
e2e/node_modules is missing. The data asset is made by cmd/mkasset from
$RRLYRAE_CSV, ../shared/data/rrlyrae/, or a download (see README.md).
EOF
}

say() { printf '%s\n' "$*"; }
die() {
	printf 'build.sh: %s\n' "$*" >&2
	exit 1
}

command -v go >/dev/null || die "Go is not on PATH; install the Go version named in go.mod"

# ---------------------------------------------------------------- generation

# gen_vugu regenerates the vugu components in every directory under web/ that
# has .vugu files, then gofmt-formats the generated files (vugugen's output is
# not gofmt-clean). The generated files are committed; `test` checks them.
gen_vugu() {
	local dir
	while IFS= read -r dir; do
		go tool vugugen -skip-go-mod -skip-main "$dir"
		gofmt -w "$dir"/*_gen.go
	done < <(find web -name '*.vugu' -printf '%h\n' | sort -u)
}

# generated_changes prints the generated vugu files that differ from git HEAD
# (modified, added or untracked).
generated_changes() {
	git status --porcelain --untracked-files=all -- 'web/*_gen.go' 'web/**/*_gen.go'
}

# -------------------------------------------------------------------- build

PRODUCED=() # files build_site wrote into dist/, relative to dist/

# put SRC DST: move SRC to dist/DST unless identical (keeps the mtime, so the
# gzip twin is not redone), and record DST.
put() {
	local src=$1 dst=$DIST/$2
	mkdir -p "$(dirname "$dst")"
	if [[ -f $dst ]] && cmp -s "$src" "$dst"; then
		rm -f "$src"
	else
		mv -f "$src" "$dst"
	fi
	PRODUCED+=("$2")
}

# copy SRC DST: like put, but leaves SRC in place.
copy() {
	local tmp
	tmp=$(mktemp "$DIST/.tmp.XXXXXX")
	cp "$1" "$tmp"
	chmod 644 "$tmp"
	put "$tmp" "$2"
}

# gowasm PKG DST: build a Go package for the browser into dist/DST.
gowasm() {
	local tmp
	tmp=$(mktemp "$DIST/.tmp.XXXXXX")
	GOOS=js GOARCH=wasm go build -trimpath -ldflags='-s -w' -o "$tmp" "$1"
	chmod 644 "$tmp"
	put "$tmp" "$2"
}

build_site() {
	say "== build: dist/"
	mkdir -p "$DIST"
	rm -rf "$DIST"/.tmp.*
	PRODUCED=()

	say "-- generating vugu code (web/)"
	gen_vugu

	say "-- app.wasm (./web)"
	gowasm ./web app.wasm

	say "-- worker.wasm (./wasm/worker) and worker.js"
	gowasm ./wasm/worker worker.wasm
	copy wasm/worker/worker.js worker.js

	local goroot
	goroot=$(go env GOROOT)
	copy "$goroot/lib/wasm/wasm_exec.js" wasm_exec.js

	# index.html, with app.wasm's size filled in for the download progress bar.
	local size tmp
	size=$(stat -c %s "$DIST/app.wasm")
	tmp=$(mktemp "$DIST/.tmp.XXXXXX")
	sed 's|<meta name="flowlab-app-wasm-bytes" content="">|<meta name="flowlab-app-wasm-bytes" content="'"$size"'">|' index.html >"$tmp"
	grep -q "content=\"$size\"" "$tmp" || die 'index.html lacks <meta name="flowlab-app-wasm-bytes" content="">'
	chmod 644 "$tmp"
	put "$tmp" index.html

	local f
	while IFS= read -r f; do
		copy "$f" "$f"
	done < <(find assets -type f | sort)
	copy manifest.webmanifest manifest.webmanifest

	say "-- assets/vugu-render.js (go run ./cmd/vuguscript), app icons (go run ./cmd/mkicons)"
	tmp=$(mktemp "$DIST/.tmp.XXXXXX")
	go run ./cmd/vuguscript -o "$tmp"
	chmod 644 "$tmp"
	put "$tmp" assets/vugu-render.js
	local icons
	icons=$(mktemp -d "$DIST/.tmp.XXXXXX")
	go run ./cmd/mkicons -o "$icons"
	for f in "$icons"/*.png; do
		chmod 644 "$f"
		put "$f" "assets/$(basename "$f")"
	done
	rmdir "$icons"

	say "-- data/rrlyrae.bin (go run ./cmd/mkasset)"
	mkdir -p "$DIST/data"
	tmp=$(mktemp "$DIST/.tmp.XXXXXX")
	go run ./cmd/mkasset -o "$tmp"
	chmod 644 "$tmp"
	put "$tmp" data/rrlyrae.bin

	pretrained

	# Last of the site's files: the service worker lists all the others.
	say "-- sw.js (go run ./cmd/precache)"
	tmp=$(mktemp "$DIST/.tmp.XXXXXX")
	go run ./cmd/precache -dir "$DIST" -template sw.js -o "$tmp" "${PRODUCED[@]}"
	chmod 644 "$tmp"
	put "$tmp" sw.js

	compress
	prune
	sizes
}

# pretrained makes the flows the page opens with: the quick preset of each
# model, seed 1, trained natively by our own CLI on the same data
# (`flowlab reproduce -preset quick -seed 1 -model M -bits 10 -o DIR`,
# DIR/pair.json, its parameters rounded to 10 significant bits: about 0.001
# nats from the full flows on average, in half float32's bytes;
# docs/EXPERIMENTS.md, "Pretrained flows at 10 bits").
# They are cached under .cache/pretrained, keyed by the engine's and the
# CLI's sources and the data asset, so they are redone exactly when those change.
pretrained() {
	local key model dir flags=(-preset quick -seed 1 -bits 10)
	key=$( (echo "${flags[*]}"; git ls-files -s flow cmd/flowlab go.sum 2>/dev/null || find flow cmd/flowlab -name '*.go' -exec sha256sum {} +; sha256sum "$DIST/data/rrlyrae.bin") | sha256sum | cut -c1-16)
	for model in realnvp made spline; do
		dir=.cache/pretrained/$model-$key
		if [[ ! -f $dir/pair.json ]]; then
			say "-- pretrained/quick-$model.json (flowlab reproduce ${flags[*]} -model $model)"
			rm -rf .cache/pretrained/"$model"-*
			mkdir -p "$dir"
			go run ./cmd/flowlab reproduce "${flags[@]}" -model "$model" -o "$dir" >"$dir/report.txt" 2>"$dir/progress.log" ||
				die "training the pretrained $model flows failed; see $dir/progress.log"
		else
			say "-- pretrained/quick-$model.json (cached: $dir)"
		fi
		copy "$dir/pair.json" "pretrained/quick-$model.json"
	done
}

# compress writes the pre-compressed twins of every produced text or wasm
# file over 1 KiB: X.gz with gzip -9 here, X.br (brotli, quality 11) with
# cmd/compress. Both give a twin the mtime of X, so a twin with a different
# mtime is stale and redone; cmd/compress also keeps brotli twins by content
# hash in .cache/brotli, so a fresh dist/ of unchanged code takes seconds.
compress() {
	local f names=()
	for f in "${PRODUCED[@]}"; do
		case $f in *.wasm | *.js | *.bin | *.css | *.html | *.json | *.svg | *.webmanifest) ;; *) continue ;; esac
		(($(stat -c %s "$DIST/$f") > 1024)) || continue
		names+=("$f")
		if [[ ! -f $DIST/$f.gz || $DIST/$f -nt $DIST/$f.gz || $DIST/$f.gz -nt $DIST/$f ]]; then
			gzip -k -9 -f "$DIST/$f"
		fi
		PRODUCED+=("$f.gz")
	done
	((${#names[@]} > 0)) || return 0
	say "-- brotli twins (go run ./cmd/compress)"
	go run ./cmd/compress -dir "$DIST" -cache .cache/brotli "${names[@]}"
	for f in "${names[@]}"; do
		[[ -f $DIST/$f.br ]] && PRODUCED+=("$f.br")
	done
}

# prune deletes files in dist/ this build did not produce (e.g. left over from
# a removed asset), so dist/ is always exactly the current site.
prune() {
	local -A keep=()
	local f
	for f in "${PRODUCED[@]}"; do keep[$f]=1; done
	while IFS= read -r f; do
		[[ -n ${keep[$f]:-} ]] || {
			say "-- removing stale dist/$f"
			rm -f "$DIST/$f"
		}
	done < <(cd "$DIST" && find . -type f -printf '%P\n')
	find "$DIST" -mindepth 1 -type d -empty -delete
}

# sizes prints every file in dist/ with its raw, gzip and brotli sizes in
# bytes, and the totals a browser is sent: the smallest twin that exists
# (what cmd/serve picks for a browser accepting both), and gzip-only for
# comparison with hosts that do not serve brotli.
sizes() {
	local f raw gz br total_raw=0 total_gz=0 total_br=0
	printf '\n%-30s %10s %10s %10s\n' file raw gzip brotli
	while IFS= read -r f; do
		raw=$(stat -c %s "$DIST/$f")
		total_raw=$((total_raw + raw))
		gz=- br=-
		[[ -f $DIST/$f.gz ]] && gz=$(stat -c %s "$DIST/$f.gz")
		[[ -f $DIST/$f.br ]] && br=$(stat -c %s "$DIST/$f.br")
		if [[ $gz == - ]]; then total_gz=$((total_gz + raw)); else total_gz=$((total_gz + gz)); fi
		if [[ $br != - ]]; then
			total_br=$((total_br + br))
		elif [[ $gz != - ]]; then
			total_br=$((total_br + gz))
		else
			total_br=$((total_br + raw))
		fi
		printf '%-30s %10s %10s %10s\n' "$f" "$raw" "$gz" "$br"
	done < <(cd "$DIST" && find . -type f ! -name '*.gz' ! -name '*.br' -printf '%P\n' | sort)
	printf '%-30s %10s %10s %10s\n' "total (sent)" "$total_raw" "$total_gz" "$total_br"
	say ""
}

# --------------------------------------------------------------------- test

PASSED=0
FAILED=0
FAILURES=()

record() { # record NAME PASSES FAILS
	PASSED=$((PASSED + $2))
	FAILED=$((FAILED + $3))
	if (($3 > 0)); then FAILURES+=("$1: $3 failed"); fi
	say "-- $1: $2 passed, $3 failed"
}

check() { # check NAME CMD...: one result for a whole command
	local name=$1 rc
	shift
	say "== $name"
	# A subshell outside any `if`, so set -e still stops the step at its
	# first failing command (bash ignores -e inside if conditions).
	set +e
	(
		set -e
		"$@"
	)
	rc=$?
	set -e
	if ((rc == 0)); then record "$name" 1 0; else record "$name" 0 1; fi
}

# count_go LOG: "passes fails skips" from go test -v output. Every test,
# subtest and example line (--- PASS/FAIL at any indentation) counts once; a
# package that fails without a failing test line (build error, panic outside a
# test, timeout) counts as one failure.
count_go() {
	awk '
		/^[[:space:]]*--- PASS/ { p++ }
		/^[[:space:]]*--- FAIL/ { f++; pkgf++ }
		/^[[:space:]]*--- SKIP/ { s++ }
		/^ok[[:space:]]/ { pkgf = 0 }
		/^FAIL[[:space:]]+[^[:space:]]/ { if (pkgf == 0) f++; pkgf = 0 }
		END { printf "%d %d %d\n", p, f, s }
	' "$1"
}

gotest() { # gotest NAME LOGNAME GO-TEST-ARGS...: run go test -v, count results
	local name=$1 log=$LOGS/$2.log rc=0 p f s
	shift 2
	say "== $name"
	go test -count=1 -v -timeout 10m "$@" >"$log" 2>&1 || rc=$?
	grep -Ev '^[[:space:]]*(=== (RUN|PAUSE|CONT|NAME)|--- PASS)|^(PASS|FAIL)$' "$log" || true
	read -r p f s < <(count_go "$log")
	if ((rc != 0 && f == 0)); then f=1; fi # go test failed in a way no line shows
	((s == 0)) || say "-- $name: $s skipped (see $log)"
	record "$name" "$p" "$f"
}

step_gofmt() {
	local out
	out=$(find . -name '*.go' -not -path './e2e/node_modules/*' -not -path './.cache/*' -not -path './dist/*' -print0 | xargs -0 gofmt -l)
	[[ -z $out ]] && return 0
	say "not gofmt-clean (run gofmt -w on them):"
	say "$out"
	return 1
}

step_generated() {
	gen_vugu || return 1
	git rev-parse --is-inside-work-tree >/dev/null 2>&1 || {
		say "not a git checkout: cannot compare the generated vugu code with the committed one"
		return 1
	}
	local changed
	changed=$(generated_changes)
	[[ -z $changed ]] && return 0
	say "the generated vugu code differs from git HEAD; commit these with their .vugu files:"
	say "$changed"
	return 1
}

step_vet() {
	local rc=0 jspkgs=(./web/...)
	go vet ./... || rc=1
	[[ -d wasm ]] && jspkgs+=(./wasm/...)
	GOOS=js GOARCH=wasm go vet "${jspkgs[@]}" || rc=1
	return $rc
}

step_build() {
	rm -rf "$DIST"
	build_site
}

step_e2e() {
	local tap=$LOGS/e2e.tap rc=0 p f c
	say "== e2e (node --test, headless Chromium)"
	if ! command -v node >/dev/null; then
		say "node is not installed"
		record e2e 0 1
		return
	fi
	if [[ ! -d e2e/node_modules ]]; then
		say "-- npm ci (e2e/)"
		if ! (cd e2e && npm ci --no-audit --no-fund); then
			record e2e 0 1
			return
		fi
	fi
	local files=()
	for f in e2e/*.test.mjs; do [[ -e $f ]] && files+=("${f#e2e/}"); done
	if ((${#files[@]} == 0)); then
		say "no e2e/*.test.mjs files"
		record e2e 0 1
		return
	fi
	rm -f "$tap"
	(cd e2e && node --test --test-reporter=spec --test-reporter-destination=stdout \
		--test-reporter=tap --test-reporter-destination="../$tap" "${files[@]}") || rc=$?
	p=$(awk '/^# pass /{print $3}' "$tap" 2>/dev/null | tail -1)
	f=$(awk '/^# fail /{print $3}' "$tap" 2>/dev/null | tail -1)
	c=$(awk '/^# cancelled /{print $3}' "$tap" 2>/dev/null | tail -1)
	if [[ -z $p || -z $f ]]; then
		say "node --test printed no summary (exit status $rc)"
		record e2e 0 1
		return
	fi
	f=$((f + ${c:-0}))
	if ((rc != 0 && f == 0)); then f=1; fi
	record e2e "$p" "$f"
}

run_tests() {
	mkdir -p "$LOGS"
	check "vugu code fresh" step_generated
	check gofmt step_gofmt
	check "go vet (native, and js/wasm for web/ and wasm/)" step_vet
	gotest "go test (native)" native ./...
	# Every package again as wasm in Node: the engine, the protocol and its
	# JS buffers, the UI's logic, the commands (about 20 s). wasm/testexec/exec
	# is Go's go_js_wasm_exec plus the Go memory the workers expose, so the
	# engine's vector module is tested too.
	GOOS=js GOARCH=wasm gotest "go test (js/wasm under Node): ./..." wasm \
		-exec="$PWD/wasm/testexec/exec" ./...
	check "build (fresh dist/)" step_build
	if [[ -f $DIST/index.html ]]; then
		step_e2e
	else
		say "== e2e: skipped, the build failed"
		record e2e 0 1
	fi

	say ""
	say "== summary (logs in $LOGS/)"
	local line
	for line in "${FAILURES[@]}"; do say "FAILED $line"; done
	say "$PASSED passed, $FAILED failed"
	((FAILED == 0))
}

# --------------------------------------------------------------------- main

verb=${1:-build}
case $verb in
help | -h | --help) usage ;;
build)
	(($# <= 1)) || die "build takes no arguments"
	build_site
	;;
serve)
	(($# <= 2)) || die "usage: ./build.sh serve [PORT]"
	port=${2:-8080}
	[[ $port =~ ^[0-9]+$ ]] && ((port > 0 && port < 65536)) || die "PORT must be a number from 1 to 65535, not '$port'"
	build_site
	# Built, then exec'd (rather than `go run`), so signals reach the server
	# itself and it shuts down cleanly.
	go build -o .cache/bin/serve ./cmd/serve
	say "Flow Lab: open http://127.0.0.1:$port/ (Ctrl-C stops the server)"
	exec .cache/bin/serve -dir "$DIST" -addr "127.0.0.1:$port"
	;;
test)
	(($# <= 1)) || die "test takes no arguments"
	run_tests
	;;
bench)
	(($# <= 2)) || die "usage: ./build.sh bench [load|train]"
	what=${2:-all}
	[[ $what == all || $what == load || $what == train ]] || die "bench: unknown part '$what' (load or train)"
	command -v node >/dev/null || die "bench needs Node.js 20+"
	[[ -x /usr/bin/chromium ]] || die "bench needs /usr/bin/chromium (apt-get install -y chromium)"
	build_site
	[[ -d e2e/node_modules ]] || (cd e2e && npm ci --no-audit --no-fund)
	if [[ $what != train ]]; then node e2e/bench-load.mjs; fi
	if [[ $what != load ]]; then node e2e/bench.mjs; fi
	;;
clean)
	rm -rf "$DIST" e2e/screenshots
	say "removed dist/ and e2e/screenshots/"
	;;
*)
	usage >&2
	die "unknown verb '$verb'"
	;;
esac
