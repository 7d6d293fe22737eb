package io.bankcore.app.config;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Keeps PostgreSQL's planner statistics of the hot tables from going missing or stale.
 *
 * <p>Why: the event processors fetch with {@code global_index > ? OR global_index IN (gaps) ORDER BY
 * global_index LIMIT n}. On a table that was never analyzed the planner guesses a third of the rows
 * match and walks the primary key from the first event, filtering: measured here, 66 ms per fetch at
 * 101,000 events, growing with the store, against 0.05 ms once the table had statistics (a bitmap
 * scan of the few rows past the position). Autovacuum normally analyzes tables, but it can be off
 * (it is on some of our own machines), and a store filled in bulk may not have been analyzed yet.
 *
 * <p>What: at start and then every {@code bankcore.planner-statistics.interval} (10 s), each listed
 * table never analyzed, or changed by more than 10 % of its rows (at least 500) since its last
 * analysis, is analyzed. With autovacuum on this seldom finds anything to do. Only on PostgreSQL.
 */
@Configuration(proxyBeanMethods = false)
public class PlannerStatistics implements InitializingBean, DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(PlannerStatistics.class);

    public static final List<String> TABLES = List.of(
            "domain_event_entry",
            "snapshot_event_entry",
            "token_entry",
            "saga_entry",
            "association_value_entry",
            "account_balance",
            "ledger_entry",
            "transfer",
            "transfer_leg");

    private final JdbcTemplate jdbc;
    private final Duration interval;
    private ScheduledExecutorService scheduler;

    PlannerStatistics(DataSource dataSource, @Value("${bankcore.planner-statistics.interval:10s}") Duration interval) {
        this.jdbc = new JdbcTemplate(dataSource);
        this.interval = interval;
    }

    @Override
    public void afterPropertiesSet() {
        String product = jdbc.execute((java.sql.Connection c) -> c.getMetaData().getDatabaseProductName());
        if (product == null || !product.toLowerCase(java.util.Locale.ROOT).contains("postgres")) {
            return;
        }
        scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            var thread = new Thread(r, "planner-statistics");
            thread.setDaemon(true);
            return thread;
        });
        scheduler.scheduleWithFixedDelay(this::analyzeStale, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Analyzes the listed tables whose statistics are missing or stale; answers their names. */
    List<String> analyzeStale() {
        try {
            List<String> stale = jdbc.queryForList(
                    "SELECT relname FROM pg_stat_user_tables WHERE schemaname = current_schema()"
                            + " AND relname = ANY (?) AND ((last_analyze IS NULL AND last_autoanalyze IS NULL)"
                            + " OR n_mod_since_analyze > GREATEST(500, n_live_tup / 10))",
                    String.class,
                    (Object) TABLES.toArray(String[]::new));
            for (String table : stale) {
                jdbc.execute("ANALYZE " + table);
            }
            if (!stale.isEmpty()) {
                log.debug("analyzed {}", stale);
            }
            return stale;
        } catch (RuntimeException e) {
            // Statistics are an optimisation: a failure here must never disturb the service.
            log.warn("could not refresh planner statistics: {}", e.getMessage());
            return List.of();
        }
    }

    @Override
    public void destroy() {
        if (scheduler != null) {
            scheduler.shutdownNow();
        }
    }
}
