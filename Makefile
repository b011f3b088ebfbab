.PHONY: run test
# Set up everything and serve on http://127.0.0.1:8000 with the embedded defaults.
run:
	scripts/run.sh
# Set up the dev environment and run the whole test suite (needs nothing installed by hand).
test:
	scripts/test.sh
