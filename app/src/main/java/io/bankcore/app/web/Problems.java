package io.bankcore.app.web;

import io.bankcore.app.web.ApiProblem.FieldError;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/** Builds RFC 9457 problem bodies: {@code type, title, status, detail, code, retryable}. */
public final class Problems {

    private Problems() {}

    static Map<String, Object> body(ProblemCode code, String detail, String instance, List<FieldError> errors) {
        return body(code, detail, instance, errors, Map.of());
    }

    static Map<String, Object> body(
            ProblemCode code, String detail, String instance, List<FieldError> errors, Map<String, Object> extensions) {
        return body(code, code.status(), detail, instance, errors, extensions);
    }

    private static Map<String, Object> body(
            ProblemCode code,
            HttpStatusCode status,
            String detail,
            String instance,
            List<FieldError> errors,
            Map<String, Object> extensions) {
        var body = new LinkedHashMap<String, Object>();
        body.put("type", code.type());
        body.put("title", code.title());
        body.put("status", status.value());
        body.put("detail", detail);
        body.put("code", code.name());
        body.put("retryable", code.retryable());
        if (instance != null) {
            body.put("instance", instance);
        }
        if (!errors.isEmpty()) {
            body.put("errors", errors.stream().map(Problems::fieldError).toList());
        }
        body.putAll(extensions);
        return body;
    }

    /** {@code field} then {@code message}, on every instance ({@code Map.of} iterates in a per-JVM order). */
    private static Map<String, Object> fieldError(FieldError error) {
        var item = new LinkedHashMap<String, Object>();
        item.put("field", error.field());
        item.put("message", error.message());
        return item;
    }

    /**
     * Writes a problem straight to a servlet response, for the filters that answer before Spring MVC
     * (authentication): the same body as every other error.
     */
    public static void write(
            tools.jackson.databind.ObjectMapper json,
            jakarta.servlet.http.HttpServletResponse response,
            ProblemCode code,
            String detail,
            String instance)
            throws java.io.IOException {
        response.setStatus(code.status().value());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.getOutputStream().write(json.writeValueAsBytes(body(code, detail, instance, List.of())));
    }

    static ResponseEntity<Object> response(ProblemCode code, String detail, String instance, List<FieldError> errors) {
        return response(code, detail, instance, errors, Map.of());
    }

    static ResponseEntity<Object> response(
            ProblemCode code, String detail, String instance, List<FieldError> errors, Map<String, Object> extensions) {
        return response(code, code.status(), detail, instance, errors, extensions);
    }

    /**
     * A problem whose status is not its code's own: a refused atomic batch answers with the status its
     * first refused transfer would get alone.
     */
    static ResponseEntity<Object> response(
            ProblemCode code,
            HttpStatusCode status,
            String detail,
            String instance,
            List<FieldError> errors,
            Map<String, Object> extensions) {
        // A preset content type is written as is, whatever the client's Accept header asked for:
        // an error must never turn into a 406 or a 500 for want of a matching representation.
        return ResponseEntity.status(status)
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(body(code, status, detail, instance, errors, extensions));
    }
}
