-- wrk script: GET one job by id (JOBVAULT_JOB_ID). Token from JOBVAULT_TOKEN.
wrk.method = "GET"
wrk.path = "/v1/jobs/" .. os.getenv("JOBVAULT_JOB_ID")
wrk.headers["Authorization"] = "Bearer " .. os.getenv("JOBVAULT_TOKEN")
