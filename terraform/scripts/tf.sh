#!/usr/bin/env bash
# terraform with the CLI config that points at a local provider mirror when the registry is unreachable.
set -euo pipefail
cd "$(dirname "$0")/.."
TF_CLI_CONFIG_FILE="$(bash ../.ci/terraform-cli-config.sh)"
export TF_CLI_CONFIG_FILE CHECKPOINT_DISABLE=1
exec terraform "$@"
