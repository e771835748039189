package io.jobvault.store.postgres;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The shared store binds numbered parameters ({@code ?1}, {@code ?2}, possibly used twice), as SQLite allows. The
 * PostgreSQL driver knows only positional {@code ?}; this turns each {@code ?N} into {@code ?} and routes
 * {@code setX(N, value)} to every position where {@code ?N} stood. SQL without numbered parameters passes unchanged.
 */
final class PostgresStatements {
    private PostgresStatements() {}

    record Parsed(String sql, Map<Integer, List<Integer>> positions) {}

    static Parsed parse(String sql) {
        StringBuilder out = new StringBuilder(sql.length());
        Map<Integer, List<Integer>> positions = new HashMap<>();
        int position = 0;
        boolean inString = false;
        for (int i = 0; i < sql.length(); i++) {
            char ch = sql.charAt(i);
            if (ch == '\'') inString = !inString;
            if (ch == '?' && !inString) {
                int j = i + 1;
                while (j < sql.length() && Character.isDigit(sql.charAt(j))) j++;
                position++;
                if (j > i + 1) {
                    positions.computeIfAbsent(Integer.parseInt(sql.substring(i + 1, j)), k -> new ArrayList<>()).add(position);
                    out.append('?');
                    i = j - 1;
                    continue;
                }
            }
            out.append(ch);
        }
        return new Parsed(out.toString(), positions);
    }

    static PreparedStatement prepare(Connection c, String sql) throws SQLException {
        Parsed p = parse(sql);
        PreparedStatement real = c.prepareStatement(p.sql());
        if (p.positions().isEmpty()) return real;
        return (PreparedStatement) Proxy.newProxyInstance(PostgresStatements.class.getClassLoader(),
                new Class<?>[] {PreparedStatement.class}, (proxy, method, args) -> {
                    try {
                        boolean setter = method.getName().startsWith("set") && args != null && args.length >= 2
                                && method.getParameterTypes()[0] == int.class;
                        if (!setter) return method.invoke(real, args);
                        List<Integer> at = p.positions().get((Integer) args[0]);
                        if (at == null) throw new SQLException("no parameter ?" + args[0] + " in: " + sql);
                        for (int pos : at) {
                            Object[] a = args.clone();
                            a[0] = pos;
                            method.invoke(real, a);
                        }
                        return null;
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }
}
