"""The app's HTTP contract: checks.json is its one definition, run by `challenge smoke` and the Test stage."""

from contract.runner import CHECKS_FILE, CheckResult, load_spec, run_checks

__all__ = ["CHECKS_FILE", "CheckResult", "load_spec", "run_checks"]
