package io.bankcore.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.bankcore.app.support.Http;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/** With {@code bankcore.admin.enabled=false} the admin routes do not exist: a JSON 404. */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"spring.datasource.url=jdbc:h2:mem:adminoff;DB_CLOSE_DELAY=-1", "bankcore.admin.enabled=false"})
class AdminDisabledTest {

    @LocalServerPort
    int port;

    @Test
    void the_audit_route_is_a_404_problem() {
        var response = new Http(port).get("/admin/audit");
        assertThat(response.status()).as(response.toString()).isEqualTo(404);
        assertThat(response.header("Content-Type")).startsWith("application/problem+json");
        assertThat(response.json().get("code").stringValue()).isEqualTo("ROUTE_NOT_FOUND");
    }

    @Test
    void the_replay_routes_are_404_problems_and_start_nothing() {
        var http = new Http(port);
        for (var response : java.util.List.of(
                http.post("/admin/replay", ""), http.get("/admin/replay"), http.get("/admin/replay/some-id"))) {
            assertThat(response.status()).as(response.toString()).isEqualTo(404);
            assertThat(response.json().get("code").stringValue()).isEqualTo("ROUTE_NOT_FOUND");
        }
    }

    @Test
    void the_operations_routes_and_page_are_404_problems() {
        for (String path : new String[] {"/admin/stats", "/admin/audit/last", "/ops", "/ops/", "/ops/index.html"}) {
            var response = new Http(port).get(path);
            assertThat(response.status()).as(path + ": " + response).isEqualTo(404);
            assertThat(response.header("Content-Type")).as(path).startsWith("application/problem+json");
            assertThat(response.json().get("code").stringValue()).as(path).isEqualTo("ROUTE_NOT_FOUND");
        }
    }

    @Test
    void the_processors_route_is_a_404_problem_too() {
        var response = new Http(port).get("/admin/processors");
        assertThat(response.status()).as(response.toString()).isEqualTo(404);
        assertThat(response.json().get("code").stringValue()).isEqualTo("ROUTE_NOT_FOUND");
    }

    @Test
    void the_public_routes_still_work() {
        assertThat(new Http(port).get("/openapi.json").status()).isEqualTo(200);
    }
}
