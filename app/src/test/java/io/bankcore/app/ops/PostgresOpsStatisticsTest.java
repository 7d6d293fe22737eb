package io.bankcore.app.ops;

import io.bankcore.app.support.PostgresDatabase;
import javax.sql.DataSource;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/** The dashboard's queries on PostgreSQL, a fresh database per test. */
class PostgresOpsStatisticsTest extends OpsStatisticsTests {

    @Override
    DataSource database() {
        var database = PostgresDatabase.create("opsstats");
        return migrate(
                new DriverManagerDataSource(database.url(), PostgresDatabase.USER, PostgresDatabase.PASSWORD),
                "postgresql");
    }
}
