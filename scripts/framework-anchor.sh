#!/usr/bin/env bash
# Copied unchanged (below this comment) from the team's shared tools (../shared/tools/framework-anchor.sh, 2026-12-04) so that
# the project stands alone: `npm run bench -- --framework DIR` compares with the folder it prepares.
# Anchor for build speed and page weight: Observable Framework (npm @observablehq/framework) building
# N pages x M Plot charts over one CSV. Framework fetches npm: imports from a CDN at build time, which this
# machine cannot reach, so each requested package is bundled locally from the npm registry with esbuild
# into Framework's own cache layout first. Usage: framework-anchor.sh DIR [PAGES] [CHARTS]
# Run it with Node 24 first on PATH (the project brings one: PATH=$PWD/node_modules/.bin:$PATH from the project).
set -euo pipefail
dir=${1:?dir}; pages=${2:-50}; charts=${3:-10}
mkdir -p "$dir/src/data" && cd "$dir"
[ -f package.json ] || echo '{"name":"ofw","private":true,"type":"module"}' > package.json
npm install --no-audit --no-fund --no-save @observablehq/framework@1.13.4 esbuild >/dev/null 2>&1
python3 - "$pages" "$charts" <<'PY'
import random, sys
pages, charts = int(sys.argv[1]), int(sys.argv[2])
random.seed(1)
rows = ["accelerator,scenario,result"]
for a in ["A100","H100","H200","B200","GB200","MI300X"]:
    for s in ["Offline","Server"]:
        rows.append(f"{a},{s},{random.randint(100,10000)}")
open('src/data/results.csv','w').write("\n".join(rows)+"\n")
for i in range(pages):
    md = [f"# Report {i}\n", '```js\nconst results = FileAttachment("data/results.csv").csv({typed: true});\n```\n']
    for c in range(charts):
        md.append('```js\nPlot.plot({marks: [Plot.barY(results.filter(d => d.scenario === "Offline"), {x: "accelerator", y: "result"})]})\n```\n')
    open(f'src/r{i}.md','w').write("\n".join(md))
open('src/index.md','w').write("# Index\n")
PY
for pass in 1 2 3; do
npx observable build >/dev/null 2>&1 && break
for i in $(seq 1 30); do
  line=$(npx observable build --debug 2>&1 | grep -oE "npm:[^ ]+/\+esm → [^ ]+" | tail -1 || true)
  [ -z "$line" ] && break
  spec=$(sed -E 's/npm:(.+)\/\+esm.*/\1/' <<<"$line"); out=$(sed -E 's/.*→ //' <<<"$line")
  name=$(sed -E 's/@[^@]+$//' <<<"$spec"); b=$(mktemp -d)
  (cd "$b" && echo '{"type":"module"}' > package.json && npm install --no-audit --no-fund --no-save "$spec" >/dev/null 2>&1 &&
   echo "export * from \"$name\"; import * as m from \"$name\"; export default (m.default ?? m);" > e.js &&
   "$dir/node_modules/.bin/esbuild" e.js --bundle --format=esm --minify --outfile="$dir/$out" --log-level=error)
done
done
npx observable build >/dev/null 2>&1 || { echo "Framework still fails to build in $dir (run npx observable build --debug there)" >&2; exit 1; }
echo "ready: cd $dir && npx observable build"
