# The two commands a newcomer needs (see README.md):
#   make run    build, start Redis and the services locally, run a real scenario, show the result
#   make test   every unit, property, fuzz and integration test against a real Redis
# plus `make stop` to end what `make run` left running.

MVN ?= mvn -B -ntp

.PHONY: test run stop build format

test:
	@if [ -n "$$REDIS_URL" ]; then $(MVN) verify; else scripts/with-redis.sh $(MVN) verify; fi
	scripts/check-deploy.sh

build:
	$(MVN) -DskipTests package

run:
	scripts/run.sh

stop:
	scripts/stop.sh

format:
	$(MVN) spotless:apply
