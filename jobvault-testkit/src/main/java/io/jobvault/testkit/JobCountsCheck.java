package io.jobvault.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.jobvault.JobCount;
import io.jobvault.JobState;
import io.jobvault.store.JobStore;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Holds a store's job counters to the truth: {@code SELECT count(*) ... GROUP BY} of the jobs table, for every tenant
 * at once and for each tenant alone. For conformance and crash tests; the slow count is the point.
 */
public final class JobCountsCheck {
    private JobCountsCheck() {}

    /** A counter's key within one tenant. */
    public record Key(String queue, String type, JobState state) {}

    /** The jobs table counted row by row, per tenant. */
    public static Map<String, Map<Key, Long>> countTable(Connection c) throws SQLException {
        Map<String, Map<Key, Long>> byTenant = new HashMap<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(
                "SELECT tenant, queue, type, state, count(*) FROM jobs GROUP BY tenant, queue, type, state")) {
            while (rs.next()) {
                byTenant.computeIfAbsent(rs.getString(1), t -> new HashMap<>()).put(
                        new Key(rs.getString(2), rs.getString(3), JobState.fromDbName(rs.getString(4))), rs.getLong(5));
            }
        }
        return byTenant;
    }

    /** The store's counters of one tenant ({@code null}: all), as a map. */
    public static Map<Key, Long> counters(JobStore store, String tenant) {
        List<JobCount> counts = store.jobCounts(tenant);
        Map<Key, Long> map = new HashMap<>();
        for (JobCount c : counts) {
            assertThat(map.put(new Key(c.queue(), c.type(), c.state()), c.count())).as("key %s listed once", c).isNull();
        }
        return map;
    }

    /** Asserts that the counters equal the table's count, for all tenants and for each (and for one with no jobs). */
    public static void assertCountersMatchTable(JobStore store, Connection c) throws SQLException {
        Map<String, Map<Key, Long>> table = countTable(c);
        Map<Key, Long> all = new HashMap<>();
        table.values().forEach(m -> m.forEach((k, n) -> all.merge(k, n, Long::sum)));
        assertThat(counters(store, null)).as("counters of every tenant").isEqualTo(all);
        Set<String> tenants = new TreeSet<>(table.keySet());
        tenants.add("tenant-without-jobs");
        for (String tenant : tenants) {
            assertThat(counters(store, tenant)).as("counters of tenant '%s'", tenant)
                    .isEqualTo(table.getOrDefault(tenant, Map.of()));
        }
    }
}
