package io.jobvault.bench;

/**
 * What {@code jobvault bench} runs.
 *
 * @param nodes         worker nodes of the extra many-node drain (1 skips it)
 * @param artifactBytes size of the one large artifact written and read back (0 skips it)
 * @param keys          concurrency keys (limit 1 each) of the extra keyed drain (0 skips it)
 * @param fires         recorded fires the health report and a fires page are timed over (0 skips it)
 */
record BenchSettings(int jobs, int concurrency, int threads, int retained, int pickupSamples, int nodes, long artifactBytes,
                     int keys, int fires) {}
