package io.bankcore.bench;

import static io.bankcore.bench.Numbers.parseLong;
import static io.bankcore.bench.Numbers.round1;
import static io.bankcore.bench.Numbers.round2;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * PostgreSQL's view of one database during a measured window: commits and rollbacks (pg_stat_database),
 * WAL syncs (pg_stat_wal, the whole server's) and statements (pg_stat_statements, reset at the start of
 * the window, when the server preloads it).
 */
final class PostgresSampler {

    /** {@code statementsUnavailable} is null when pg_stat_statements was reset for the window. */
    record Snapshot(long commits, long rollbacks, long walSyncs, long walWrites, String statementsUnavailable) {
        boolean statements() {
            return statementsUnavailable == null;
        }
    }

    record Statement(long calls, double totalMs, double meanMs, long rows, String query) {}

    static final String NOTE = "commits and rollbacks are this database's; WAL syncs are the whole server's (other"
            + " databases too). Statements include the read-after-write polls and the event processors' work.";

    private final Psql psql;
    private final String database;

    /** {@code database} null: nothing is sampled (a running instance whose database is unknown, or --no-pg-stats). */
    PostgresSampler(Psql psql, String database) {
        this.psql = psql;
        this.database = database;
    }

    boolean enabled() {
        return database != null;
    }

    /**
     * The counters, read from the {@code postgres} database so that the sampler's own sessions do not
     * count; with {@code reset}, this database's pg_stat_statements are reset first.
     */
    Snapshot take(boolean reset) {
        if (database == null) {
            return new Snapshot(0, 0, 0, 0, "not sampled");
        }
        String unavailable = null;
        if (reset) {
            String ext = psql.query(
                    database,
                    "create extension if not exists pg_stat_statements; "
                            + "select pg_stat_statements_reset(0, (select oid from pg_database where datname ="
                            + " current_database()), 0)");
            unavailable = error(ext);
        }
        String counters = psql.query(
                "postgres",
                "select d.xact_commit, d.xact_rollback, w.wal_sync, w.wal_write from pg_stat_database d,"
                        + " pg_stat_wal w where d.datname = " + literal(database));
        return parseCounters(counters, unavailable);
    }

    static String literal(String s) {
        return "'" + s.replace("'", "''") + "'";
    }

    static Snapshot parseCounters(String psqlOutput, String statementsUnavailable) {
        String[] f = psqlOutput.trim().split("\\|");
        return new Snapshot(
                parseLong(f[0]),
                f.length > 1 ? parseLong(f[1]) : 0,
                f.length > 2 ? parseLong(f[2]) : 0,
                f.length > 3 ? parseLong(f[3]) : 0,
                statementsUnavailable);
    }

    /** psql's first ERROR line, or null. */
    static String error(String psqlOutput) {
        return psqlOutput
                .lines()
                .filter(l -> l.contains("ERROR"))
                .map(l -> l.substring(l.indexOf("ERROR")).replaceAll("\\s+", " "))
                .findFirst()
                .orElse(null);
    }

    /** This database's statements since the reset, by total time. */
    List<Statement> statements() {
        return parseStatements(psql.query(
                database,
                "select calls, round(total_exec_time::numeric, 2),"
                        + " round(mean_exec_time::numeric, 4), rows, regexp_replace(query, '\\s+', ' ', 'g')"
                        + " from pg_stat_statements where dbid = (select oid from pg_database where datname ="
                        + " current_database()) and query not like '%pg_stat_statements%'"
                        + " order by total_exec_time desc"));
    }

    static List<Statement> parseStatements(String psqlOutput) {
        List<Statement> list = new ArrayList<>();
        for (String row : psqlOutput.split("\n")) {
            String[] f = row.split("\\|", 5);
            if (f.length < 5) {
                continue;
            }
            try {
                list.add(new Statement(
                        Long.parseLong(f[0]),
                        Double.parseDouble(f[1]),
                        Double.parseDouble(f[2]),
                        Long.parseLong(f[3]),
                        f[4]));
            } catch (NumberFormatException notARow) {
                // an error or notice line
            }
        }
        return list;
    }

    /** The window's figures; reads the statements when they were reset at {@code start}. */
    Map<String, Object> since(Snapshot start, Snapshot end, long requests) {
        return perRequest(start, end, start.statements() ? statements() : null, requests);
    }

    /**
     * Deltas of two snapshots divided by the requests of the window. {@code statements} (null when not
     * tracked) are counts since the reset at {@code start}, so they are deltas already.
     */
    static Map<String, Object> perRequest(Snapshot start, Snapshot end, List<Statement> statements, long requests) {
        double n = Math.max(1, requests);
        long commits = end.commits - start.commits;
        long rollbacks = end.rollbacks - start.rollbacks;
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("requests", requests);
        m.put("commits", commits);
        m.put("commits_per_request", round2(commits / n));
        m.put("rollbacks", rollbacks);
        m.put("rollbacks_per_request", round2(rollbacks / n));
        m.put("wal_syncs_per_request_server_wide", round2((end.walSyncs - start.walSyncs) / n));
        if (statements == null) {
            m.put("statement_calls", null);
            m.put("statements_per_request", null);
            m.put(
                    "statements_unavailable",
                    start.statementsUnavailable == null ? "not read" : start.statementsUnavailable);
        } else {
            double totalMs = 0;
            long calls = 0;
            for (Statement s : statements) {
                totalMs += s.totalMs;
                calls += s.calls;
            }
            m.put("statement_calls", calls);
            m.put("statements_per_request", round2(calls / n));
            m.put("statement_time_ms_per_request", round2(totalMs / n));
            double allMs = totalMs;
            m.put(
                    "top_statements",
                    statements.stream()
                            .sorted(Comparator.comparingDouble(Statement::totalMs)
                                    .reversed())
                            .limit(15)
                            .map(s -> describe(s, n, allMs))
                            .toList());
            m.put(
                    "top_statements_by_calls",
                    statements.stream()
                            .sorted(Comparator.comparingLong(Statement::calls).reversed())
                            .limit(10)
                            .map(s -> describe(s, n, allMs))
                            .toList());
        }
        m.put("note", NOTE);
        return m;
    }

    private static Map<String, Object> describe(Statement s, double requests, double allMs) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("calls", s.calls);
        m.put("calls_per_request", round2(s.calls / requests));
        m.put("total_ms", s.totalMs);
        m.put("mean_ms", s.meanMs);
        m.put("rows", s.rows);
        m.put("query", s.query.length() > 160 ? s.query.substring(0, 160) + "…" : s.query);
        m.put("share_of_time_percent", round1(100 * s.totalMs / Math.max(0.001, allMs)));
        return m;
    }
}
