package io.bankcore.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bankcore.app.security.AuthNotConfigured;
import io.bankcore.app.support.Http;
import io.bankcore.app.support.PostgresDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.core.NestedExceptionUtils;

/**
 * The postgres profile does not start until an authentication mode is chosen; the embedded default
 * runs open and says so, in a WARN line and in {@code /actuator/info}.
 */
@ExtendWith(OutputCaptureExtension.class)
class AuthStartupTest {

    @Test
    void the_postgres_profile_refuses_to_start_without_a_mode_and_says_how(CapturedOutput output) {
        var database = PostgresDatabase.create("auth_startup");
        assertThatThrownBy(() -> new SpringApplicationBuilder(BankcoreApplication.class)
                        .run(
                                "--spring.profiles.active=postgres",
                                "--spring.datasource.url=" + database.url(),
                                "--spring.datasource.username=" + PostgresDatabase.USER,
                                "--spring.datasource.password=" + PostgresDatabase.PASSWORD,
                                "--server.port=0"))
                .satisfies(failure -> assertThat(NestedExceptionUtils.getMostSpecificCause(failure))
                        .isInstanceOf(AuthNotConfigured.class));
        assertThat(output.getAll())
                .contains("BANKCORE_AUTH")
                .contains("api-key")
                .contains("none");
    }

    @Test
    void a_mode_that_does_not_exist_is_refused_at_start() {
        assertThatThrownBy(() -> new SpringApplicationBuilder(BankcoreApplication.class)
                        .run(
                                "--spring.datasource.url=jdbc:h2:mem:auth_wrong;DB_CLOSE_DELAY=-1",
                                "--bankcore.auth=password",
                                "--server.port=0"))
                .satisfies(failure -> assertThat(NestedExceptionUtils.getMostSpecificCause(failure))
                        .isInstanceOf(AuthNotConfigured.class)
                        .hasMessageContaining("password"));
    }

    @Test
    void the_axonserver_profile_refuses_to_start_without_a_server_address(CapturedOutput output) {
        assertThatThrownBy(() -> new SpringApplicationBuilder(BankcoreApplication.class)
                        .run(
                                "--spring.profiles.active=axonserver",
                                "--spring.datasource.url=jdbc:h2:mem:axonserver_missing;DB_CLOSE_DELAY=-1",
                                "--bankcore.auth=none",
                                "--server.port=0"))
                .satisfies(failure -> assertThat(NestedExceptionUtils.getMostSpecificCause(failure))
                        .isInstanceOf(org.axonframework.common.AxonConfigurationException.class));
        assertThat(output.getAll()).contains("Set AXONSERVER_SERVERS");
    }

    @Test
    void the_embedded_default_runs_open_and_says_so(CapturedOutput output) {
        try (var context = new SpringApplicationBuilder(BankcoreApplication.class)
                .run("--spring.datasource.url=jdbc:h2:mem:auth_open;DB_CLOSE_DELAY=-1", "--server.port=0")) {
            int port = context.getEnvironment().getRequiredProperty("local.server.port", Integer.class);
            var info = new Http(port).get("/actuator/info").json().get("auth");
            assertThat(info.get("mode").stringValue()).isEqualTo("none");
            assertThat(info.get("warning").stringValue()).contains("open to anyone");
            assertThat(output.getAll()).contains("WARN").contains("BANKCORE_AUTH=none");
        }
    }
}
