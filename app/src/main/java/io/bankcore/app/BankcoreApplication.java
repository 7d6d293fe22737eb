package io.bankcore.app;

import io.bankcore.command.CommandSideConfiguration;
import io.bankcore.query.QuerySideConfiguration;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Import;

@SpringBootApplication
@Import({CommandSideConfiguration.class, QuerySideConfiguration.class})
public class BankcoreApplication {

    static {
        // Axon 4.12+ otherwise reports usage to its vendor at start-up; bankcore makes no outbound calls.
        if (System.getProperty("axoniq.update-checker.disabled") == null) {
            System.setProperty("axoniq.update-checker.disabled", "true");
        }
    }

    public static void main(String[] args) {
        SpringApplication.run(BankcoreApplication.class, args);
    }
}
