.PHONY: run test lock
# Set up everything and serve on http://127.0.0.1:8000 with the embedded defaults.
run:
	scripts/run.sh
# Set up the dev environment and run the whole test suite (installs what it needs; see README).
test:
	scripts/test.sh
# Re-resolve requirements/runtime.lock and requirements/dev.lock after a dependency change in pyproject.toml.
lock:
	scripts/lock.sh
