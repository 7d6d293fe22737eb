package io.bankcore.app.web;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The servlet container's error page, for failures that happen outside a controller: always a JSON
 * problem, whatever the client accepts. Asked for directly, {@code /error} is simply not a route.
 */
@RestController
// The container's error page, not a route of the API: kept out of the OpenAPI documents.
@io.swagger.v3.oas.annotations.Hidden
class JsonErrorController implements ErrorController {

    private static final Logger log = LoggerFactory.getLogger(JsonErrorController.class);

    @RequestMapping("/error")
    ResponseEntity<Object> error(HttpServletRequest request) {
        Object statusAttribute = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        int status = statusAttribute instanceof Integer s ? s : 404;
        Object failure = request.getAttribute(RequestDispatcher.ERROR_EXCEPTION);
        Object uri = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
        String path = uri == null ? request.getRequestURI() : uri.toString();
        if (failure instanceof Throwable t && RestErrorHandler.noConnection(t)) {
            // Outside a controller (a credential check in a filter): nothing was done, as in a controller.
            log.warn("{}: no database connection in time: {}", path, t.toString());
            var response = Problems.response(
                    ProblemCode.OVERLOADED,
                    "The service is overloaded; nothing was done. Retry after a second.",
                    path,
                    List.of());
            return ResponseEntity.status(ProblemCode.OVERLOADED.status())
                    .header(HttpHeaders.RETRY_AFTER, AdmissionFilter.RETRY_AFTER_SECONDS)
                    .contentType(response.getHeaders().getContentType())
                    .body(response.getBody());
        }
        if (status >= 500 && failure instanceof Throwable t) {
            log.error("unhandled failure on {}", path, t);
        }
        var code = RestErrorHandler.forStatus(status);
        var response = Problems.response(code, code.title(), path, List.of());
        return ResponseEntity.status(status)
                .contentType(response.getHeaders().getContentType())
                .body(response.getBody());
    }
}
