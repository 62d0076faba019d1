#!/usr/bin/env bash
# Start (or stop) a throw-away S3-compatible server on loopback: moto's server from .venv
# (requirements-dev.txt), with the portal's two buckets.
#   eval "$(bash .ci/s3.sh start)"   -> exports S3_ENDPOINT_URL, the keys, region and buckets
#   bash .ci/s3.sh stop
# S3_PORT (default 5390) picks the port. Everything lives in the server's memory: a stop forgets
# all. The public bucket gets the policy a real one needs: anonymous reads of images/ and
# original_images/ (Wagtail's images and renditions) only; documents go through Wagtail's view,
# and the private bucket allows nobody without the keys.
set -euo pipefail
cd "$(dirname "$0")/.."

PORT="${S3_PORT:-5390}"
PID_FILE="${S3_PID_FILE:-/tmp/dorpskracht-ci-s3-$PORT.pid}"
LOG_FILE="${PID_FILE%.pid}.log"
ENDPOINT="http://127.0.0.1:$PORT"
PUBLIC_BUCKET="${S3_PUBLIC_BUCKET:-dorpskracht-public}"
PRIVATE_BUCKET="${S3_PRIVATE_BUCKET:-dorpskracht-private}"
REGION="${S3_REGION:-eu-west-1}"
KEY_ID="dorpskracht-ci"
SECRET="dorpskracht-ci-secret"

stop() {
  [ -f "$PID_FILE" ] || return 0
  local pid; pid=$(cat "$PID_FILE")
  kill "$pid" 2>/dev/null || true
  for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  rm -f "$PID_FILE"
}

start() {
  [ -x .venv/bin/moto_server ] || { echo "s3.sh: .venv/bin/moto_server missing (requirements-dev.txt)" >&2; exit 1; }
  stop
  if (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null; then
    echo "s3.sh: port $PORT is taken by another server; set S3_PORT" >&2; exit 1
  fi
  nohup .venv/bin/moto_server -H 127.0.0.1 -p "$PORT" >"$LOG_FILE" 2>&1 &
  echo $! >"$PID_FILE"
  S3_ENDPOINT_URL="$ENDPOINT" S3_ACCESS_KEY_ID="$KEY_ID" S3_SECRET_ACCESS_KEY="$SECRET" \
    S3_REGION="$REGION" S3_PUBLIC_BUCKET="$PUBLIC_BUCKET" S3_PRIVATE_BUCKET="$PRIVATE_BUCKET" \
    .venv/bin/python - <<'EOF' >&2
import json, os, time

import boto3
from botocore.exceptions import EndpointConnectionError

env = os.environ
s3 = boto3.client(
    "s3",
    endpoint_url=env["S3_ENDPOINT_URL"],
    aws_access_key_id=env["S3_ACCESS_KEY_ID"],
    aws_secret_access_key=env["S3_SECRET_ACCESS_KEY"],
    region_name=env["S3_REGION"],
)
for _ in range(100):  # up to 20 s for the server to listen
    try:
        s3.list_buckets()
        break
    except EndpointConnectionError:
        time.sleep(0.2)
else:
    raise SystemExit(f"s3.sh: no S3 server at {env['S3_ENDPOINT_URL']}")
for bucket in (env["S3_PUBLIC_BUCKET"], env["S3_PRIVATE_BUCKET"]):
    s3.create_bucket(
        Bucket=bucket, CreateBucketConfiguration={"LocationConstraint": env["S3_REGION"]}
    )
public = env["S3_PUBLIC_BUCKET"]
s3.put_bucket_policy(
    Bucket=public,
    Policy=json.dumps(
        {
            "Version": "2012-10-17",
            "Statement": [
                {
                    "Sid": "PublicImages",
                    "Effect": "Allow",
                    "Principal": "*",
                    "Action": "s3:GetObject",
                    "Resource": [
                        f"arn:aws:s3:::{public}/images/*",
                        f"arn:aws:s3:::{public}/original_images/*",
                    ],
                }
            ],
        }
    ),
)
print(f"s3.sh: S3 server at {env['S3_ENDPOINT_URL']}, buckets {public} and {env['S3_PRIVATE_BUCKET']}")
EOF
  kill -0 "$(cat "$PID_FILE")" 2>/dev/null || { cat "$LOG_FILE" >&2; exit 1; }
  cat <<EOF
export S3_ENDPOINT_URL=$ENDPOINT
export S3_ACCESS_KEY_ID=$KEY_ID
export S3_SECRET_ACCESS_KEY=$SECRET
export S3_REGION=$REGION
export S3_PUBLIC_BUCKET=$PUBLIC_BUCKET
export S3_PRIVATE_BUCKET=$PRIVATE_BUCKET
EOF
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  *) echo "usage: $0 start|stop" >&2; exit 2 ;;
esac
