-- wrk script: POST /v1/jobs with a small payload. Token from the JOBVAULT_TOKEN environment variable.
wrk.method = "POST"
wrk.body = '{"type": "bench.http", "queue": "bench", "payload": {"n": 1}}'
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer " .. os.getenv("JOBVAULT_TOKEN")
