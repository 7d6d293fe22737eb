package io.bankcore.command;

import java.sql.Connection;
import java.util.Locale;
import org.springframework.jdbc.core.JdbcTemplate;

/** What the write side needs to know of the database it runs on. */
public final class Database {

    private Database() {}

    /** True on PostgreSQL; asked once, at start-up, by the components that use its own SQL. */
    public static boolean isPostgres(JdbcTemplate jdbc) {
        return Boolean.TRUE.equals(jdbc.execute((Connection c) -> c.getMetaData()
                .getDatabaseProductName()
                .toLowerCase(Locale.ROOT)
                .contains("postgres")));
    }
}
