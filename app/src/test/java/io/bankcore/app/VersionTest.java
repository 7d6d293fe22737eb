package io.bankcore.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.bankcore.app.support.Http;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * One version, Maven's project version, in three places: {@code /actuator/info}, the OpenAPI documents'
 * {@code info.version}, and the {@code Bankcore-Version} header of every answer, refusals included.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "spring.datasource.url=jdbc:h2:mem:version;DB_CLOSE_DELAY=-1;DB_CLOSE_ON_EXIT=FALSE")
class VersionTest {

    @LocalServerPort
    int port;

    @Test
    void the_build_version_is_in_the_info_the_openapi_documents_and_every_answers_header() {
        var http = new Http(port);
        var info = http.get("/actuator/info");
        String version = info.json().get("build").get("version").stringValue();
        assertThat(version).matches("[0-9]+\\.[0-9]+\\.[0-9]+(-SNAPSHOT)?");

        for (String document : List.of("/openapi.json", "/openapi.json/public", "/openapi.json/admin")) {
            var openApi = http.get(document);
            assertThat(openApi.json().get("info").get("version").stringValue())
                    .as(document)
                    .isEqualTo(version);
            assertThat(openApi.json().get("info").get("title").stringValue()).isEqualTo("bankcore");
        }
        String account = http.openAccount(100);
        var answers = List.of(
                info,
                http.get("/accounts/" + account + "/balance"),
                http.post("/accounts/" + account + "/deposit", "{\"amount_cents\":1}"),
                http.get("/accounts/000000/balance"), // 404 from a controller
                http.post("/accounts/" + account + "/deposit", "{"), // 422
                http.get("/no/such/route"), // 404 before any controller
                http.get("/accounts/%2F/balance"), // refused by the HTTP server itself
                http.get("/ops/"));
        for (var answer : answers) {
            assertThat(answer.header("Bankcore-Version")).as(answer.toString()).isEqualTo(version);
        }
    }
}
