#!/usr/bin/env bash
# The pipeline's Test stage (buildspec-test.yml): the image the Build stage just pushed (by digest), run
# against a temporary DynamoDB table, must pass the app's contract checks (contract/checks.json, the same
# checks `challenge smoke` runs). The table is deleted in every case: pass, fail, timeout, SIGTERM/SIGINT.
#
#   bash scripts/test-stage.sh           run the stage
#   bash scripts/test-stage.sh cleanup   remove this build's container and table only (buildspec `finally`)
#
# From the CodeBuild project (terraform/modules/pipeline/codebuild_test.tf):
#   REPOSITORY_URI          ECR repository of the app; the image must be <REPOSITORY_URI>@sha256:<digest>
#   CONTAINER_NAME          the container's name in imagedefinitions.json
#   TEMP_TABLE_PREFIX       name prefix of temporary tables (<env prefix>_test_); the role may touch only these
#   TEMP_TABLE_TTL_MINUTES  a table's expiry (tag) after creation; later builds delete expired leftovers
#   AWS_DEFAULT_REGION      the stack's region
# From CodeBuild: CODEBUILD_BUILD_ID (names the table); from the buildspec: BUILD_ARTIFACT_DIR (the Build
# stage's output artifact). Optional: APP_PORT (8000), GTG_TIMEOUT_SECONDS (120), CHECKS_TIMEOUT_SECONDS (300).
set -euo pipefail
cd "$(dirname "$0")/.."

mode="${1:-run}"
case "$mode" in
  run | cleanup) ;;
  *)
    echo "Error: unknown mode '$mode'. Fix: run \`bash scripts/test-stage.sh\` or \`bash scripts/test-stage.sh cleanup\`." >&2
    exit 2
    ;;
esac

required=(TEMP_TABLE_PREFIX CODEBUILD_BUILD_ID AWS_DEFAULT_REGION)
[ "$mode" = run ] && required+=(REPOSITORY_URI CONTAINER_NAME TEMP_TABLE_TTL_MINUTES BUILD_ARTIFACT_DIR)
for name in "${required[@]}"; do
  if [ -z "${!name:-}" ]; then
    echo "Error: $name is not set. Fix: set it in the Test CodeBuild project's environment (terraform/modules/pipeline/codebuild_test.tf) or buildspec-test.yml." >&2
    exit 1
  fi
done
if [ ! -x .venv/bin/python ]; then
  echo "Error: $(pwd)/.venv is missing. Fix: run \`bash scripts/ensure-venv.sh\` first (buildspec-test.yml's install phase does)." >&2
  exit 1
fi

stage() { .venv/bin/python -m teststage "$@"; }

table="$(stage table-name --prefix "$TEMP_TABLE_PREFIX" --build-id "$CODEBUILD_BUILD_ID")"
container="contract-$table"
port="${APP_PORT:-8000}"
app_url="http://127.0.0.1:$port"

remove_container() { docker rm --force "$container" >/dev/null 2>&1 || true; }

if [ "$mode" = cleanup ]; then
  remove_container
  stage delete --table "$table"
  exit 0
fi

child=""
container_started=0
# Long steps run in the background and are waited for, so a TERM/INT is handled at once, not after them.
run_child() {
  "$@" &
  child=$!
  local status=0
  wait "$child" || status=$?
  child=""
  return "$status"
}

cleanup() {
  local status=$?
  trap '' INT TERM
  if [ -n "$child" ]; then kill "$child" 2>/dev/null || true; fi
  if [ "$status" -ne 0 ] && [ "$container_started" = 1 ]; then
    echo "--- last 100 lines of the app's log ($container)"
    docker logs --tail 100 "$container" 2>&1 || true
    echo "---"
  fi
  remove_container
  if ! stage delete --table "$table"; then
    echo "Error: the temporary table $table could not be deleted. Fix: a later Test stage deletes it once its expiry tag passes, or delete it by hand." >&2
    status=1
  fi
  if [ "$status" -eq 0 ]; then echo "Test stage passed; temporary table $table deleted."; fi
  exit "$status"
}
trap cleanup EXIT
trap 'echo "Test stage stopped (SIGTERM)." >&2; exit 143' TERM
trap 'echo "Test stage interrupted (SIGINT)." >&2; exit 130' INT

image="$(stage image --artifact-dir "$BUILD_ARTIFACT_DIR" --container "$CONTAINER_NAME" --repository "$REPOSITORY_URI")"
echo "Test stage: image $image, temporary table $table"

# A build that crashed or timed out before its cleanup leaves a table behind: delete those that expired.
stage sweep --prefix "$TEMP_TABLE_PREFIX" --keep "$table"

stage ecr-password | docker login --username AWS --password-stdin "${REPOSITORY_URI%%/*}"
run_child docker pull --quiet "$image"

stage create --table "$table" --build-id "$CODEBUILD_BUILD_ID" --ttl-minutes "$TEMP_TABLE_TTL_MINUTES"

# Host networking: the app listens on the build container's loopback and reaches DynamoDB with the build
# role's credentials (CodeBuild's container credentials endpoint, passed on by name).
container_started=1
docker run --detach --name "$container" --network host \
  -e TC_DYNAMO_TABLE="$table" \
  -e AWS_REGION="$AWS_DEFAULT_REGION" \
  -e AWS_DEFAULT_REGION \
  -e AWS_CONTAINER_CREDENTIALS_RELATIVE_URI \
  -e AWS_EC2_METADATA_DISABLED=true \
  -e HOST=127.0.0.1 \
  -e PORT="$port" \
  "$image" >/dev/null

run_child stage wait-gtg --url "$app_url" --timeout "${GTG_TIMEOUT_SECONDS:-120}" --container "$container"

checks_timeout="${CHECKS_TIMEOUT_SECONDS:-300}"
status=0
run_child timeout --kill-after=5 "$checks_timeout" .venv/bin/python -m contract "$app_url" || status=$?
if [ "$status" -eq 124 ] || [ "$status" -eq 137 ]; then
  echo "Error: the contract checks did not finish within $checks_timeout s. Fix: see the app's log below; raise CHECKS_TIMEOUT_SECONDS in buildspec-test.yml if the app is just slow." >&2
fi
exit "$status"
