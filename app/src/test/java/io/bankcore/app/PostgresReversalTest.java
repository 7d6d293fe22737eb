package io.bankcore.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.bankcore.app.support.PostgresDatabase;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Reversals on PostgreSQL, in a database of its own. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("postgres")
class PostgresReversalTest extends ReversalTests {

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        PostgresDatabase.register(registry, "reversal");
    }

    /**
     * The audit reads the events, not only the rows: a reversal whose record on the transfer is missing
     * from the event store (its debit and credit are there) is reported. The event is put back after,
     * so the store is whole again for the class's other tests (a replay cannot restore an event).
     */
    @Test
    void the_audit_reports_a_reversal_whose_record_is_missing_from_the_event_store() throws Exception {
        String from = open(10_000);
        String to = open(0);
        String id = transfer(from, to, 3_000);
        String reversal = ok(reverse(id, 1_000)).json().get("reversal_id").stringValue();
        assertThat(mismatches()).isEmpty();

        String record =
                "aggregate_identifier = '" + id + "' and payload_type = 'io.bankcore.api.TransferReversedEvent'";
        jdbc.execute("create table reversal_record_kept as select * from domain_event_entry where " + record);
        try {
            assertThat(jdbc.update("delete from domain_event_entry where " + record))
                    .isEqualTo(1);

            assertThat(mismatches())
                    .extracting(m -> m.get("what").stringValue())
                    .contains("reversal " + reversal + " of transfer " + id + ": one debit, one credit and one record");
        } finally {
            jdbc.update("insert into domain_event_entry select * from reversal_record_kept");
            jdbc.execute("drop table reversal_record_kept");
        }
        assertThat(mismatches()).isEmpty();
    }
}
