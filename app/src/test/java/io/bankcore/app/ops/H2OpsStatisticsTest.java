package io.bankcore.app.ops;

import java.util.UUID;
import javax.sql.DataSource;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/** The dashboard's queries on the embedded database. */
class H2OpsStatisticsTest extends OpsStatisticsTests {

    @Override
    DataSource database() {
        String url = "jdbc:h2:mem:ops_" + UUID.randomUUID().toString().substring(0, 8) + ";DB_CLOSE_DELAY=-1";
        return migrate(new DriverManagerDataSource(url, "sa", ""), "h2");
    }
}
