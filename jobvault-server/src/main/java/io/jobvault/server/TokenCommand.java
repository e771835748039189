package io.jobvault.server;

import io.jobvault.server.auth.Scope;
import io.jobvault.server.auth.Tokens;
import io.jobvault.store.ApiToken;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.Set;
import java.util.TreeSet;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code jobvault token create|list|revoke}: manages API tokens directly in the store a server created (it may be
 * running); without one at the given or default place they fail and say where they looked.
 */
@Command(name = "token", mixinStandardHelpOptions = true, description = {"Creates, lists and revokes API tokens in the store a server created (give its --data or --db).",
        "Where there is no store, fails with exit status 2 and says where it looked: only 'server' creates a store."},
        subcommands = {TokenCommand.Create.class, TokenCommand.ListTokens.class, TokenCommand.Revoke.class})
public final class TokenCommand {

    @Command(name = "create", mixinStandardHelpOptions = true, description = "Creates a token and prints it once.")
    static final class Create implements java.util.concurrent.Callable<Integer> {
        @picocli.CommandLine.Mixin
        StoreOptions store = new StoreOptions();

        @Option(names = "--scopes", required = true, description = "Comma-separated: submit, read, work, admin.")
        String scopes;

        @Option(names = "--tenant", description = "Bind the token to one tenant: it sees only that tenant's jobs.")
        String tenant;

        @Option(names = "--name", defaultValue = "unnamed", description = "A label to recognise it by in 'token list'.")
        String name;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            Set<Scope> parsed;
            try {
                parsed = Tokens.parseScopes(scopes);
            } catch (IllegalArgumentException e) {
                spec.commandLine().getErr().println("token create: " + e.getMessage());
                return 2;
            }
            return store.withExistingStore("token create", spec.commandLine().getErr(), s -> {
                try {
                    Tokens.Issued issued = new Tokens(s, Clock.systemUTC(), null).create(name, tenant, parsed);
                    PrintWriter out = spec.commandLine().getOut();
                    out.printf("%s  (id %s; shown once, only its hash is stored)%n", issued.secret(), issued.token().id());
                    out.flush();
                    return 0;
                } catch (IllegalArgumentException e) {
                    spec.commandLine().getErr().println("token create: " + e.getMessage());
                    return 2;
                }
            });
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Lists tokens (never their secrets).")
    static final class ListTokens implements java.util.concurrent.Callable<Integer> {
        @picocli.CommandLine.Mixin
        StoreOptions store = new StoreOptions();

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            return store.withExistingStore("token list", spec.commandLine().getErr(), s -> {
                PrintWriter out = spec.commandLine().getOut();
                out.printf("%-18s %-8s %-16s %-24s %s%n", "ID", "STATUS", "TENANT", "SCOPES", "NAME");
                for (ApiToken t : s.tokenList()) {
                    out.printf("%-18s %-8s %-16s %-24s %s%n", t.id(), t.active() ? "active" : "revoked",
                            t.tenant() == null ? "(all)" : t.tenant(), String.join(",", new TreeSet<>(t.scopes())), t.name());
                }
                out.flush();
                return 0;
            });
        }
    }

    @Command(name = "revoke", mixinStandardHelpOptions = true, description = "Revokes a token at once.")
    static final class Revoke implements java.util.concurrent.Callable<Integer> {
        @picocli.CommandLine.Mixin
        StoreOptions store = new StoreOptions();

        @Parameters(paramLabel = "ID", description = "The token's id, as 'token list' shows it.")
        String id;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            return store.withExistingStore("token revoke", spec.commandLine().getErr(), s -> {
                if (!new Tokens(s, Clock.systemUTC(), null).revoke(id)) {
                    spec.commandLine().getErr().println("token revoke: no active token with id " + id);
                    return 1;
                }
                spec.commandLine().getOut().println("revoked " + id);
                return 0;
            });
        }
    }
}
