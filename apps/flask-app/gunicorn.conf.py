"""gunicorn settings, read from the environment so the same image runs anywhere.

PORT               listening port (default 8000; the ALB target group and the task definition use it)
HOST               listening address (default 0.0.0.0 in the container; local runs use 127.0.0.1)
WEB_CONCURRENCY    worker processes (default 2: one per vCPU of the default 2-vCPU t3 hosts)
GUNICORN_THREADS   threads per worker (default 4; requests mostly wait on DynamoDB)
GUNICORN_GRACEFUL_TIMEOUT  seconds in-flight requests get after SIGTERM (default 3; ECS's stop timeout is 5)
"""

import os


def _positive_int(name: str, default: int) -> int:
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    if not raw.isdigit() or int(raw) < 1:
        raise SystemExit(f"{name}={raw!r} must be a whole number of at least 1; fix it or unset it.")
    return int(raw)


_port = _positive_int("PORT", 8000)
if _port > 65535:
    raise SystemExit(f"PORT={_port} is not a TCP port; use a number from 1 to 65535.")

bind = [f"{os.environ.get('HOST', '').strip() or '0.0.0.0'}:{_port}"]
workers = _positive_int("WEB_CONCURRENCY", 2)
threads = _positive_int("GUNICORN_THREADS", 4)
worker_class = "gthread"

# Requests take well under a second. On SIGTERM gunicorn stops accepting, lets in-flight requests finish
# for at most graceful_timeout seconds and exits; the stack's ECS_CONTAINER_STOP_TIMEOUT (5 s) is longer,
# so ECS never has to SIGKILL it. The load balancer has already drained the task by then.
timeout = 30
graceful_timeout = _positive_int("GUNICORN_GRACEFUL_TIMEOUT", 3)
# Longer than the ALB idle timeout (60 s) so the load balancer closes idle connections first.
keepalive = 65

accesslog = "-"
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")

# The heartbeat file goes to memory, not the container's overlay filesystem.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None
# No runtime control socket: nothing uses it and it would need a writable home directory.
control_socket_disable = True
