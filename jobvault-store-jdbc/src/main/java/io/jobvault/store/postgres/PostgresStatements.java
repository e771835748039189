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
        boolean typedStrings = stringsTyped(c);
        if (p.positions().isEmpty() && !typedStrings) return real;
        return (PreparedStatement) Proxy.newProxyInstance(PostgresStatements.class.getClassLoader(),
                new Class<?>[] {PreparedStatement.class}, (proxy, method, args) -> {
                    try {
                        boolean setter = method.getName().startsWith("set") && args != null && args.length >= 2
                                && method.getParameterTypes()[0] == int.class;
                        if (!setter) return method.invoke(real, args);
                        Call call = typedStrings ? untyped(method, args) : new Call(method, args);
                        List<Integer> at = p.positions().isEmpty() ? List.of((Integer) args[0]) : p.positions().get((Integer) args[0]);
                        if (at == null) throw new SQLException("no parameter ?" + args[0] + " in: " + sql);
                        for (int pos : at) {
                            Object[] a = call.args().clone();
                            a[0] = pos;
                            call.method().invoke(real, a);
                        }
                        return null;
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    /**
     * Whether the connection sends strings as {@code varchar} — the driver's default, on connections of a pool the
     * application configured. The store's SQL binds ids and JSON as strings and lets PostgreSQL infer uuid or jsonb
     * (its own pool sets {@code stringtype=unspecified}); on such a connection each string is bound untyped instead.
     */
    private static boolean stringsTyped(Connection c) throws SQLException {
        return c.isWrapperFor(org.postgresql.core.BaseConnection.class)
                && c.unwrap(org.postgresql.core.BaseConnection.class).getStringVarcharFlag();
    }

    private static final java.lang.reflect.Method SET_OBJECT;
    private static final java.lang.reflect.Method SET_NULL;

    static {
        try {
            SET_OBJECT = PreparedStatement.class.getMethod("setObject", int.class, Object.class, int.class);
            SET_NULL = PreparedStatement.class.getMethod("setNull", int.class, int.class);
        } catch (NoSuchMethodException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private record Call(java.lang.reflect.Method method, Object[] args) {}

    /** A string bound as {@code setObject(…, Types.OTHER)}, a string-typed {@code setNull} as an untyped one. */
    private static Call untyped(java.lang.reflect.Method m, Object[] a) {
        String name = m.getName();
        if (a.length == 2 && (name.equals("setString") || name.equals("setObject") && a[1] instanceof String)) {
            return a[1] == null ? new Call(SET_NULL, new Object[] {a[0], java.sql.Types.OTHER})
                    : new Call(SET_OBJECT, new Object[] {a[0], a[1], java.sql.Types.OTHER});
        }
        if (name.equals("setNull") && a.length == 2 && isStringType((Integer) a[1])) {
            return new Call(SET_NULL, new Object[] {a[0], java.sql.Types.OTHER});
        }
        return new Call(m, a);
    }

    private static boolean isStringType(int sqlType) {
        return sqlType == java.sql.Types.VARCHAR || sqlType == java.sql.Types.CHAR || sqlType == java.sql.Types.LONGVARCHAR
                || sqlType == java.sql.Types.NVARCHAR;
    }
}
