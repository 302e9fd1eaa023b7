#!/usr/bin/env bash
# OpenAPI conformance: schemathesis against the running workers, authenticated as a fresh
# developer (front-auth-api, oauth-api) and with that developer's secret key (api-multi).
#   conformance.sh STATE_DIR   (the stack must be running from STATE_DIR)
set -euo pipefail
source "$(dirname "$0")/env.sh"
state="$1"
api="http://127.0.0.1:$API_PORT"
dev="$("$ROOT/target/debug/dream-sim" token --sub "user_conformance_$$" --azp http://127.0.0.1:8080 --state-dir "$state/sim")"
sk="$(curl -fsS -X POST "$api/api/developer/register" -H "Authorization: Bearer $dev" |
  python3 -c 'import json, sys; print(json.load(sys.stdin)["test"]["secretKey"])')"
echo "$sk" >> "$state/secrets.txt"
checks=not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance,response_headers_conformance,negative_data_rejection
for target in "openapi.json|$sk" "api/developer/openapi.json|$dev" "api/oauth/openapi.json|$dev"; do
  # A fixed seed: the same cases every run, so a failure is a finding, never flakiness.
  "$SCHEMATHESIS" run "$api/${target%%|*}" --url "$api" -H "Authorization: Bearer ${target#*|}" \
    --checks "$checks" --max-examples 40 --seed 20261129 --no-color
done
