package io.bankcore.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.bankcore.app.support.Http;
import io.bankcore.app.support.Nodes;
import io.bankcore.app.support.PostgresDatabase;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Atomic batches on PostgreSQL, in a database of its own; and batches racing from two instances. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("postgres")
class PostgresTransferBatchTest extends TransferBatchTests {

    private static PostgresDatabase database;

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        database = PostgresDatabase.register(registry, "batch");
    }

    /**
     * Two instances send batches over the same few accounts, each batch naming them in its own order (so
     * without one global lock order they would wait for each other in a cycle): every batch is answered
     * (applied, or refused whole, or CONCURRENT_UPDATE after its retries), money is conserved, and the audit
     * is clean.
     */
    @Test
    void batches_racing_on_overlapping_accounts_from_two_instances_never_deadlock_and_conserve_money()
            throws Exception {
        try (var other = Nodes.inProcess(database, "batch-b")) {
            List<Http> nodes = List.of(http, new Http(Nodes.port(other)));
            int accounts = 5;
            var numbers = new ArrayList<String>();
            for (int i = 0; i < accounts; i++) {
                numbers.add(open(5_000));
            }
            int applied = race(nodes, 8, 12, 7, random -> {
                var items = new ArrayList<String>();
                int first = random.nextInt(accounts);
                boolean descending = random.nextBoolean();
                for (int i = 0; i < accounts - 1; i++) {
                    int from = Math.floorMod(first + (descending ? -i : i), accounts);
                    int to = Math.floorMod(from + (descending ? -1 : 1), accounts);
                    items.add(item(numbers.get(from), numbers.get(to), 1 + random.nextInt(2_000)));
                }
                return items;
            });
            assertThat(applied).isPositive();
            assertConserved(numbers, 5_000);
        }
    }
}
