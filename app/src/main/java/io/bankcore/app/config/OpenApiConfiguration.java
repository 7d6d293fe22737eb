package io.bankcore.app.config;

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

    @Bean
    GroupedOpenApi publicApi() {
        return GroupedOpenApi.builder()
                .group("public")
                .pathsToMatch("/**")
                .pathsToExclude("/admin/**")
                .build();
    }

    @Bean
    GroupedOpenApi adminApi() {
        return GroupedOpenApi.builder().group("admin").pathsToMatch("/admin/**").build();
    }
}
