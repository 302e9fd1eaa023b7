#!/usr/bin/env bash
# The TypeScript SDK (clients/js): its types agree with api-multi's OpenAPI document, it
# builds (tsc, strict), its unit tests pass, and `npm pack` gives a package that installs into
# a scratch folder and imports cleanly in Node. The integration tests run in scripts/e2e.sh.
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$ROOT"
python3 scripts/gen-sdk-types.py --check
python3 scripts/gen-sdk-types.py --self-test
cd clients/js
rm -rf dist ./*.tgz
tsc -p tsconfig.json
node --test test/unit.test.js
scratch="$ROOT/.state/sdk-install"
rm -rf "$scratch" && mkdir -p "$scratch"
tarball="$(npm pack --silent --pack-destination "$scratch")"
cd "$scratch"
printf '{"name":"sdk-install-check","private":true,"type":"module"}\n' > package.json
npm install --offline --no-audit --no-fund --silent "./$tarball"
node --input-type=module -e '
import DreamAPI, { DreamApiError } from "@dream-api/client";
const api = new DreamAPI("sk_test_x", { baseUrl: "https://api.test", fetch: async () => new Response("{}") });
if (api.mode !== "server" || typeof DreamApiError !== "function") throw new Error("bad exports");
console.log("sdk: npm pack installs and imports in Node " + process.version);
'
