#!/usr/bin/env bash
# Prints the path of a Terraform CLI config that installs hashicorp/aws from a local filesystem
# mirror (this machine cannot reach registry.terraform.io). Idempotent; the mirror is discovered,
# never committed. Override discovery with CHALLENGE_TF_PROVIDER_MIRROR=<dir holding registry.terraform.io>.
set -euo pipefail

if [ -n "${TF_CLI_CONFIG_FILE:-}" ] && [ -f "$TF_CLI_CONFIG_FILE" ] && grep -q filesystem_mirror "$TF_CLI_CONFIG_FILE"; then
  echo "$TF_CLI_CONFIG_FILE"
  exit 0
fi

find_mirror() {
  local base hit
  for base in /opt /usr/local/share /usr/share "$HOME/.terraform.d" "$HOME/.local/share/terraform" /var/lib; do
    [ -d "$base" ] || continue
    hit=$(find "$base" -maxdepth 6 -type d -path '*/registry.terraform.io/hashicorp/aws' -print -quit 2>/dev/null || true)
    if [ -n "$hit" ]; then dirname "$(dirname "$(dirname "$hit")")"; return; fi
  done
  hit=$(find / -xdev -maxdepth 8 -type d -path '*/registry.terraform.io/hashicorp/aws' -not -path '/proc/*' -not -path '*/.terraform/*' -print -quit 2>/dev/null || true)
  [ -n "$hit" ] && dirname "$(dirname "$(dirname "$hit")")"
}

mirror="${CHALLENGE_TF_PROVIDER_MIRROR:-$(find_mirror || true)}"
out_dir="${XDG_CACHE_HOME:-$HOME/.cache}/challenge"
out="$out_dir/terraform-cli.tfrc"
mkdir -p "$out_dir"
tmp="$(mktemp "$out_dir/.tfrc.XXXXXX")"
if [ -n "$mirror" ]; then
  cat >"$tmp" <<CFG
provider_installation {
  filesystem_mirror {
    path    = "$mirror"
    include = ["registry.terraform.io/hashicorp/*"]
  }
  direct {
    exclude = ["registry.terraform.io/hashicorp/*"]
  }
}
CFG
else
  echo "warning: no local hashicorp/aws provider mirror found; terraform init will try the registry" >&2
  echo '# no local provider mirror found' >"$tmp"
fi
mv -f "$tmp" "$out"
echo "$out"
