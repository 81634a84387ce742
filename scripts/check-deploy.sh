#!/usr/bin/env bash
# Static validation of the deployment files (no Docker engine or cluster needed):
# docker-compose.yml with `docker-compose config`, every kustomization with `kubectl kustomize`.
set -euo pipefail
cd "$(dirname "$0")/.."
status=0
if command -v docker-compose >/dev/null 2>&1; then
  docker-compose -f docker-compose.yml config -q && echo "check-deploy: docker-compose.yml is valid"
elif [ "${CI:-}" = true ]; then
  echo "check-deploy: docker-compose is missing (apt-get install -y docker-compose)" >&2
  status=1
else
  echo "check-deploy: docker-compose not installed; docker-compose.yml not checked"
fi
if command -v kubectl >/dev/null 2>&1; then
  for dir in k8s/base k8s/overlays/*/; do
    kubectl kustomize "$dir" > /dev/null && echo "check-deploy: ${dir%/} renders"
  done
else
  echo "check-deploy: kubectl not installed; k8s/ not rendered"
fi
exit $status
