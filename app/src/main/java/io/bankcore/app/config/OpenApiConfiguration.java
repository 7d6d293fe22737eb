package io.bankcore.app.config;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import java.util.List;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springdoc.core.models.GroupedOpenApi;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Two OpenAPI groups: "public" (the banking API, everything but {@code /admin/**}) and "admin" (the
 * operator routes). {@code /openapi.json} itself keeps serving the public routes, as the original's
 * clients expect; the groups are at {@code /openapi.json/public} and {@code /openapi.json/admin}.
 */
@Configuration(proxyBeanMethods = false)
public class OpenApiConfiguration {

    /** The documents' title and version (this build's, as in {@code Bankcore-Version} and {@code /actuator/info}). */
    @Bean
    OpenAPI bankcoreOpenApi() {
        return new OpenAPI()
                .info(new Info()
                        .title("bankcore")
                        .version(BankcoreVersion.current())
                        .description("An event-sourced banking core: accounts, deposits, withdrawals, transfers,"
                                + " an auditable ledger and an event feed. Amounts are integers in cents"
                                + " (*_cents), fields snake_case, enumerations upper case."));
    }

    /**
     * Applied to the ungrouped document, {@code /openapi.json}, only (groups take their own customizers):
     * it lists the public routes alone.
     */
    @Bean
    OpenApiCustomizer publicRoutesOnly() {
        return openApi -> {
            if (openApi.getPaths() != null) {
                openApi.getPaths().keySet().removeIf(path -> path.startsWith("/admin/"));
            }
        };
    }

    /**
     * The credentials a client may send (Swagger UI's Authorize button offers both): an API key in
     * {@code X-API-Key}, or the same key as a bearer token. Under {@code BANKCORE_AUTH=none} they are
     * accepted and ignored.
     */
    @Bean
    OpenApiCustomizer securitySchemes() {
        return openApi -> {
            if (openApi.getComponents() == null) {
                openApi.setComponents(new Components());
            }
            openApi.getComponents()
                    .addSecuritySchemes(
                            API_KEY,
                            new SecurityScheme()
                                    .type(SecurityScheme.Type.APIKEY)
                                    .in(SecurityScheme.In.HEADER)
                                    .name("X-API-Key")
                                    .description("An API key (bk_live_...), created by POST /admin/api-keys."))
                    .addSecuritySchemes(
                            BEARER,
                            new SecurityScheme()
                                    .type(SecurityScheme.Type.HTTP)
                                    .scheme("bearer")
                                    .description(
                                            "The same API key as a bearer token: Authorization: Bearer bk_live_..."));
            openApi.setSecurity(
                    List.of(new SecurityRequirement().addList(API_KEY), new SecurityRequirement().addList(BEARER)));
        };
    }

    private static final String API_KEY = "apiKey";
    private static final String BEARER = "bearer";

    @Bean
    GroupedOpenApi publicApi(OpenApiCustomizer securitySchemes) {
        return GroupedOpenApi.builder()
                .group("public")
                .pathsToMatch("/**")
                .pathsToExclude("/admin/**")
                .addOpenApiCustomizer(securitySchemes)
                .build();
    }

    @Bean
    GroupedOpenApi adminApi(OpenApiCustomizer securitySchemes) {
        return GroupedOpenApi.builder()
                .group("admin")
                .pathsToMatch("/admin/**")
                .addOpenApiCustomizer(securitySchemes)
                .build();
    }
}
