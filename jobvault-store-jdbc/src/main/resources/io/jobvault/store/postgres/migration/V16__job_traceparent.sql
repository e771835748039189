-- The W3C trace context (traceparent) of the span that submitted the job, so each run's span continues its trace;
-- null when the submit was not traced.
ALTER TABLE jobs ADD COLUMN traceparent TEXT;
