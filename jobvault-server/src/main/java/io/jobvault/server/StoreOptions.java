package io.jobvault.server;

import io.jobvault.JobvaultException;
import io.jobvault.store.JobStore;
import io.jobvault.store.JobStoreProvider;
import io.jobvault.store.NoStoreException;
import io.jobvault.store.StoreException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.function.ToIntFunction;
import picocli.CommandLine.Option;

/**
 * Where the store is, for a command that acts on the store a server uses (the same options as the server's). Such a
 * command opens only a store that exists: only {@code jobvault server} creates one, so a mistyped or missing
 * {@code --data} is an error naming where it looked, never a new empty store the running server knows nothing of.
 */
final class StoreOptions {
    @Option(names = "--data", defaultValue = "${env:JOBVAULT_DATA:-./jobvault-data}",
            description = "The server's data directory (JOBVAULT_DATA; default ./jobvault-data): the store is DATA/jobvault.db.")
    Path data;

    @Option(names = "--db", defaultValue = "${env:JOBVAULT_DB}", description = "JDBC URL of the server's store instead (JOBVAULT_DB).")
    String db;

    /**
     * Runs {@code action} on the existing store and closes it. Without a store there, says on {@code err} where it
     * looked and returns 2; when the store cannot be opened, says why and returns 1.
     */
    int withExistingStore(String command, PrintWriter err, ToIntFunction<JobStore> action) {
        String url = ServerCommand.databaseUrl(db, data);
        JobStore store;
        try {
            store = JobStoreProvider.require(url).openExisting(url);
        } catch (NoStoreException e) {
            err.printf("%s: no Jobvault store at %s (nothing was created)%n  hint: give the --data (or --db) the server runs"
                    + " with; only 'jobvault server' creates a store%n", command, e.where());
            err.flush();
            return 2;
        } catch (StoreException e) {
            err.println(command + ": cannot open the store: " + e.getMessage());
            err.flush();
            return 1;
        } catch (JobvaultException | IllegalArgumentException e) {
            err.println(command + ": " + e.getMessage());
            err.flush();
            return 2;
        }
        try (store) {
            return action.applyAsInt(store);
        }
    }
}
